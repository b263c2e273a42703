// Carries out verify-all runs: claims a queued run (or one whose worker stopped sending heartbeats) with
// FOR UPDATE SKIP LOCKED, so two server instances never work on the same run, then re-hashes every piece of
// evidence in scope from the blob store (streamed, one batch at a time) and re-checks the signatures it carries.
// Each batch's items and the progress counters are written in one transaction that first proves the claim is still
// this worker's; a worker that lost its claim stops. A run taken over resumes after the last evidence it recorded.
// The end signs an audit checkpoint (when the audit-checkpoint key exists), then computes the evidence root from the
// stored items and records it with the checkpoint's tree head and the "finished" audit event, in one transaction.
import { appendAudit } from "../../audit/append-audit";
import { SYSTEM_ACTOR } from "../../audit/events";
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { logger } from "../../lib/logger";
import { type AuditTreeHead, snapshotAuditHead } from "./audit-tree";
import type { BlobReader } from "./blob-reader";
import { evidenceRoot } from "./evidence-tree";
import type { SnapshotView } from "./schemas";
import { bytesToKeep, checkEvidenceSignatures } from "./signature-checks";
import { snapshotSelect, toSnapshotView } from "./snapshot-row";
import type { ItemStatus } from "./vocabulary";

export type VerifyAllDeps = {
  prisma: PortalPrisma;
  clock: Clock;
  reader: BlobReader;
  /** names this worker in the claim (host and process, or a test's name) */
  workerId: string;
  /** evidence per batch (default 200) and bytes per batch (default 256 MiB): a batch ends at whichever comes first */
  batchItems?: number;
  batchBytes?: number;
  /** a run whose heartbeat is older than this is taken over (default 5 minutes) */
  staleAfterMs?: number;
  /** blobs read at the same time (default 2: one hashing while the next is read) */
  concurrency?: number;
  /** the origin line of the audit checkpoint signed when a run finishes (default: AUDIT_CHECKPOINT_ORIGIN) */
  checkpointOrigin?: string;
  /** called after every committed batch */
  onProgress?: (progress: { snapshotId: string; processedItems: number; totalItems: number }) => void;
};

const DEFAULTS = { batchItems: 200, batchBytes: 256 * 1024 * 1024, staleAfterMs: 5 * 60_000, concurrency: 2 };

type Claim = { id: string; label: string; scopeAt: Date };

type EvidenceInScope = {
  id: string;
  sha256: string;
  size: bigint;
  kind: string;
  mediaType: string;
  createdAt: Date;
  bundleExport: boolean;
};

type ItemResult = {
  evidenceId: string;
  recordedSha256: string;
  actualSha256: string | null;
  size: number;
  status: ItemStatus;
  reason: string;
};

async function claimRun(deps: VerifyAllDeps, staleAfterMs: number): Promise<Claim | null> {
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - staleAfterMs);
  return deps.prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; status: string }[]>`
      SELECT "id"::text AS "id", "status" FROM "evidence_snapshots"
      WHERE "status" = 'QUEUED' OR ("status" = 'RUNNING' AND "heartbeat_at" < ${staleBefore})
      ORDER BY "requested_at" LIMIT 1
      FOR UPDATE SKIP LOCKED`;
    const row = rows[0];
    if (!row) return null;
    if (row.status === "QUEUED") {
      const scope = await tx.evidenceRecord.aggregate({
        where: { createdAt: { lte: now } },
        _count: { _all: true },
        _sum: { size: true },
      });
      const started = await tx.evidenceSnapshot.update({
        where: { id: row.id },
        data: {
          status: "RUNNING",
          startedAt: now,
          scopeAt: now,
          claimedBy: deps.workerId,
          heartbeatAt: now,
          totalItems: scope._count._all,
          totalBytes: scope._sum.size ?? 0n,
        },
        select: { id: true, label: true },
      });
      return { ...started, scopeAt: now };
    }
    const taken = await tx.evidenceSnapshot.update({
      where: { id: row.id },
      data: { claimedBy: deps.workerId, heartbeatAt: now },
      select: { id: true, label: true, scopeAt: true },
    });
    logger.warn("verify-all: took over a run whose worker stopped", { snapshotId: taken.id });
    return { id: taken.id, label: taken.label, scopeAt: taken.scopeAt ?? now };
  });
}

