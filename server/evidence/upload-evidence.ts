// Adds evidence: checks size, name, subject digest and content (policy.ts) before anything is stored, then puts the
// bytes in the content-addressed store and writes the record, its links and the audit event in one transaction.
// The same bytes of the same kind about the same subject are one record: a second upload returns the first one
// (and adds any links it did not have yet), so a pipeline may retry without creating duplicates.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma, PortalTx } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import type { EvidenceDeps } from "./deps";
import { evidenceDetailSelect, toEvidenceDetail } from "./evidence-row";
import { gateDocumentProblem } from "./gate-documents";
import { checkUploadSize, displayFileName, sniffEvidence } from "./policy";
import {
  type EvidenceLinks,
  type EvidenceProducer,
  type UploadEvidenceMeta,
  type UploadEvidenceResult,
  ZUploadEvidenceMeta,
} from "./schemas";

export type UploadEvidenceInput = {
  meta: UploadEvidenceMeta;
  bytes: Uint8Array;
  producer: EvidenceProducer;
  actor: AuditActor;
  request?: AuditRequestMeta;
};

// Namespace of the two-key advisory lock that serialises uploads of one identity (sha256, kind, subject)
const EVIDENCE_IDENTITY_LOCK_SPACE = 4_242_101;

export async function uploadEvidence(
  deps: EvidenceDeps,
  input: UploadEvidenceInput,
): Promise<UploadEvidenceResult> {
  const size = checkUploadSize(input.bytes.length, deps.limits.maxUploadBytes);
  if (!size.ok) {
    throw new DomainError(size.tooLarge ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", size.reason, {
      field: "file",
    });
  }
  const meta = ZUploadEvidenceMeta.parse(input.meta);
  const fileName = displayFileName(meta.fileName);
  if (!fileName) throw new DomainError("BAD_REQUEST", "The file needs a name", { field: "fileName" });
  const sniffed = sniffEvidence({
    kind: meta.kind,
    bytes: input.bytes,
    claimedMediaType: meta.mediaType,
    fileName,
  });
  if (!sniffed.ok) throw new DomainError("BAD_REQUEST", sniffed.reason, { field: "file" });
  const unreadable = gateDocumentProblem(meta.kind, input.bytes);
  if (unreadable) throw new DomainError("BAD_REQUEST", unreadable, { field: "file" });
  await assertLinkTargetsExist(deps.prisma, meta.links);

  // Outside the transaction: a blob that no record names is harmless (the same bytes are the same blob), a record
  // naming bytes that were never stored is not.
  const { sha256 } = await deps.blobs.put(input.bytes);
  const now = deps.clock.now();

  return deps.prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EVIDENCE_IDENTITY_LOCK_SPACE}::int, hashtext(${`${sha256}|${meta.kind}|${meta.subjectDigest ?? ""}`})::int)`;
    const existing = await tx.evidenceRecord.findFirst({
      where: { sha256, kind: meta.kind, subjectDigest: meta.subjectDigest },
      select: {
        id: true,
        links: { select: { releaseId: true, proofArtifactId: true, breakGlassSessionId: true } },
      },
    });
    if (existing) {
      const missing: EvidenceLinks = {
        releaseIds: meta.links.releaseIds.filter(
          (id) => !existing.links.some((link) => link.releaseId === id),
        ),
        proofArtifactIds: meta.links.proofArtifactIds.filter(
          (id) => !existing.links.some((link) => link.proofArtifactId === id),
        ),
        breakGlassSessionIds: meta.links.breakGlassSessionIds.filter(
          (id) => !existing.links.some((link) => link.breakGlassSessionId === id),
        ),
      };
      const added = await createLinks(tx, existing.id, missing, { actor: input.actor, now });
      if (added > 0) {
        await appendAudit(tx, {
          payload: { type: "evidence.linked", sha256, links: missing },
          actor: input.actor,
          subject: { type: "evidence", id: existing.id },
          request: input.request,
          clock: deps.clock,
        });
      }
      const row = await tx.evidenceRecord.findUniqueOrThrow({
        where: { id: existing.id },
        select: evidenceDetailSelect,
      });
      return { evidence: toEvidenceDetail(row), created: false, linksAdded: added };
    }

    const producer = input.producer;
    const created = await tx.evidenceRecord.create({
      data: {
        kind: meta.kind,
        sha256,
        size: BigInt(input.bytes.length),
        mediaType: sniffed.value.mediaType,
        fileName,
        subjectDigest: meta.subjectDigest,
        description: meta.description,
        producerKind: producer.kind,
        producerUserId: producer.kind === "USER" ? producer.userId : null,
        producerTokenId: producer.kind === "API_TOKEN" ? producer.tokenId : null,
        producerName: producer.name,
        createdAt: now,
      },
      select: { id: true },
    });
    const linksAdded = await createLinks(tx, created.id, meta.links, { actor: input.actor, now });
    await appendAudit(tx, {
      payload: {
        type: "evidence.uploaded",
        kind: meta.kind,
        sha256,
        size: input.bytes.length,
        mediaType: sniffed.value.mediaType,
        fileName,
        subjectDigest: meta.subjectDigest,
        producerKind: producer.kind,
        links: meta.links,
      },
      actor: input.actor,
      subject: { type: "evidence", id: created.id },
      request: input.request,
      clock: deps.clock,
    });
    const row = await tx.evidenceRecord.findUniqueOrThrow({
      where: { id: created.id },
      select: evidenceDetailSelect,
    });
    return { evidence: toEvidenceDetail(row), created: true, linksAdded };
  });
}

async function createLinks(
  tx: PortalTx,
  evidenceId: string,
  links: EvidenceLinks,
  context: { actor: AuditActor; now: Date },
): Promise<number> {
  const base = { evidenceId, createdAt: context.now, createdByName: context.actor.name };
  const data = [
    ...links.releaseIds.map((releaseId) => ({ ...base, releaseId })),
    ...links.proofArtifactIds.map((proofArtifactId) => ({ ...base, proofArtifactId })),
    ...links.breakGlassSessionIds.map((breakGlassSessionId) => ({ ...base, breakGlassSessionId })),
  ];
  if (data.length === 0) return 0;
  const { count } = await tx.evidenceLink.createMany({ data });
  return count;
}

/** Read before anything is stored, so a link to nothing is refused with a message instead of a foreign-key error. */
export async function assertLinkTargetsExist(
  db: PortalPrisma | PortalTx,
  links: EvidenceLinks,
): Promise<void> {
  const [releases, proofs, sessions] = await Promise.all([
    links.releaseIds.length
      ? db.release.findMany({ where: { id: { in: links.releaseIds } }, select: { id: true } })
      : [],
    links.proofArtifactIds.length
      ? db.complianceProofArtifact.findMany({
          where: { id: { in: links.proofArtifactIds } },
          select: { id: true },
        })
      : [],
    links.breakGlassSessionIds.length
      ? db.breakGlassSession.findMany({
          where: { id: { in: links.breakGlassSessionIds } },
          select: { id: true },
        })
      : [],
  ]);
  const missing = (ids: string[], found: { id: string }[], what: string) => {
    const unknown = ids.find((id) => !found.some((row) => row.id === id));
    if (unknown) throw new DomainError("BAD_REQUEST", `No ${what} with id ${unknown}`, { field: "links" });
  };
  missing(links.releaseIds, releases, "release");
  missing(links.proofArtifactIds, proofs, "proof artifact");
  missing(links.breakGlassSessionIds, sessions, "break-glass session");
}
