// Brings the audit log's Merkle tree up to date: for the events appended since the last run, stores the root of
// every perfect subtree they complete (on average one node per event), in batches, each batch in one transaction.
//
// Why here and not in appendAudit: appendAudit holds the chain's advisory lock, which serialises every writer of
// the portal; adding reads and writes of tree nodes there would slow every action for the benefit of proofs, which
// are only ever made against a signed checkpoint. So appendAudit stays as it was, and the tree is derived data,
// indexed before each checkpoint is signed (and rebuildable from the log). The indexer checks what it indexes: the
// events must follow each other (seq, prevHash) and hash to their stored hashes, so a checkpoint never signs a
// broken or edited log.
//
// Safe on every instance at once: indexers take their own advisory lock (appenders never wait for it) and read the
// indexed size inside it; audit events become visible in seq order without gaps (appendAudit's lock), so the
// events after the indexed size are always a complete continuation.
import type { PortalPrisma, PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { nodeHash } from "../../lib/merkle";
import { appendToFrontier, type NodeRef, perfectParts } from "../../lib/merkle-plan";
import { GENESIS_HASH, hashEvent } from "../hash";
import { hashedFieldsOf } from "../stored-event";
import { auditLeafHash, readTreeNodes } from "./tree-store";

const AUDIT_TREE_LOCK = 4_242_002;
const DEFAULT_BATCH = 5_000;

export type TreeIndexing = { size: number; indexedNow: number };

export async function indexedTreeSize(db: PortalTx): Promise<number> {
  const row = await db.auditTreeIndex.findUnique({ where: { id: 1 }, select: { size: true } });
  return row ? Number(row.size) : 0;
}

/** Indexes every event that existed when it started (later ones are left to the next run). */
export async function indexAuditTree(
  prisma: PortalPrisma,
  options: { clock: Clock; batchSize?: number },
): Promise<TreeIndexing> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const head = await prisma.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  const target = head ? Number(head.seq) : 0;
  let indexedNow = 0;
  for (;;) {
    const step = await prisma.$transaction((tx) =>
      indexBatch(tx, { target, batchSize, clock: options.clock }),
    );
    indexedNow += step.added;
    if (step.added === 0 || step.size >= target) return { size: step.size, indexedNow };
  }
}

async function indexBatch(
  tx: PortalTx,
  options: { target: number; batchSize: number; clock: Clock },
): Promise<{ size: number; added: number }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_TREE_LOCK})`;
  const size = await indexedTreeSize(tx);
  const take = Math.min(options.batchSize, options.target - size);
  if (take <= 0) return { size, added: 0 };
  const events = await tx.auditEvent.findMany({
    where: { seq: { gt: BigInt(size), lte: BigInt(size + take) } },
    orderBy: { seq: "asc" },
  });
  let prevHash = GENESIS_HASH;
  if (size > 0) {
    const previous = await tx.auditEvent.findUnique({ where: { seq: BigInt(size) }, select: { hash: true } });
    if (!previous) throw brokenChain(size, `event #${size}, the last one indexed, is missing`);
    prevHash = previous.hash;
  }
  for (const [offset, event] of events.entries()) {
    const seq = size + offset + 1;
    if (Number(event.seq) !== seq) throw brokenChain(seq, `event #${seq} is missing`);
    if (event.prevHash !== prevHash) {
      throw brokenChain(seq, `event #${seq} does not point at the hash of event #${seq - 1}`);
    }
    if (hashEvent(hashedFieldsOf(event)) !== event.hash) {
      throw brokenChain(seq, `event #${seq} was changed after it was written`);
    }
    prevHash = event.hash;
  }
  if (events.length === 0) return { size, added: 0 };

  const edge = perfectParts(0, size);
  const stored = await readTreeNodes(tx, edge);
  const frontier = edge.map((ref) => ({ ...ref, hash: stored.rootOf(ref) }));
  const { completed } = appendToFrontier(
    frontier,
    size,
    events.map((event) => auditLeafHash(event.hash)),
    nodeHash,
  );
  if (completed.length > 0) await insertNodes(tx, completed);
  const newSize = size + events.length;
  await tx.auditTreeIndex.upsert({
    where: { id: 1 },
    create: { id: 1, size: BigInt(newSize), updatedAt: options.clock.now() },
    update: { size: BigInt(newSize), updatedAt: options.clock.now() },
  });
  return { size: newSize, added: events.length };
}

/**
 * One INSERT from one JSON parameter: a batch is thousands of nodes, and Prisma's createMany sends them as
 * thousands of bind parameters, which measured fifteen times slower here (npm run bench).
 */
async function insertNodes(tx: PortalTx, nodes: readonly (NodeRef & { hash: Uint8Array })[]): Promise<void> {
  const json = JSON.stringify(
    nodes.map((node) => ({
      level: node.level,
      index: node.index,
      hash: Buffer.from(node.hash).toString("hex"),
    })),
  );
  await tx.$executeRaw`
    INSERT INTO audit_tree_nodes (level, index, hash)
    SELECT level, index, decode(hash, 'hex')
    FROM jsonb_to_recordset(${json}::jsonb) AS r(level smallint, index bigint, hash text)`;
}

function brokenChain(seq: number, detail: string): DomainError {
  return new DomainError(
    "PRECONDITION_FAILED",
    `the audit chain is broken at event #${seq} (${detail}): no checkpoint is signed over it; verify the chain on /audit`,
    { firstBrokenSeq: seq },
  );
}
