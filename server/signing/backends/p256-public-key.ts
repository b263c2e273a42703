// Public keys arrive from tokens and providers as EC points, DER SPKI or PEM; whatever the form, the portal only
// accepts a P-256 key and hands on SPKI PEM (what the key registry stores and key ids are computed from).
import { createPublicKey, type KeyObject } from "node:crypto";
import type { BackendKind } from "../signer";
import { SigningBackendError } from "./backend-error";

export function requireP256(backend: BackendKind, key: KeyObject | string | Buffer, what: string): KeyObject {
  let object: KeyObject;
  try {
    object =
      typeof key === "string"
        ? createPublicKey(key)
        : Buffer.isBuffer(key)
          ? createPublicKey({ key, format: "der", type: "spki" })
          : key;
  } catch (error) {
    throw new SigningBackendError(backend, "integrity", `${what} is not a readable public key`, {
      cause: error,
    });
  }
  if (object.asymmetricKeyType !== "ec" || object.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    const details = object.asymmetricKeyDetails?.namedCurve ?? object.asymmetricKeyType ?? "unknown";
    throw new SigningBackendError(backend, "integrity", `${what} is not an EC P-256 key (${details})`);
  }
  return object;
}

/** An uncompressed P-256 point (0x04 || X || Y), as a validated public key. */
export function p256FromPoint(backend: BackendKind, point: Uint8Array, what: string): KeyObject {
  if (point.length !== 65 || point[0] !== 0x04) {
    throw new SigningBackendError(backend, "integrity", `${what} is not an uncompressed P-256 point`);
  }
  const coordinate = (from: number) => Buffer.from(point.subarray(from, from + 32)).toString("base64url");
  try {
    return createPublicKey({
      key: { kty: "EC", crv: "P-256", x: coordinate(1), y: coordinate(33) },
      format: "jwk",
    });
  } catch (error) {
    throw new SigningBackendError(backend, "integrity", `${what} is not a point on P-256`, { cause: error });
  }
}
