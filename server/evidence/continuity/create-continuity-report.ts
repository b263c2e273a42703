// Signs the continuity report of two finished snapshots and keeps it: the document (canonical JSON) and a DSSE
// envelope over an in-toto statement naming its digest, with the attestation key. Why that key: the report is a
// statement about evidence, made by the portal, like a compliance sign-off; the audit-checkpoint key signs only the
// audit log's checkpoints (signed notes), and keeping it to that one format means nothing else signed by it can be
// passed off as a checkpoint. One report per (baseline, target): both snapshots are immutable, so asking again
// returns the report made the first time (nothing is signed twice).
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalPrisma, PortalTx } from "../../db/connection";
import { Prisma } from "../../db/generated/client";
import type { Clock } from "../../lib/clock";
import { IN_TOTO_PAYLOAD_TYPE, statementPayload } from "../../signing/in-toto";
import { signWithPurpose } from "../../signing/sign-with-purpose";
import { transactionWithSigningAudit } from "../../signing/signing-failure";
import { allComparisonItems, compareSnapshots } from "./compare-snapshots";
import { getComparisonPair } from "./get-snapshot";
import { buildReportDocument, documentBytes, reportStatement, sha256Hex } from "./report-document";
import { type ComparisonInput, type ContinuityReportRef, ZComparisonInput } from "./schemas";
import type { Verdict } from "./vocabulary";

export const reportRefSelect = {
  id: true,
  verdict: true,
  documentSha256: true,
  keyId: true,
  createdAt: true,
  createdByName: true,
} as const;

export function toReportRef(row: {
  id: string;
  verdict: string;
  documentSha256: string;
  keyId: string;
  createdAt: Date;
  createdByName: string;
}): ContinuityReportRef {
  return { ...row, verdict: row.verdict as Verdict };
}

export async function findReportOfPair(
  db: PortalPrisma | PortalTx,
  pair: { baselineId: string; targetId: string },
): Promise<ContinuityReportRef | null> {
  const row = await db.continuityReport.findUnique({
    where: { baselineId_targetId: { baselineId: pair.baselineId, targetId: pair.targetId } },
    select: reportRefSelect,
  });
  return row ? toReportRef(row) : null;
}

export type CreateReportDeps = { prisma: PortalPrisma; clock: Clock; appVersion: string };

export async function createContinuityReport(
  deps: CreateReportDeps,
  options: { input: ComparisonInput; actor: AuditActor; request?: AuditRequestMeta },
): Promise<ContinuityReportRef & { created: boolean }> {
  const input = ZComparisonInput.parse(options.input);
  const pair = await getComparisonPair(deps.prisma, input);
  const existing = await findReportOfPair(deps.prisma, input);
  if (existing) return { ...existing, created: false };
  // read outside the signing transaction: snapshots never change, and the audit proof reads the whole log
  const comparison = await compareSnapshots(deps.prisma, input);
  const items = await allComparisonItems(deps.prisma, pair);
  const generatedAt = deps.clock.now();
  const document = buildReportDocument({
    comparison,
    items,
    generatedAt,
    generatedBy: options.actor.name,
    portalVersion: deps.appVersion,
  });
  const bytes = documentBytes(document);
  const digest = sha256Hex(bytes);
  try {
    const row = await transactionWithSigningAudit(deps.prisma, async (tx) => {
      const signed = await signWithPurpose(tx, {
        purpose: "attestation",
        payloadType: IN_TOTO_PAYLOAD_TYPE,
        payload: statementPayload(reportStatement(document, digest)),
        subjectDigest: `sha256:${digest}`,
        requester: options.actor,
        request: options.request,
        clock: deps.clock,
      });
      const created = await tx.continuityReport.create({
        data: {
          baselineId: pair.baseline.id,
          targetId: pair.target.id,
          verdict: document.verdict,
          document: bytes.toString("utf8"),
          documentSha256: digest,
          envelope: signed.envelope,
          keyId: signed.keyId,
          createdAt: generatedAt,
          createdById: options.actor.id,
          createdByName: options.actor.name,
        },
        select: reportRefSelect,
      });
      await appendAudit(tx, {
        payload: {
          type: "evidence.continuity_reported",
          baselineId: pair.baseline.id,
          targetId: pair.target.id,
          verdict: document.verdict,
          documentSha256: digest,
          keyId: signed.keyId,
        },
        actor: options.actor,
        subject: { type: "continuity_report", id: created.id },
        request: options.request,
        clock: deps.clock,
      });
      return created;
    });
    return { ...toReportRef(row), created: true };
  } catch (error) {
    // two people asked at once: the first one's report is the report
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const first = await findReportOfPair(deps.prisma, input);
      if (first) return { ...first, created: false };
    }
    throw error;
  }
}
