// Compares two finished snapshots: per evidence id, the baseline's and the target's observations side by side
// (a FULL OUTER JOIN in the database, so a store of any size is compared without loading it), classified by the
// same rule as policy.ts (CONTINUITY_STATUS_SQL mirrors classifyContinuity; a test holds them together), counted,
// cross-referenced through the evidence roots, and the audit log proven append-only between the two.

import type { PortalPrisma, PortalTx } from "../../db/connection";
import { Prisma } from "../../db/generated/client";
import { checkpointOfHead, proveAuditConsistency } from "./audit-tree";
import { evidenceRoot } from "./evidence-tree";
import { getComparisonPair } from "./get-snapshot";
import { type ContinuityCounts, classifyContinuity, continuityVerdict } from "./policy";
import {
  type ComparisonInput,
  type ComparisonItem,
  type ComparisonItemsInput,
  type ComparisonItemsPage,
  type ComparisonSummary,
  type SnapshotRef,
  ZComparisonItemsInput,
} from "./schemas";
import type { ContinuityStatus, ItemStatus, Verdict } from "./vocabulary";

type Db = PortalPrisma | PortalTx;

/** classifyContinuity in SQL, over the joined rows b (baseline) and t (target). */
export const CONTINUITY_STATUS_SQL = Prisma.sql`CASE
  WHEN b."evidence_id" IS NULL THEN 'ADDED'
  WHEN t."evidence_id" IS NULL THEN 'MISSING'
  WHEN t."actual_sha256" IS NULL THEN 'MISSING'
  WHEN b."actual_sha256" IS NULL THEN 'CHANGED'
  WHEN b."actual_sha256" <> t."actual_sha256" THEN 'CHANGED'
  ELSE 'UNCHANGED'
END`;

function joined(baselineId: string, targetId: string): Prisma.Sql {
  return Prisma.sql`(SELECT * FROM "evidence_snapshot_items" WHERE "snapshot_id" = ${baselineId}::uuid) b
    FULL OUTER JOIN (SELECT * FROM "evidence_snapshot_items" WHERE "snapshot_id" = ${targetId}::uuid) t
    ON b."evidence_id" = t."evidence_id"`;
}

type JoinedRow = {
  evidence_id: string;
  file_name: string | null;
  kind: string | null;
  b_present: boolean;
  b_sha256: string | null;
  b_status: string | null;
  b_reason: string | null;
  t_present: boolean;
  t_sha256: string | null;
  t_status: string | null;
  t_reason: string | null;
};

function toItem(row: JoinedRow): ComparisonItem {
  const observation = (
    present: boolean,
    sha256: string | null,
    status: string | null,
    reason: string | null,
  ) => (present ? { actualSha256: sha256, status: status as ItemStatus, reason: reason ?? "" } : null);
  const baseline = observation(row.b_present, row.b_sha256, row.b_status, row.b_reason);
  const target = observation(row.t_present, row.t_sha256, row.t_status, row.t_reason);
  const classified = classifyContinuity(baseline, target);
  return {
    evidenceId: row.evidence_id,
    fileName: row.file_name ?? "(no record)",
    kind: row.kind ?? "",
    status: classified.status,
    reason: classified.reason,
    baseline: baseline ? { sha256: baseline.actualSha256, status: baseline.status } : null,
    target: target ? { sha256: target.actualSha256, status: target.status } : null,
  };
}

