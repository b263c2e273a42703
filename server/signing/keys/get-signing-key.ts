// One key with its latest signature records (what it signed, for whom, when).
import type { PortalTx } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { signatureStats } from "./find-signing-keys";
import { type SigningKeyDto, signingKeySelect, toSigningKeyDto } from "./registry";
import { ZKeyIdInput } from "./schemas";

export type SignatureRecordSummary = {
  signedAt: Date;
  payloadType: string;
  subjectDigest: string | null;
  payloadSha256: string;
  signatureSha256: string;
  requesterName: string;
  auditSeq: number;
};

export type SigningKeyDetail = SigningKeyDto & {
  signatureCount: number;
  lastSignedAt: Date | null;
  recentSignatures: SignatureRecordSummary[];
};

export async function getSigningKey(db: PortalTx, input: { keyId: string }): Promise<SigningKeyDetail> {
  const { keyId } = ZKeyIdInput.parse(input);
  const row = await db.signingKey.findUnique({ where: { keyId }, select: signingKeySelect });
  if (!row) throw new DomainError("NOT_FOUND", `no signing key ${keyId} in the registry`);
  const stats = (await signatureStats(db, [row.id])).get(row.id);
  const records = await db.signatureRecord.findMany({
    where: { signingKeyId: row.id },
    orderBy: { signedAt: "desc" },
    take: 20,
    select: {
      signedAt: true,
      payloadType: true,
      subjectDigest: true,
      payloadSha256: true,
      signatureSha256: true,
      requesterName: true,
      auditSeq: true,
    },
  });
  return {
    ...toSigningKeyDto(row),
    signatureCount: stats?.count ?? 0,
    lastSignedAt: stats?.last ?? null,
    recentSignatures: records.map((record) => ({ ...record, auditSeq: Number(record.auditSeq) })),
  };
}
