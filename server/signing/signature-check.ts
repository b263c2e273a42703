// Checking one ECDSA P-256 signature against trusted keys and their validity windows: shared by DSSE envelopes
// (signature over the PAE) and detached signatures (SHA256SUMS.sig over the file). Never throws on bad input.
import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";
import { isDerEcdsaSignature, p1363ToDer } from "./ecdsa-der";
import { keyIdOf } from "./key-id";
import { judgeKeyValidity, type KeyValidity, type SignatureFlag, type SigningTimeEvidence } from "./policy";
import type { SigningKeyPurpose, SigningKeyStatus } from "./vocabulary";

const publicKeys = new Map<string, { object: KeyObject; keyId: string }>();

/** Parsing a PEM (and hashing its SPKI for the key id) costs more than a verification: keep both per PEM. */
function parsedPublicKey(pem: string): { object: KeyObject; keyId: string } {
  let key = publicKeys.get(pem);
  if (!key) {
    const object = createPublicKey(pem);
    key = { object, keyId: keyIdOf(object) };
    if (publicKeys.size >= 512) publicKeys.clear();
    publicKeys.set(pem, key);
  }
  return key;
}

export function publicKeyObject(pem: string): KeyObject {
  return parsedPublicKey(pem).object;
}

/** A key a verifier trusts, with what it knows of the key's life (optional: a bare public key always counts). */
export type TrustedKey = {
  publicKeyPem: string;
  /** computed from the public key when omitted */
  keyId?: string;
  purpose?: SigningKeyPurpose;
  status?: SigningKeyStatus;
  activatedAt?: Date | null;
  retiredAt?: Date | null;
  revokedAt?: Date | null;
  revocationReason?: string | null;
};

export const SIGNATURE_STATUSES = [
  "ok",
  "bad_signature",
  "unknown_key",
  "revoked_key",
  "outside_validity",
  "wrong_purpose",
  "not_der",
  "malformed",
] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];

