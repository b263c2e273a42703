// Reads a request body up to a limit, refusing a longer one as soon as it is known to be longer (Content-Length, or
// the bytes as they arrive), so an oversized upload is answered 413 without being held in memory whole.
import { DomainError } from "../lib/domain-error";

export async function readLimitedBody(
  request: Request,
  maxBytes: number,
  tooLarge: () => string,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes)
    throw new DomainError("PAYLOAD_TOO_LARGE", tooLarge());
  if (!request.body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new DomainError("PAYLOAD_TOO_LARGE", tooLarge());
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** multipart/form-data from a body read with readLimitedBody; anything else is bad input, never a 500. */
export async function parseMultipart(request: Request, body: Uint8Array<ArrayBuffer>): Promise<FormData> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;.*boundary=/i.test(contentType)) {
    throw new DomainError("BAD_REQUEST", "Send the evidence as multipart/form-data (curl -F file=@…)");
  }
  try {
    return await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new DomainError("BAD_REQUEST", "The multipart body is malformed or incomplete");
  }
}