async function checkOne(deps: VerifyAllDeps, evidence: EvidenceInScope): Promise<ItemResult> {
  const base = { evidenceId: evidence.id, recordedSha256: evidence.sha256 };
  let read: Awaited<ReturnType<BlobReader["read"]>>;
  try {
    read = await deps.reader.read(evidence.sha256, { keepUpTo: bytesToKeep(evidence) });
  } catch (error) {
    read = { state: "missing", reason: `The stored bytes cannot be read (${(error as Error).message})` };
  }
  if (read.state === "missing") {
    return {
      ...base,
      actualSha256: null,
      size: Number(evidence.size),
      status: "MISSING",
      reason: read.reason,
    };
  }
  if (read.sha256 !== evidence.sha256) {
    return {
      ...base,
      actualSha256: read.sha256,
      size: read.size,
      status: "CHANGED",
      reason: `The stored bytes hash to ${read.sha256}, not to the recorded digest`,
    };
  }
  let verdict: Awaited<ReturnType<typeof checkEvidenceSignatures>>;
  try {
    verdict = await checkEvidenceSignatures({ prisma: deps.prisma, clock: deps.clock }, evidence, {
      bytes: read.bytes,
      withFile: (use) => deps.reader.withFile(evidence.sha256, use),
    });
  } catch (error) {
    verdict = {
      checked: true,
      ok: false,
      reason: `The signature check failed (${(error as Error).message})`,
    };
  }
  const result = { ...base, actualSha256: read.sha256, size: read.size };
  if (verdict.checked && !verdict.ok) return { ...result, status: "BAD_SIGNATURE", reason: verdict.reason };
  return {
    ...result,
    status: "OK",
    reason: verdict.checked ? `Digest matches; ${verdict.reason}` : "Digest matches the record",
  };
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

const countOf = (results: readonly ItemResult[], status: ItemStatus) =>
  results.filter((result) => result.status === status).length;

/** Writes one batch if the claim is still ours; false when another worker holds the run now. */
async function commitBatch(deps: VerifyAllDeps, claim: Claim, results: ItemResult[]): Promise<boolean> {
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    const updated = await tx.evidenceSnapshot.updateMany({
      where: { id: claim.id, status: "RUNNING", claimedBy: deps.workerId },
      data: {
        heartbeatAt: now,
        processedItems: { increment: results.length },
        processedBytes: { increment: results.reduce((sum, result) => sum + result.size, 0) },
        okCount: { increment: countOf(results, "OK") },
        changedCount: { increment: countOf(results, "CHANGED") },
        missingCount: { increment: countOf(results, "MISSING") },
        badSignatureCount: { increment: countOf(results, "BAD_SIGNATURE") },
      },
    });
    if (updated.count !== 1) return false;
    await tx.evidenceSnapshotItem.createMany({
      data: results.map((result) => ({
        ...result,
        snapshotId: claim.id,
        size: BigInt(result.size),
        checkedAt: now,
      })),
    });
    return true;
  });
}

async function finishRun(deps: VerifyAllDeps, claim: Claim): Promise<SnapshotView | null> {
  // the audit log at the end of the run: a signed checkpoint (its own transaction), or the unsigned tree head
  const audit: AuditTreeHead = await snapshotAuditHead(deps.prisma, {
    clock: deps.clock,
    origin: deps.checkpointOrigin,
  });
  return deps.prisma.$transaction(async (tx) => {
    const now = deps.clock.now();
    // the row lock from here on keeps a stale-run takeover out until this commits
    const held = await tx.evidenceSnapshot.updateMany({
      where: { id: claim.id, status: "RUNNING", claimedBy: deps.workerId },
      data: { heartbeatAt: now },
    });
    if (held.count !== 1) return null;
    const seen = await tx.evidenceSnapshotItem.findMany({
      where: { snapshotId: claim.id, actualSha256: { not: null } },
      select: { evidenceId: true, actualSha256: true },
    });
    const tree = evidenceRoot(
      seen.map((item) => ({ evidenceId: item.evidenceId, sha256: item.actualSha256 as string })),
    );
    const progress = await tx.evidenceSnapshot.findUniqueOrThrow({
      where: { id: claim.id },
      select: { processedItems: true, processedBytes: true },
    });
    const row = await tx.evidenceSnapshot.update({
      where: { id: claim.id },
      data: {
        status: "FINISHED",
        finishedAt: now,
        // evidence committed late with an earlier creation time is in scope too: the totals say what was checked
        totalItems: progress.processedItems,
        totalBytes: progress.processedBytes,
        evidenceRoot: tree.root,
        evidenceLeaves: tree.leaves,
        auditTreeSize: audit.treeSize,
        auditRoot: audit.root,
      },
      select: snapshotSelect,
    });
    const view = toSnapshotView(row);
    await appendAudit(tx, {
      payload: {
        type: "evidence.verify_all_finished",
        label: view.label,
        items: view.processedItems,
        counts: view.counts,
        evidenceRoot: tree.root,
        evidenceLeaves: tree.leaves,
        auditTreeSize: audit.treeSize,
        auditRoot: audit.root,
      },
      actor: SYSTEM_ACTOR,
      subject: { type: "evidence_snapshot", id: claim.id },
      clock: deps.clock,
    });
    return view;
  });
}

