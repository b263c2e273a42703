// The key-encryption key (KEK) of the software backend. Its id is derived from the key itself, so a key encrypted
// under one KEK and opened with another fails with "encrypted under kek:1a2b..., configured kek:3c4d..." instead of
// a bare authentication-tag error.
import { createHash } from "node:crypto";

export const KEK_BYTES = 32;

/** 32 bytes from base64 (standard or URL-safe) or hex text; null for anything else. */
export function decodeKek(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    return bytes.length === KEK_BYTES ? bytes : null;
  }
  return null;
}

export type Kek = { id: string; key: Buffer };

export function kekOf(key: Buffer): Kek {
  if (key.length !== KEK_BYTES) throw new Error(`a key-encryption key is ${KEK_BYTES} bytes`);
  const digest = createHash("sha256").update("portal/signing-kek-id/v1\0").update(key).digest("hex");
  return { id: `kek:${digest.slice(0, 16)}`, key: Buffer.from(key) };
}
