// Verifies an envelope against the key registry: the trusted keys are the registry's (with their status and
// validity windows), and the signing time of each signature comes from the portal's own signature records when it
// made the signature. See policy.ts for how the time decides for retired and revoked keys.
import { createHash } from "node:crypto";
import type { PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import { decodeBase64, type EnvelopeVerification, type TrustedKey, verifyEnvelope } from "./dsse";
import { type SigningKeyRow, signingKeySelect, toSigningKeyDto } from "./keys/registry";
import type { SigningKeyPurpose } from "./vocabulary";

export type { EnvelopeVerification };

export type RegistryVerifyOptions = {
  /** only keys of this purpose count */
  purpose?: SigningKeyPurpose;
  clock: Clock;
  /** the caller vouches every signature existed at this time (e.g. when a release was registered) */
  observedAt?: Date;
  threshold?: number;
  payloadType?: string;
};

export function trustedKeyOf(row: SigningKeyRow): TrustedKey {
  const key = toSigningKeyDto(row);
  return {
    keyId: key.keyId,
    publicKeyPem: key.publicKeyPem,
    purpose: key.purpose,
    status: key.status,
    activatedAt: key.activatedAt,
    retiredAt: key.retiredAt,
    revokedAt: key.revokedAt,
    revocationReason: key.revocationReason,
  };
}

/** Registry keys that may have made these signatures: the named ones, or all (of the purpose) when one is unnamed. */
export async function candidateKeys(
  db: PortalTx,
  keyIds: readonly string[],
  purpose: SigningKeyPurpose | undefined,
): Promise<TrustedKey[]> {
  const anyUnnamed = keyIds.some((keyId) => keyId === "");
  const rows = await db.signingKey.findMany({
    where: anyUnnamed ? (purpose ? { purpose } : {}) : { keyId: { in: keyIds.filter(Boolean) } },
    select: signingKeySelect,
  });
  return rows.map(trustedKeyOf);
}

/** Exact signing times of the signatures the portal made itself, by SHA-256 of the signature bytes. */
export async function recordedSigningTimes(
  db: PortalTx,
  signatures: readonly { keyId: string; signatureSha256: string }[],
): Promise<Map<string, Date>> {
  if (signatures.length === 0) return new Map();
  const records = await db.signatureRecord.findMany({
    where: { signatureSha256: { in: signatures.map((signature) => signature.signatureSha256) } },
    select: { signatureSha256: true, keyId: true, signedAt: true },
  });
  const times = new Map<string, Date>();
  for (const record of records) {
    // a record counts for the key that made it, not for a signature that merely has the same bytes elsewhere
    if (
      signatures.some(
        (s) => s.signatureSha256 === record.signatureSha256 && (s.keyId === "" || s.keyId === record.keyId),
      )
    ) {
      times.set(record.signatureSha256, record.signedAt);
    }
  }
  return times;
}

function signaturesOf(envelope: unknown): { keyId: string; signatureSha256: string }[] {
  const list = (envelope as { signatures?: unknown } | null)?.signatures;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const record = entry as { keyid?: unknown; sig?: unknown } | null;
    const sig = decodeBase64(record?.sig);
    if (!sig) return [];
    const keyId = typeof record?.keyid === "string" ? record.keyid : "";
    return [{ keyId, signatureSha256: createHash("sha256").update(sig).digest("hex") }];
  });
}

export async function verifyEnvelopeWithRegistry(
  db: PortalTx,
  envelope: unknown,
  options: RegistryVerifyOptions,
): Promise<EnvelopeVerification> {
  const signatures = signaturesOf(envelope);
  // one after the other: inside an interactive transaction queries share one connection anyway
  const trustedKeys = await candidateKeys(
    db,
    signatures.map((signature) => signature.keyId),
    options.purpose,
  );
  const signingTimes = await recordedSigningTimes(db, signatures);
  return verifyEnvelope(envelope, trustedKeys, {
    purpose: options.purpose,
    signingTimes,
    observedAt: options.observedAt,
    clock: options.clock,
    threshold: options.threshold,
    payloadType: options.payloadType,
  });
}
