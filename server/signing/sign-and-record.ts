// The one place that signs with registered keys: opens each key's signer through its backend, makes the DSSE
// envelope, and for every signature appends the `signing.signed` audit event and the signature record (the
// trusted signing time) in the caller's transaction.
//
// Sign before the caller appends its own audit events when it can: appendAudit holds the audit chain's lock until
// the transaction ends, and a KMS or HSM round trip should not happen while other writers wait for it.
import { createHash } from "node:crypto";
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalTx } from "../db/connection";
import type { Prisma } from "../db/generated/client";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import { logger } from "../lib/logger";
import { backendFor } from "./backends";
import { type DsseEnvelope, signEnvelope } from "./dsse";
import type { SigningKeyWithRef } from "./keys/registry";
import type { BackendKind, Signer } from "./signer";
import { SigningFailure } from "./signing-failure";
import type { SigningKeyPurpose } from "./vocabulary";

/** Signing requests are for statements and manifests, not blobs: sign a digest of anything large. */
export const MAX_SIGNED_PAYLOAD_BYTES = 1024 * 1024;

export type SignAndRecordInput = {
  keys: readonly SigningKeyWithRef[];
  payloadType: string;
  payload: Uint8Array;
  subjectDigest?: string | null;
  requester: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
};

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function openSigner(key: SigningKeyWithRef): Promise<Signer> {
  const signer = await backendFor(key.backend).openSigner(key.backendRef);
  if (signer.keyId !== key.keyId) {
    throw new Error(`the ${key.backend} backend opened ${signer.keyId} for registry key ${key.keyId}`);
  }
  return signer;
}

type SigningRequest = SignAndRecordInput;

function failureOf(input: SigningRequest, message: string, key: SigningKeyWithRef | null): SigningFailure {
  const first = input.keys[0];
  return new SigningFailure("PRECONDITION_FAILED", message, {
    payload: {
      type: "signing.failed",
      outcome: "backend_error",
      keyId: key?.keyId ?? null,
      backend: (key?.backend as BackendKind | undefined) ?? null,
      purpose: first?.purpose as SigningKeyPurpose,
      payloadType: input.payloadType,
      subjectDigest: input.subjectDigest ?? null,
      message,
    },
    requester: input.requester,
    request: input.request,
    clock: input.clock,
  });
}

/** Opens the signer of every key; a key its backend cannot open is a SigningFailure (audited by the caller). */
export async function openSigners(input: SigningRequest): Promise<Signer[]> {
  const signers: Signer[] = [];
  for (const key of input.keys) {
    try {
      signers.push(await openSigner(key));
    } catch (error) {
      // configuration problems (no KEK, wrong KEK) are phrased for people already; anything else is logged
      if (!(error instanceof DomainError)) {
        logger.error("signing backend failed to open a key", { keyId: key.keyId, error });
      }
      const detail = error instanceof DomainError ? error.message : "the backend failed; see the server log";
      throw failureOf(input, `key ${key.keyId} (${key.backend}) cannot sign: ${detail}`, key);
    }
  }
  return signers;
}

/** A backend fault while signing, as the SigningFailure the caller's transaction audits. */
export function signingFailed(input: SigningRequest, error: unknown): SigningFailure {
  logger.error("signing failed", { keyIds: input.keys.map((key) => key.keyId), error });
  const [first] = input.keys;
  return failureOf(
    input,
    "the signing backend failed to sign; see the server log",
    input.keys.length === 1 && first ? first : null,
  );
}

/** Signs with every key (one DSSE envelope, one signature per key); throws a SigningFailure if a backend fails. */
export async function signWithKeys(input: SigningRequest): Promise<DsseEnvelope> {
  if (input.keys.length === 0) throw new Error("signing needs at least one key");
  const signers = await openSigners(input);
  try {
    return await signEnvelope(input.payloadType, input.payload, signers);
  } catch (error) {
    throw signingFailed(input, error);
  }
}

/**
 * Appends the `signing.signed` audit event and the signature record (the trusted signing time) of one signature.
 * `recorded` is what the record keeps to verify the signature again later: a DSSE envelope, or a signed note.
 */
export async function recordSignature(
  tx: PortalTx,
  input: Omit<SigningRequest, "keys"> & {
    key: SigningKeyWithRef;
    signature: Uint8Array;
    recorded: Prisma.InputJsonValue;
    signedAt: Date;
  },
): Promise<{ auditSeq: number; signatureSha256: string }> {
  const { key } = input;
  const payloadSha256 = sha256Hex(input.payload);
  const signatureSha256 = sha256Hex(input.signature);
  const audited = await appendAudit(tx, {
    payload: {
      type: "signing.signed",
      outcome: "signed",
      keyId: key.keyId,
      backend: key.backend as BackendKind,
      purpose: key.purpose as SigningKeyPurpose,
      payloadType: input.payloadType,
      subjectDigest: input.subjectDigest ?? null,
      payloadSha256,
      signatureSha256,
    },
    actor: input.requester,
    subject: { type: "signing-key", id: key.keyId },
    request: input.request,
    clock: input.clock,
  });
  await tx.signatureRecord.create({
    data: {
      signingKeyId: key.id,
      keyId: key.keyId,
      purpose: key.purpose,
      payloadType: input.payloadType,
      payloadSha256,
      signatureSha256,
      subjectDigest: input.subjectDigest ?? null,
      envelope: input.recorded,
      signedAt: input.signedAt,
      requesterId: input.requester.id,
      requesterName: input.requester.name,
      auditSeq: BigInt(audited.seq),
    },
    select: { id: true },
  });
  return { auditSeq: audited.seq, signatureSha256 };
}

/** Appends, per signature, the `signing.signed` audit event and the signature record with its signing time. */
export async function recordSignatures(
  tx: PortalTx,
  input: SigningRequest & { envelope: DsseEnvelope; signedAt: Date },
): Promise<void> {
  for (const [index, key] of input.keys.entries()) {
    const signature = input.envelope.signatures[index];
    if (!signature || signature.keyid !== key.keyId)
      throw new Error("envelope signatures do not match the keys");
    await recordSignature(tx, {
      ...input,
      key,
      signature: Buffer.from(signature.sig, "base64"),
      recorded: input.envelope,
    });
  }
}

export async function signAndRecord(
  tx: PortalTx,
  input: SignAndRecordInput,
): Promise<{ envelope: DsseEnvelope; signedAt: Date }> {
  const envelope = await signWithKeys(input);
  const signedAt = input.clock.now();
  await recordSignatures(tx, { ...input, envelope, signedAt });
  return { envelope, signedAt };
}
