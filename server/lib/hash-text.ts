// A 32-byte hash written as text the way the logs we read write it: lowercase or uppercase hex (Rekor's API, the
// portal's own documents) or standard base64 (checkpoints, Sigstore bundles, the transparency-dev vectors). The two
// never collide: 64 hex digits are not valid base64 of 32 bytes, which is 44 characters ending in "=".
import { decodeStrictBase64 } from "./signed-note";

export function decodeHash32(text: unknown): Buffer | null {
  if (typeof text !== "string") return null;
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, "hex");
  const bytes = text.length === 44 ? decodeStrictBase64(text) : null;
  return bytes && bytes.length === 32 ? bytes : null;
}
