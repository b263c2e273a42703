// What the registry signs about its own keys. A new key signs its activation statement (proof that the backend
// really holds the private half of the public key just registered); at a rotation the outgoing key and its
// successor both sign the rotation statement, so the chain of keys of a purpose can be followed offline, each link
// endorsed by the key before it. These are also the first signatures of every key, which the rotation history
// re-verifies to show that a retired key still verifies what it signed while it was active.
import type { JsonValue } from "../../lib/canonical-json";
import { type InTotoStatement, type InTotoSubject, inTotoStatement } from "../in-toto";

export const KEY_ACTIVATION_PREDICATE = "urn:portal:signing:key-activation:v1";
export const KEY_ROTATION_PREDICATE = "urn:portal:signing:key-rotation:v1";

/** A key as an in-toto subject: named by its key id, digested as its SPKI DER (whose SHA-256 the id is). */
export function keySubject(keyId: string): InTotoSubject {
  return { name: keyId, digest: { sha256: keyId.replace(/^sha256:/, "") } };
}

type KeyFacts = { keyId: string; purpose: string; backend: string; algorithm: string; publicKeyPem: string };

export function keyActivationStatement(input: {
  key: KeyFacts;
  label: string;
  activatedAt: Date;
  activatedBy: string;
  ceremonyId: string | null;
}): InTotoStatement {
  const predicate: JsonValue = {
    purpose: input.key.purpose,
    backend: input.key.backend,
    algorithm: input.key.algorithm,
    publicKeyPem: input.key.publicKeyPem,
    label: input.label,
    activatedAt: input.activatedAt.toISOString(),
    activatedBy: input.activatedBy,
    ceremonyId: input.ceremonyId,
  };
  return inTotoStatement({
    subject: [keySubject(input.key.keyId)],
    predicateType: KEY_ACTIVATION_PREDICATE,
    predicate,
  });
}

export function keyRotationStatement(input: {
  previous: KeyFacts;
  next: KeyFacts;
  reason: string;
  rotatedAt: Date;
  rotatedBy: string;
  ceremonyId: string | null;
}): InTotoStatement {
  const predicate: JsonValue = {
    purpose: input.next.purpose,
    previousKeyId: input.previous.keyId,
    keyId: input.next.keyId,
    backend: input.next.backend,
    algorithm: input.next.algorithm,
    publicKeyPem: input.next.publicKeyPem,
    reason: input.reason,
    rotatedAt: input.rotatedAt.toISOString(),
    rotatedBy: input.rotatedBy,
    ceremonyId: input.ceremonyId,
  };
  return inTotoStatement({
    subject: [keySubject(input.next.keyId), keySubject(input.previous.keyId)],
    predicateType: KEY_ROTATION_PREDICATE,
    predicate,
  });
}