async function failRun(deps: VerifyAllDeps, claim: Claim, reason: string): Promise<SnapshotView | null> {
  return deps.prisma.$transaction(async (tx) => {
    const now = deps.clock.now();
    const failed = await tx.evidenceSnapshot.updateMany({
      where: { id: claim.id, status: "RUNNING", claimedBy: deps.workerId },
      data: { status: "FAILED", finishedAt: now, failureReason: reason.slice(0, 500) },
    });
    if (failed.count !== 1) return null;
    const row = await tx.evidenceSnapshot.findUniqueOrThrow({
      where: { id: claim.id },
      select: snapshotSelect,
    });
    await appendAudit(tx, {
      payload: {
        type: "evidence.verify_all_failed",
        label: row.label,
        reason: reason.slice(0, 500),
        processedItems: row.processedItems,
      },
      actor: SYSTEM_ACTOR,
      subject: { type: "evidence_snapshot", id: claim.id },
      clock: deps.clock,
    });
    return toSnapshotView(row);
  });
}

async function processRun(deps: VerifyAllDeps, claim: Claim): Promise<boolean> {
  const batchItems = deps.batchItems ?? DEFAULTS.batchItems;
  const batchBytes = deps.batchBytes ?? DEFAULTS.batchBytes;
  const concurrency = deps.concurrency ?? DEFAULTS.concurrency;
  // a run taken over resumes after the last evidence recorded (batches go in evidence id order)
  const last = await deps.prisma.evidenceSnapshotItem.findFirst({
    where: { snapshotId: claim.id },
    orderBy: { evidenceId: "desc" },
    select: { evidenceId: true },
  });
  let cursor = last?.evidenceId ?? null;
  for (;;) {
    const rows = await deps.prisma.evidenceRecord.findMany({
      where: { createdAt: { lte: claim.scopeAt }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: batchItems,
      select: {
        id: true,
        sha256: true,
        size: true,
        kind: true,
        mediaType: true,
        createdAt: true,
        exportOf: { select: { id: true } },
      },
    });
    const candidates: EvidenceInScope[] = rows.map(({ exportOf, ...row }) => ({
      ...row,
      bundleExport: exportOf !== null,
    }));
    if (candidates.length === 0) return true;
    let bytes = 0;
    const batch = candidates.filter((evidence, index) => {
      bytes += Number(evidence.size);
      return index === 0 || bytes <= batchBytes;
    });
    const results = await mapLimited(batch, concurrency, (evidence) => checkOne(deps, evidence));
    if (!(await commitBatch(deps, claim, results))) return false;
    cursor = batch.at(-1)?.id ?? cursor;
    if (deps.onProgress) {
      const progress = await deps.prisma.evidenceSnapshot.findUniqueOrThrow({
        where: { id: claim.id },
        select: { processedItems: true, totalItems: true },
      });
      deps.onProgress({ snapshotId: claim.id, ...progress });
    }
  }
}

/**
 * Claims one run and carries it to its end. Null when there was nothing to claim, or when another worker took the
 * run over meanwhile (it finishes it).
 */
export async function runVerifyAll(deps: VerifyAllDeps): Promise<SnapshotView | null> {
  const claim = await claimRun(deps, deps.staleAfterMs ?? DEFAULTS.staleAfterMs);
  if (!claim) return null;
  try {
    if (!(await processRun(deps, claim))) return null;
    return await finishRun(deps, claim);
  } catch (error) {
    logger.error("verify-all run failed", { snapshotId: claim.id, error });
    const failed = await failRun(deps, claim, (error as Error).message || "unexpected error").catch(
      () => null,
    );
    if (failed) return failed;
    throw error;
  }
}