export type SignatureCheck = {
  index: number;
  /** the keyid the envelope names ("" when it names none) */
  keyid: string;
  /** the trusted key the signature was checked against, if any */
  matchedKeyId: string | null;
  status: SignatureStatus;
  ok: boolean;
  flags: SignatureFlag[];
  reason: string;
  /** hex SHA-256 of the DER signature bytes (how the portal's signature records are found) */
  signatureSha256: string | null;
  signedAt: Date | null;
  signedAtSource: SigningTimeEvidence["source"] | null;
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Standard or URL-safe base64 (both allowed by DSSE), strictly; null for anything else. */
export function decodeBase64(text: unknown): Buffer | null {
  if (typeof text !== "string") return null;
  if (BASE64.test(text)) return Buffer.from(text, "base64");
  if (BASE64URL.test(text) && text.length % 4 !== 1) return Buffer.from(text, "base64url");
  return null;
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export type ResolvedKey = TrustedKey & { keyId: string; object: KeyObject };

export function resolveKeys(trustedKeys: readonly TrustedKey[], keyProblems: string[]): ResolvedKey[] {
  const resolved: ResolvedKey[] = [];
  for (const key of trustedKeys) {
    try {
      const { object, keyId } = parsedPublicKey(key.publicKeyPem);
      if (key.keyId && key.keyId !== keyId) {
        keyProblems.push(
          `trusted key ${key.keyId} does not match its public key (which is ${keyId}); ignored`,
        );
        continue;
      }
      resolved.push({ ...key, keyId, object });
    } catch {
      keyProblems.push("a trusted key is not a valid public key; ignored");
    }
  }
  return resolved;
}

export function failed(
  base: Pick<SignatureCheck, "index" | "keyid" | "signatureSha256">,
  status: Exclude<SignatureStatus, "ok">,
  reason: string,
  matchedKeyId: string | null = null,
): SignatureCheck {
  return {
    ...base,
    matchedKeyId,
    status,
    ok: false,
    flags: [],
    reason,
    signedAt: null,
    signedAtSource: null,
  };
}

function verifiesAsP1363(message: Buffer, sig: Buffer, key: KeyObject): boolean {
  if (sig.length !== 64) return false;
  try {
    return verify("sha256", message, key, p1363ToDer(sig));
  } catch {
    return false;
  }
}

export type SignatureContext = {
  purpose?: SigningKeyPurpose;
  /** exact signing times by signatureSha256, from the portal's signature records */
  signingTimes?: ReadonlyMap<string, Date>;
  /** the caller vouches the signature existed at this time (an upper bound on when it was made) */
  observedAt?: Date;
  now: Date;
};

/** Checks signature bytes over `message` against the trusted keys (all of them when `keyid` is ""). */
export function checkSignatureBytes(input: {
  index: number;
  keyid: string;
  sig: Buffer;
  message: Buffer;
  keys: readonly ResolvedKey[];
  context: SignatureContext;
  /** what a bad signature means here, e.g. "the payload, payload type or signature changed" */
  changed?: string;
}): SignatureCheck {
  const { index, keyid, sig, message, keys, context } = input;
  const changed = input.changed ?? "the signed content or the signature changed";
  const base = { index, keyid, signatureSha256: sha256Hex(sig) };
  const candidates = keyid ? keys.filter((key) => key.keyId === keyid) : keys;
  if (candidates.length === 0) {
    return failed(
      base,
      "unknown_key",
      keyid ? `key ${keyid} is not a trusted key` : "no keyid, and no trusted key to try",
    );
  }
  if (!isDerEcdsaSignature(sig)) {
    const p1363 = candidates.find((key) => verifiesAsP1363(message, sig, key.object));
    return failed(
      base,
      "not_der",
      p1363
        ? "signature is IEEE P1363 (r||s), not DER: DSSE verifiers (openssl, sigstore) require DER"
        : "signature is not a DER-encoded ECDSA signature",
      p1363?.keyId ?? (keyid ? keyid : null),
    );
  }
  const key = candidates.find((candidate) => {
    try {
      return verify("sha256", message, candidate.object, sig);
    } catch {
      return false;
    }
  });
  if (!key) {
    return failed(
      base,
      "bad_signature",
      keyid
        ? `signature does not verify with key ${keyid} (${changed}, or another key signed)`
        : `signature verifies with none of the ${candidates.length} trusted keys`,
      keyid || null,
    );
  }
  if (context.purpose && key.purpose && key.purpose !== context.purpose) {
    return failed(
      base,
      "wrong_purpose",
      `key ${key.keyId} is a ${key.purpose} key; a ${context.purpose} key is required`,
      key.keyId,
    );
  }
  const recorded = base.signatureSha256 ? context.signingTimes?.get(base.signatureSha256) : undefined;
  const evidence: SigningTimeEvidence | null = recorded
    ? { at: recorded, source: "record" }
    : context.observedAt
      ? { at: context.observedAt, source: "observed" }
      : null;
  const validity: KeyValidity = {
    status: key.status ?? "active",
    activatedAt: key.activatedAt ?? null,
    retiredAt: key.retiredAt ?? null,
    revokedAt: key.revokedAt ?? null,
    revocationReason: key.revocationReason ?? null,
  };
  const judgement = judgeKeyValidity(validity, evidence, context.now);
  if (!judgement.valid) {
    return {
      ...failed(base, judgement.status, judgement.reason, key.keyId),
      signedAt: evidence?.at ?? null,
      signedAtSource: evidence?.source ?? null,
    };
  }
  return {
    ...base,
    matchedKeyId: key.keyId,
    status: "ok",
    ok: true,
    flags: judgement.flags,
    reason: judgement.note ? `valid: ${judgement.note}` : `valid signature by ${key.keyId}`,
    signedAt: evidence?.at ?? null,
    signedAtSource: evidence?.source ?? null,
  };
}
