// How domain code signs: "sign this as a <purpose> signature". The purpose's active key is used, whatever backend
// holds it; the request is audited (requester, key, backend, payload type, subject digest, outcome) in the caller's
// transaction together with the signature record. No route exposes this to browsers: only server-side domain
// services call it, for content they built themselves.
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import type { DsseEnvelope } from "./dsse";
import { type SigningKeyWithRef, signingKeySelect } from "./keys/registry";
import { MAX_SIGNED_PAYLOAD_BYTES, signAndRecord } from "./sign-and-record";
import { type SigningFailedPayload, SigningFailure } from "./signing-failure";
import { isSigningKeyPurpose, type SigningKeyPurpose } from "./vocabulary";

export type SignWithPurposeInput = {
  purpose: SigningKeyPurpose;
  payloadType: string;
  payload: Uint8Array;
  /** what the signature is about, e.g. "sha256:<hex>" of the artifact or statement subject; audited */
  subjectDigest?: string;
  requester: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
};

export type SignWithPurposeResult = { envelope: DsseEnvelope; keyId: string; signedAt: Date };

const PAYLOAD_TYPE = /^[\x21-\x7e]{1,200}$/;

export async function signWithPurpose(
  tx: PortalTx,
  input: SignWithPurposeInput,
): Promise<SignWithPurposeResult> {
  const key = await activePurposeKey(tx, { ...input, payloadBytes: input.payload.length });
  const { envelope, signedAt } = await signAndRecord(tx, {
    keys: [key],
    payloadType: input.payloadType,
    payload: input.payload,
    subjectDigest: input.subjectDigest ?? null,
    requester: input.requester,
    request: input.request,
    clock: input.clock,
  });
  return { envelope, keyId: key.keyId, signedAt };
}

/**
 * The checks every purpose-signing request passes (payload type, subject digest, size), then the purpose's active
 * key, locked FOR SHARE: a rotation or revocation of this key waits until the signature is recorded, and vice
 * versa. Refusals are SigningFailures, audited by `transactionWithSigningAudit`.
 */
export async function activePurposeKey(
  tx: PortalTx,
  input: Omit<SignWithPurposeInput, "payload"> & { payloadBytes: number },
): Promise<SigningKeyWithRef> {
  const refuse = (
    outcome: SigningFailedPayload["outcome"],
    code: "BAD_REQUEST" | "PRECONDITION_FAILED",
    message: string,
  ) =>
    new SigningFailure(code, message, {
      payload: {
        type: "signing.failed",
        outcome,
        keyId: null,
        backend: null,
        purpose: input.purpose,
        payloadType: String(input.payloadType).slice(0, 200),
        subjectDigest: input.subjectDigest?.slice(0, 200) ?? null,
        message,
      },
      requester: input.requester,
      request: input.request,
      clock: input.clock,
    });
  if (!isSigningKeyPurpose(input.purpose)) {
    // callers pass a typed purpose; this is a programming error, not a signing request
    throw new DomainError("BAD_REQUEST", `unknown signing purpose "${String(input.purpose).slice(0, 50)}"`);
  }
  if (!PAYLOAD_TYPE.test(input.payloadType)) {
    throw refuse("refused", "BAD_REQUEST", "the payload type must be 1-200 printable ASCII characters");
  }
  if (input.subjectDigest !== undefined && !/^[\x21-\x7e]{1,200}$/.test(input.subjectDigest)) {
    throw refuse("refused", "BAD_REQUEST", "the subject digest must be 1-200 printable ASCII characters");
  }
  if (input.payloadBytes > MAX_SIGNED_PAYLOAD_BYTES) {
    throw refuse(
      "refused",
      "BAD_REQUEST",
      `the payload is ${input.payloadBytes} bytes; at most ${MAX_SIGNED_PAYLOAD_BYTES} are signed (sign a digest of larger content)`,
    );
  }

  await tx.$queryRaw`SELECT 1 FROM "signing_keys" WHERE "purpose" = ${input.purpose} AND "status" = 'active' FOR SHARE`;
  const key: SigningKeyWithRef | null = await tx.signingKey.findFirst({
    where: { purpose: input.purpose, status: "active" },
    select: { ...signingKeySelect, backendRef: true },
  });
  if (!key) {
    throw refuse(
      "no_active_key",
      "PRECONDITION_FAILED",
      `no active ${input.purpose} signing key: a security officer must create one on /keys`,
    );
  }
  return key;
}
