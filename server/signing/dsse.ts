// DSSE (Dead Simple Signing Envelope, https://github.com/secure-systems-lab/dsse/blob/master/protocol.md):
// signatures are over PAE(payloadType, payload), never over the payload alone, so a signature cannot be replayed
// under another type. Signatures are DER ECDSA P-256/SHA-256; keyid is `sha256:` + hex SHA-256 of the SPKI DER.
//
// `verifyEnvelope` never throws on bad input: it reports per signature why it does or does not count, and the
// envelope is `ok` when at least `threshold` distinct trusted keys verify and no signature from a trusted key fails
// (an unknown key's signature is reported and otherwise ignored, as DSSE says).
import { verify } from "node:crypto";
import { type Clock, systemClock } from "../lib/clock";
import { isDerEcdsaSignature } from "./ecdsa-der";
import {
  checkSignatureBytes,
  decodeBase64,
  failed,
  publicKeyObject,
  type ResolvedKey,
  resolveKeys,
  type SignatureCheck,
  sha256Hex,
  type TrustedKey,
} from "./signature-check";
import type { Signer } from "./signer";
import type { SigningKeyPurpose } from "./vocabulary";

export {
  decodeBase64,
  SIGNATURE_STATUSES,
  type SignatureCheck,
  type SignatureStatus,
  type TrustedKey,
} from "./signature-check";

export type DsseSignature = { keyid: string; sig: string };

export type DsseEnvelope = {
  payloadType: string;
  /** base64 of the payload bytes */
  payload: string;
  signatures: DsseSignature[];
};

/** Pre-Authentication Encoding: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in bytes as ASCII. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, "ascii"),
    type,
    Buffer.from(` ${payload.length} `, "ascii"),
    Buffer.from(payload),
  ]);
}

/**
 * Signs PAE(payloadType, payload) with every signer (one signature each, in order). Each signature is checked
 * against the signer's public key before it is returned: a backend fault must not produce an envelope that
 * fails later, at an auditor's desk.
 */
export async function signEnvelope(
  payloadType: string,
  payload: Uint8Array,
  signers: readonly Signer[],
): Promise<DsseEnvelope> {
  if (signers.length === 0) throw new Error("signEnvelope needs at least one signer");
  const keyIds = new Set(signers.map((signer) => signer.keyId));
  if (keyIds.size !== signers.length) throw new Error("signEnvelope: the same key was given twice");
  const message = pae(payloadType, payload);
  const signatures = await Promise.all(
    signers.map(async (signer) => {
      const sig = await signer.sign(message);
      if (!isDerEcdsaSignature(sig)) {
        throw new Error(
          `the ${signer.backend} backend returned a signature that is not DER (key ${signer.keyId})`,
        );
      }
      if (!verify("sha256", message, publicKeyObject(signer.publicKeyPem), sig)) {
        throw new Error(
          `the ${signer.backend} backend returned a signature that does not verify with key ${signer.keyId}`,
        );
      }
      return { keyid: signer.keyId, sig: Buffer.from(sig).toString("base64") };
    }),
  );
  return { payloadType, payload: Buffer.from(payload).toString("base64"), signatures };
}

export type EnvelopeVerification = {
  ok: boolean;
  /** at least one counted signature carries a flag (e.g. signed before its key was revoked) */
  flagged: boolean;
  reason: string;
  payloadType: string | null;
  payloadSha256: string | null;
  threshold: number;
  validSignatures: number;
  signatures: SignatureCheck[];
  /** problems with the envelope itself (shape, encoding, payload type) or with the trusted keys given */
  problems: string[];
};

export type VerifyEnvelopeOptions = {
  /** distinct trusted keys that must verify (default 1) */
  threshold?: number;
  /** only keys of this purpose count; others report wrong_purpose */
  purpose?: SigningKeyPurpose;
  /** refuse any other payload type */
  payloadType?: string;
  /** exact signing times by signatureSha256, from the portal's signature records */
  signingTimes?: ReadonlyMap<string, Date>;
  /** the caller vouches every signature existed at this time (an upper bound on when it was made) */
  observedAt?: Date;
  clock?: Clock;
};

