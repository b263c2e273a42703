// The streaming multipart reader against bodies that undici's own FormData encoder writes (what fetch and browsers
// send), cut into chunks at every possible place, and against broken and oversized bodies.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../lib/domain-error";
import { multipartBoundary, readMultipart, readPartText } from "./multipart";

const limits = { maxBytes: 10 * 1024 * 1024, maxParts: 100 };

async function encode(form: FormData): Promise<{ bytes: Buffer; boundary: string }> {
  const request = new Request("http://localhost/upload", { method: "POST", body: form });
  const boundary = multipartBoundary(request.headers.get("content-type"));
  if (!boundary) throw new Error("no boundary");
  return { bytes: Buffer.from(await request.arrayBuffer()), boundary };
}

async function* inChunks(bytes: Buffer, cuts: number[]) {
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

type Read = { name: string; filename: string | null; contentType: string | null; bytes: Buffer };

async function readAll(source: AsyncIterable<Uint8Array>, boundary: string, max = limits): Promise<Read[]> {
  const parts: Read[] = [];
  for await (const part of readMultipart(source, boundary, max)) {
    parts.push({ ...part, bytes: await readPartText(part, Number.MAX_SAFE_INTEGER) });
  }
  return parts;
}

function sampleForm(binary: Buffer): FormData {
  const form = new FormData();
  form.append("product", "portal");
  form.append("version", "1.4.0");
  form.append("SHA256SUMS", new Blob(["abc  portal.tar.gz\n"]), "SHA256SUMS");
  form.append(
    "artifact",
    new Blob([new Uint8Array(binary)], { type: "application/octet-stream" }),
    "images/portal.oci.tar",
  );
  form.append("artifact", new Blob([]), "empty.txt");
  return form;
}

describe("multipartBoundary", () => {
  it("reads quoted and bare boundaries of multipart/form-data only", () => {
    expect(multipartBoundary("multipart/form-data; boundary=abc123")).toBe("abc123");
    expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary="a b:c"')).toBe("a b:c");
    expect(multipartBoundary("application/json")).toBeNull();
    expect(multipartBoundary("multipart/form-data")).toBeNull();
    expect(multipartBoundary(null)).toBeNull();
  });
});

describe("readMultipart", () => {
  it("gives back fields and files exactly as FormData encoded them, wherever the chunks are cut", async () => {
    // a binary file that contains CRLF and dashes, the bytes a naive reader trips over
    const binary = Buffer.concat([randomBytes(3000), Buffer.from("\r\n--\r\n\r\n--"), randomBytes(500)]);
    const { bytes, boundary } = await encode(sampleForm(binary));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        async (cuts) => {
          const parts = await readAll(inChunks(bytes, cuts), boundary);
          expect(parts.map((part) => [part.name, part.filename, part.contentType])).toEqual([
            ["product", null, null],
            ["version", null, null],
            ["SHA256SUMS", "SHA256SUMS", "application/octet-stream"],
            ["artifact", "images/portal.oci.tar", "application/octet-stream"],
            ["artifact", "empty.txt", "application/octet-stream"],
          ]);
          expect(parts[0]?.bytes.toString()).toBe("portal");
          expect(parts[2]?.bytes.toString()).toBe("abc  portal.tar.gz\n");
          expect(parts[3]?.bytes.equals(binary)).toBe(true);
          expect(parts[4]?.bytes.length).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("cuts into single bytes too", async () => {
    const { bytes, boundary } = await encode(sampleForm(Buffer.from("x".repeat(100))));
    const cuts = Array.from({ length: bytes.length }, (_, index) => index);
    const parts = await readAll(inChunks(bytes, cuts), boundary);
    expect(parts.map((part) => part.bytes.length)).toEqual([6, 5, 19, 100, 0]);
  });

  it("skips what a caller leaves unread and carries on with the next part", async () => {
    const { bytes, boundary } = await encode(sampleForm(randomBytes(200_000)));
    const names: string[] = [];
    for await (const part of readMultipart(inChunks(bytes, [100, 5000, 70_000]), boundary, limits)) {
      names.push(part.name);
      for await (const _ of part.body) break;
    }
    expect(names).toEqual(["product", "version", "SHA256SUMS", "artifact", "artifact"]);
  });

  it("reads a web ReadableStream (a request body) as well", async () => {
    const request = new Request("http://localhost/upload", {
      method: "POST",
      body: sampleForm(Buffer.from("b")),
    });
    const boundary = multipartBoundary(request.headers.get("content-type")) as string;
    const parts: string[] = [];
    for await (const part of readMultipart(request.body as ReadableStream<Uint8Array>, boundary, limits)) {
      parts.push(`${part.name}=${(await readPartText(part, 100)).toString()}`);
    }
    expect(parts).toContain("product=portal");
  });

  const refusal = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return { code: (error as DomainError).code, message: (error as DomainError).message };
    }
    throw new Error("accepted");
  };

  it("refuses a body larger than the limit as soon as it passes it", async () => {
    const { bytes, boundary } = await encode(sampleForm(randomBytes(50_000)));
    let served = 0;
    async function* counted() {
      for (let start = 0; start < bytes.length; start += 4096) {
        served += 1;
        yield bytes.subarray(start, start + 4096);
      }
    }
    const refused = await refusal(() => readAll(counted(), boundary, { maxBytes: 10_000, maxParts: 10 }));
    expect(refused).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(/larger than 10000 bytes/),
    });
    expect(served).toBeLessThan(5);
  });

  it("refuses too many parts, and a part over its own limit", async () => {
    const { bytes, boundary } = await encode(sampleForm(Buffer.from("b")));
    expect(
      await refusal(() => readAll(inChunks(bytes, []), boundary, { maxBytes: 1e6, maxParts: 3 })),
    ).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "The request has more than 3 parts",
    });
    const big = await refusal(async () => {
      for await (const part of readMultipart(inChunks(bytes, []), boundary, limits)) {
        if (part.name === "SHA256SUMS") await readPartText(part, 5);
      }
    });
    expect(big).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: 'The part "SHA256SUMS" is larger than 5 bytes',
    });
  });

  it("refuses truncated and malformed bodies with a reason", async () => {
    const { bytes, boundary } = await encode(sampleForm(Buffer.from("artifact bytes")));
    const truncated = await refusal(() =>
      readAll(inChunks(bytes.subarray(0, bytes.length - 60), []), boundary),
    );
    expect(truncated).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/ends inside/) });
    const wrongBoundary = await refusal(() => readAll(inChunks(bytes, []), "not-the-boundary"));
    expect(wrongBoundary.message).toMatch(/does not contain its boundary/);
    const noDisposition = Buffer.from(`--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n`);
    expect((await refusal(() => readAll(inChunks(noDisposition, []), "b"))).message).toMatch(
      /no Content-Disposition/,
    );
    const headerless = Buffer.from(`--b\r\n${"X".repeat(20_000)}`);
    expect((await refusal(() => readAll(inChunks(headerless, []), "b"))).message).toMatch(
      /header block is longer/,
    );
  });
});