async function selectItems(
  db: Db,
  pair: { baselineId: string; targetId: string },
  options: { status?: ContinuityStatus; after?: string; limit?: number },
): Promise<ComparisonItem[]> {
  const conditions: Prisma.Sql[] = [];
  if (options.status) conditions.push(Prisma.sql`${CONTINUITY_STATUS_SQL} = ${options.status}`);
  if (options.after)
    conditions.push(Prisma.sql`COALESCE(b."evidence_id", t."evidence_id") > ${options.after}::uuid`);
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const limit = options.limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${options.limit}`;
  const rows = await db.$queryRaw<JoinedRow[]>`
    SELECT COALESCE(b."evidence_id", t."evidence_id")::text AS "evidence_id",
      e."file_name", e."kind",
      b."evidence_id" IS NOT NULL AS "b_present", b."actual_sha256" AS "b_sha256", b."status" AS "b_status",
      b."reason" AS "b_reason",
      t."evidence_id" IS NOT NULL AS "t_present", t."actual_sha256" AS "t_sha256", t."status" AS "t_status",
      t."reason" AS "t_reason"
    FROM ${joined(pair.baselineId, pair.targetId)}
    LEFT JOIN "evidence_records" e ON e."id" = COALESCE(b."evidence_id", t."evidence_id")
    ${where}
    ORDER BY COALESCE(b."evidence_id", t."evidence_id")
    ${limit}`;
  return rows.map(toItem);
}

/** One page of the comparison, in evidence id order, optionally of one status. */
export async function findComparisonItems(
  db: Db,
  rawInput: ComparisonItemsInput,
): Promise<ComparisonItemsPage> {
  const input = ZComparisonItemsInput.parse(rawInput);
  const { baseline, target } = await getComparisonPair(db, input);
  const rows = await selectItems(
    db,
    { baselineId: baseline.id, targetId: target.id },
    { status: input.status, after: input.after, limit: input.limit + 1 },
  );
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.evidenceId ?? null) : null };
}

/** Every item of the comparison (for the signed report and its downloads). */
export async function allComparisonItems(
  db: Db,
  pair: { baseline: SnapshotRef; target: SnapshotRef },
): Promise<ComparisonItem[]> {
  return selectItems(db, { baselineId: pair.baseline.id, targetId: pair.target.id }, {});
}

async function countsOf(db: Db, baselineId: string, targetId: string) {
  const rows = await db.$queryRaw<{ status: ContinuityStatus; count: bigint; added_missing: bigint }[]>`
    SELECT ${CONTINUITY_STATUS_SQL} AS "status", count(*) AS "count",
      count(*) FILTER (WHERE b."evidence_id" IS NULL AND t."status" = 'MISSING') AS "added_missing"
    FROM ${joined(baselineId, targetId)}
    GROUP BY 1`;
  const counts: ContinuityCounts = { UNCHANGED: 0, CHANGED: 0, MISSING: 0, ADDED: 0 };
  let addedMissing = 0;
  for (const row of rows) {
    counts[row.status] = Number(row.count);
    addedMissing += Number(row.added_missing);
  }
  return { counts, addedMissing };
}

/** The baseline's evidence root recomputed from the target's digests of the baseline's evidence. */
async function baselineRootInTarget(db: Db, baselineId: string, targetId: string): Promise<string> {
  const rows = await db.$queryRaw<{ evidence_id: string; sha256: string }[]>`
    SELECT b."evidence_id"::text AS "evidence_id", t."actual_sha256" AS "sha256"
    FROM "evidence_snapshot_items" b
    JOIN "evidence_snapshot_items" t ON t."evidence_id" = b."evidence_id" AND t."snapshot_id" = ${targetId}::uuid
    WHERE b."snapshot_id" = ${baselineId}::uuid AND b."actual_sha256" IS NOT NULL AND t."actual_sha256" IS NOT NULL`;
  return evidenceRoot(rows.map((row) => ({ evidenceId: row.evidence_id, sha256: row.sha256 }))).root;
}

export type Comparison = Omit<ComparisonSummary, "report">;

export async function compareSnapshots(db: Db, input: ComparisonInput): Promise<Comparison> {
  const { baseline, target } = await getComparisonPair(db, input);
  const { counts, addedMissing } = await countsOf(db, baseline.id, target.id);
  const heads = {
    baseline: { treeSize: baseline.auditTreeSize, root: baseline.auditRoot },
    target: { treeSize: target.auditTreeSize, root: target.auditRoot },
  };
  const audit = await proveAuditConsistency(db, heads.baseline, heads.target);
  const { verdict, reasons } = continuityVerdict({
    counts,
    target: {
      changed: target.counts.changed,
      badSignature: target.counts.badSignature,
      addedMissing,
    },
    audit,
  });
  return {
    baseline,
    target,
    counts,
    verdict: verdict satisfies Verdict,
    reasons,
    baselineRootInTarget: await baselineRootInTarget(db, baseline.id, target.id),
    audit: {
      verified: audit.verified,
      reason: audit.reason,
      proof: audit.proof,
      checkpoints: {
        baseline: await checkpointOfHead(db, heads.baseline),
        target: await checkpointOfHead(db, heads.target),
      },
    },
  };
}