function checkSignature(
  index: number,
  entry: unknown,
  message: Buffer | null,
  keys: readonly ResolvedKey[],
  options: VerifyEnvelopeOptions,
  now: Date,
): SignatureCheck {
  const record = entry && typeof entry === "object" ? (entry as Record<string, unknown>) : null;
  const keyid = typeof record?.keyid === "string" ? record.keyid : "";
  const sig = decodeBase64(record?.sig);
  const base = { index, keyid, signatureSha256: sig ? sha256Hex(sig) : null };
  if (!record || (record.keyid !== undefined && typeof record.keyid !== "string")) {
    return failed(base, "malformed", "signature entry is not {keyid, sig}");
  }
  if (!sig || sig.length === 0) return failed(base, "malformed", "sig is not base64");
  if (!message) return failed(base, "malformed", "the envelope's payload cannot be decoded");
  return checkSignatureBytes({
    index,
    keyid,
    sig,
    message,
    keys,
    context: { ...options, now },
    changed: "the payload, payload type or signature changed",
  });
}

function summary(valid: number, threshold: number, failures: SignatureCheck[], problems: string[]): string {
  if (problems[0]) return problems[0];
  const failure = failures[0];
  if (failure) return `signature ${failure.index + 1}: ${failure.reason}`;
  if (valid < threshold) {
    return valid === 0
      ? "no signature verifies with a trusted key"
      : `${valid} of the required ${threshold} trusted signatures verify`;
  }
  return `${valid} trusted signature${valid === 1 ? "" : "s"} verif${valid === 1 ? "ies" : "y"}`;
}

export function verifyEnvelope(
  envelope: unknown,
  trustedKeys: readonly TrustedKey[],
  options: VerifyEnvelopeOptions = {},
): EnvelopeVerification {
  const threshold = Math.max(1, Math.floor(options.threshold ?? 1));
  const now = (options.clock ?? systemClock).now();
  const problems: string[] = [];
  const keyProblems: string[] = [];
  const keys = resolveKeys(trustedKeys, keyProblems);
  const object = envelope && typeof envelope === "object" ? (envelope as Record<string, unknown>) : null;
  const payloadType = typeof object?.payloadType === "string" ? object.payloadType : null;
  const payload = decodeBase64(object?.payload);

  if (!object)
    problems.push("not a DSSE envelope (expected an object with payloadType, payload, signatures)");
  else {
    if (payloadType === null) problems.push("payloadType is missing or not a string");
    if (!payload) problems.push("payload is missing or not base64");
    if (!Array.isArray(object.signatures) || object.signatures.length === 0) {
      problems.push("the envelope has no signatures");
    }
  }
  if (payloadType !== null && options.payloadType && payloadType !== options.payloadType) {
    problems.push(`payload type is ${payloadType}; expected ${options.payloadType}`);
  }

  const message = payloadType !== null && payload ? pae(payloadType, payload) : null;
  const entries: unknown[] = Array.isArray(object?.signatures) ? (object.signatures as unknown[]) : [];
  const signatures = entries.map((entry, index) => checkSignature(index, entry, message, keys, options, now));

  // one key counts once, however many times it signed
  const validKeys = new Set(signatures.filter((check) => check.ok).map((check) => check.matchedKeyId));
  const trustedFailures = signatures.filter(
    (check) => !check.ok && check.status !== "unknown_key" && check.status !== "malformed",
  );
  const malformed = signatures.filter((check) => check.status === "malformed");
  const ok =
    problems.length === 0 &&
    malformed.length === 0 &&
    trustedFailures.length === 0 &&
    validKeys.size >= threshold;
  return {
    ok,
    flagged: signatures.some((check) => check.ok && check.flags.length > 0),
    reason: ok
      ? summary(validKeys.size, threshold, [], [])
      : summary(validKeys.size, threshold, [...malformed, ...trustedFailures], problems),
    payloadType,
    payloadSha256: payload ? sha256Hex(payload) : null,
    threshold,
    validSignatures: validKeys.size,
    signatures,
    problems: [...problems, ...keyProblems],
  };
}

/** The payload bytes of an envelope (only meaningful once `verifyEnvelope` said ok). */
export function envelopePayload(envelope: DsseEnvelope): Buffer {
  const bytes = decodeBase64(envelope.payload);
  if (!bytes) throw new Error("payload is not base64");
  return bytes;
}
