// A streaming reader for multipart/form-data (RFC 7578) request bodies. `Request.formData()` holds every file in
// memory; release artifacts can be gigabytes, so parts are handed over one at a time with their bytes as a stream,
// and the caller pipes them wherever they go (the blob store's staging area) in constant memory. Limits are
// checked while reading: a body over its size is refused as soon as it passes it, not after it has been stored.
import { DomainError } from "../lib/domain-error";

export type MultipartPart = {
  /** the form field name */
  name: string;
  /** the file name the client gave, for file parts; null for plain fields */
  filename: string | null;
  contentType: string | null;
  /** the part's bytes; read it to the end (or not: the reader skips what is left before the next part) */
  body: AsyncIterable<Buffer>;
};

export type MultipartLimits = {
  /** every byte of the body together */
  maxBytes: number;
  maxParts: number;
  /** one part's header block */
  maxHeaderBytes?: number;
};

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");
const PREAMBLE_LIMIT = 64 * 1024;

const malformed = (why: string) => new DomainError("BAD_REQUEST", `The multipart body is malformed: ${why}`);

/** The boundary of a multipart/form-data content type, or null when the type is something else. */
export function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2] ?? null;
}

async function* chunksOf(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>) {
  if (!("getReader" in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    // stopped early (a refusal): tell the client side we will not read the rest
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** A pull buffer over the body's chunks that counts every byte against the limit. */
class Input {
  buffer: Buffer = Buffer.alloc(0);
  private total = 0;
  private ended = false;
  private readonly iterator: AsyncIterator<Uint8Array>;

  constructor(
    source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
    private readonly maxBytes: number,
  ) {
    this.iterator = chunksOf(source)[Symbol.asyncIterator]();
  }

  /** Appends the next chunk; false at the end of the body. */
  async more(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    this.total += chunk.length;
    if (this.total > this.maxBytes) {
      throw new DomainError(
        "PAYLOAD_TOO_LARGE",
        `The request body is larger than ${formatBytes(this.maxBytes)}, the most this portal accepts`,
        { maxBytes: this.maxBytes },
      );
    }
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    return true;
  }

  /** Reads until `needle` is in the buffer (at most `limit` bytes before it); its index, or -1 at the end. */
  async find(needle: Buffer, limit: number, what: string): Promise<number> {
    for (;;) {
      const index = this.buffer.indexOf(needle);
      if (index !== -1) return index;
      if (this.buffer.length > limit + needle.length)
        throw malformed(`${what} is longer than ${limit} bytes`);
      if (!(await this.more())) return -1;
    }
  }

  async ensure(length: number): Promise<boolean> {
    while (this.buffer.length < length) if (!(await this.more())) return false;
    return true;
  }

  consume(length: number): void {
    this.buffer = this.buffer.subarray(length);
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/** `form-data; name="a"; filename="b"` -> parameters (quoted strings unescaped). */
function dispositionParameters(value: string): Map<string, string> {
  const parameters = new Map<string, string>();
  const pattern = /;\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (const match of value.matchAll(pattern)) {
    const key = (match[1] ?? "").toLowerCase();
    const raw = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : (match[3] ?? "");
    if (!parameters.has(key)) parameters.set(key, raw);
  }
  return parameters;
}

function parseHeaders(block: Buffer): { name: string; filename: string | null; contentType: string | null } {
  const headers = new Map<string, string>();
  for (const line of block.toString("utf8").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0)
      throw malformed(`a part header is not "Name: value": ${JSON.stringify(line.slice(0, 60))}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get("content-disposition");
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw malformed("a part has no Content-Disposition: form-data header");
  }
  const parameters = dispositionParameters(disposition);
  const name = parameters.get("name");
  if (name === undefined || name === "") throw malformed("a part has no field name");
  return {
    name,
    filename: parameters.get("filename") ?? null,
    contentType: headers.get("content-type") ?? null,
  };
}

/**
 * The parts of a multipart/form-data body, in order. Each part's body must be consumed (or abandoned) before the
 * next part is read; the generator skips whatever the caller left. Stopping early cancels the request body.
 */
export async function* readMultipart(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  boundary: string,
  limits: MultipartLimits,
): AsyncGenerator<MultipartPart> {
  const input = new Input(source, limits.maxBytes);
  const dashBoundary = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const maxHeaderBytes = limits.maxHeaderBytes ?? 16 * 1024;
  try {
    // the preamble (usually empty) ends at the first boundary, which has no CRLF before it when it starts the body
    const first = await input.find(dashBoundary, PREAMBLE_LIMIT, "the preamble");
    if (first === -1) throw malformed("it does not contain its boundary");
    input.consume(first + dashBoundary.length);
    let parts = 0;
    for (;;) {
      if (!(await input.ensure(2))) throw malformed("it ends right after a boundary");
      if (input.buffer[0] === 0x2d && input.buffer[1] === 0x2d) return; // "--": the closing delimiter
      // transport padding after a boundary is allowed, then the line ends
      const lineEnd = await input.find(CRLF, 256, "a boundary line");
      if (lineEnd === -1 || input.buffer.subarray(0, lineEnd).toString("latin1").trim() !== "") {
        throw malformed("a boundary is not followed by a line break");
      }
      input.consume(lineEnd + CRLF.length);

      parts += 1;
      if (parts > limits.maxParts) {
        throw new DomainError("PAYLOAD_TOO_LARGE", `The request has more than ${limits.maxParts} parts`, {
          maxParts: limits.maxParts,
        });
      }
      const headerEnd = await input.find(HEADER_END, maxHeaderBytes, "a part's header block");
      if (headerEnd === -1) throw malformed("it ends inside a part's headers");
      const headers = parseHeaders(input.buffer.subarray(0, headerEnd));
      input.consume(headerEnd + HEADER_END.length);

      let finished = false;
      async function* body(): AsyncGenerator<Buffer> {
        while (!finished) {
          const index = input.buffer.indexOf(delimiter);
          if (index !== -1) {
            const last = input.buffer.subarray(0, index);
            input.consume(index + delimiter.length);
            finished = true;
            if (last.length > 0) yield last;
            return;
          }
          // keep a tail that could be the start of the delimiter split across chunks
          const safe = input.buffer.length - (delimiter.length - 1);
          if (safe > 0) {
            const chunk = input.buffer.subarray(0, safe);
            input.consume(safe);
            yield chunk;
          }
          if (!(await input.more())) throw malformed(`it ends inside the part "${headers.name}"`);
        }
      }
      yield { ...headers, body: body() };
      // whatever the caller did not read is skipped (a fresh generator continues where the caller stopped)
      if (!finished) {
        for await (const _ of body()) {
          // discard
        }
      }
    }
  } finally {
    await input.close();
  }
}

/** A small text part (a form field, SHA256SUMS) read whole, refused past `maxBytes`. */
export async function readPartText(part: MultipartPart, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.body) {
    size += chunk.length;
    if (size > maxBytes) {
      throw new DomainError(
        "PAYLOAD_TOO_LARGE",
        `The part "${part.name}" is larger than ${formatBytes(maxBytes)}`,
        {
          part: part.name,
          maxBytes,
        },
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
