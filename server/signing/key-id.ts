// Key ids are content-derived, so anyone holding the public key computes the same id offline:
// `sha256:` + lowercase hex SHA-256 of the SubjectPublicKeyInfo DER (seed 002, DSSE `keyid`).
import { createHash, createPublicKey, type KeyObject } from "node:crypto";

export function spkiDer(publicKey: string | KeyObject): Buffer {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  return key.export({ type: "spki", format: "der" });
}

export function keyIdOf(publicKey: string | KeyObject): string {
  return `sha256:${createHash("sha256").update(spkiDer(publicKey)).digest("hex")}`;
}

/** Normalises any accepted public key form to SPKI PEM (what the registry stores and exports). */
export function toSpkiPem(publicKey: string | KeyObject): string {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  return key.export({ type: "spki", format: "pem" }).toString();
}
