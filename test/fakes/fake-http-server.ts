// A tiny HTTP server on 127.0.0.1 (random port) for the provider fakes: it records every request as received
// (method, path, headers, raw body) so tests can assert on what an SDK really sent, and answers through the
// fake's handler.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
};

export type FakeResponse = {
  status: number;
  headers?: Record<string, string>;
  /** serialised as JSON unless it is a Buffer or undefined */
  body?: unknown;
};

export type FakeHttpServer = {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
};

export async function startFakeHttpServer(
  handle: (request: FakeRequest) => FakeResponse | Promise<FakeResponse>,
): Promise<FakeHttpServer> {
  const requests: FakeRequest[] = [];
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const request: FakeRequest = {
        method: incoming.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(request);
      void Promise.resolve()
        .then(() => handle(request))
        .catch((error: unknown): FakeResponse => ({ status: 500, body: { fakeServerError: String(error) } }))
        .then((response) => {
          const isJson = response.body !== undefined && !Buffer.isBuffer(response.body);
          const payload = isJson
            ? Buffer.from(JSON.stringify(response.body))
            : (response.body as Buffer | undefined);
          outgoing.writeHead(response.status, {
            ...(isJson ? { "content-type": "application/json" } : {}),
            ...response.headers,
          });
          outgoing.end(payload);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}
