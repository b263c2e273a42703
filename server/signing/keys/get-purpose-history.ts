// The life of one purpose's keys, oldest first, with a live check of attestation continuity: the latest
// signatures each key made are verified again now, against the registry as it is now, so a retired key is seen
// still verifying what it signed while active and a revoked key's earlier signatures are seen flagged.
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { parseStatement } from "../in-toto";
import { isRecordedSignedNote } from "../sign-note-with-purpose";
import type { SignatureStatus } from "../signature-check";
import { decodeBase64 } from "../signature-check";
import { verifyNoteWithRegistry } from "../verify-note-with-registry";
import { verifyEnvelopeWithRegistry } from "../verify-with-registry";
import {
  SIGNING_KEY_PURPOSES,
  type SigningKeyPurpose,
  signingKeyPurposeLabels,
  signingKeyPurposeUses,
} from "../vocabulary";
import { signatureStats } from "./find-signing-keys";
import { type SigningKeyDto, signingKeySelect, toSigningKeyDto } from "./registry";
import { ZPurpose } from "./schemas";

/** how many of each key's latest signatures are verified again for the history */
export const CONTINUITY_SAMPLE = 5;

export type SignatureSample = {
  signedAt: Date;
  payloadType: string;
  predicateType: string | null;
  subjectDigest: string | null;
  requesterName: string;
  ok: boolean;
  flagged: boolean;
  status: SignatureStatus;
  reason: string;
};

export type KeyContinuity = {
  checked: number;
  verified: number;
  flagged: number;
  failed: number;
  samples: SignatureSample[];
};

export type PurposeHistoryEntry = SigningKeyDto & {
  signatureCount: number;
  lastSignedAt: Date | null;
  continuity: KeyContinuity;
};

export type PurposeHistory = { purpose: SigningKeyPurpose; keys: PurposeHistoryEntry[] };

function predicateTypeOf(envelope: unknown): string | null {
  const payload = decodeBase64((envelope as { payload?: unknown } | null)?.payload);
  return payload ? (parseStatement(payload)?.predicateType ?? null) : null;
}

async function continuityOf(db: PortalTx, key: SigningKeyDto, clock: Clock): Promise<KeyContinuity> {
  const records = await db.signatureRecord.findMany({
    where: { keyId: key.keyId },
    orderBy: { signedAt: "desc" },
    take: CONTINUITY_SAMPLE,
    select: {
      envelope: true,
      signedAt: true,
      payloadType: true,
      subjectDigest: true,
      requesterName: true,
      signatureSha256: true,
    },
  });
  const samples: SignatureSample[] = [];
  for (const record of records) {
    // checkpoints are signed notes, everything else DSSE envelopes: each is verified in its own format
    const report = isRecordedSignedNote(record.envelope)
      ? await verifyNoteWithRegistry(db, record.envelope.note, { purpose: key.purpose, clock })
      : await verifyEnvelopeWithRegistry(db, record.envelope, { purpose: key.purpose, clock });
    const check = report.signatures.find((signature) => signature.signatureSha256 === record.signatureSha256);
    samples.push({
      signedAt: record.signedAt,
      payloadType: record.payloadType,
      predicateType: predicateTypeOf(record.envelope),
      subjectDigest: record.subjectDigest,
      requesterName: record.requesterName,
      ok: check?.ok ?? false,
      flagged: (check?.flags.length ?? 0) > 0,
      status: check?.status ?? "malformed",
      reason: check?.reason ?? "the recorded envelope no longer holds this signature",
    });
  }
  return {
    checked: samples.length,
    verified: samples.filter((sample) => sample.ok).length,
    flagged: samples.filter((sample) => sample.ok && sample.flagged).length,
    failed: samples.filter((sample) => !sample.ok).length,
    samples,
  };
}

export async function getPurposeHistory(
  db: PortalTx,
  input: { purpose: SigningKeyPurpose },
  clock: Clock,
): Promise<PurposeHistory> {
  const purpose = ZPurpose.parse(input.purpose);
  const rows = await db.signingKey.findMany({
    where: { purpose },
    select: signingKeySelect,
    orderBy: [{ activatedAt: "asc" }, { createdAt: "asc" }],
  });
  const stats = await signatureStats(
    db,
    rows.map((row) => row.id),
  );
  const keys: PurposeHistoryEntry[] = [];
  for (const row of rows) {
    const key = toSigningKeyDto(row);
    keys.push({
      ...key,
      signatureCount: stats.get(row.id)?.count ?? 0,
      lastSignedAt: stats.get(row.id)?.last ?? null,
      continuity: await continuityOf(db, key, clock),
    });
  }
  return { purpose, keys };
}

export type PurposeSummary = {
  purpose: SigningKeyPurpose;
  label: string;
  uses: string;
  active: SigningKeyDto | null;
  retired: number;
  revoked: number;
};

/** One line per purpose: its active key (or none) and how many keys it has retired and revoked. */
export async function getPurposeOverview(db: PortalTx): Promise<PurposeSummary[]> {
  const active = await db.signingKey.findMany({ where: { status: "active" }, select: signingKeySelect });
  const counts = await db.signingKey.groupBy({ by: ["purpose", "status"], _count: { _all: true } });
  const countOf = (purpose: string, status: string) =>
    counts.find((group) => group.purpose === purpose && group.status === status)?._count._all ?? 0;
  return SIGNING_KEY_PURPOSES.map((purpose) => {
    const row = active.find((key) => key.purpose === purpose);
    return {
      purpose,
      label: signingKeyPurposeLabels[purpose],
      uses: signingKeyPurposeUses[purpose],
      active: row ? toSigningKeyDto(row) : null,
      retired: countOf(purpose, "retired"),
      revoked: countOf(purpose, "revoked"),
    };
  });
}
