// The audit log seen as an RFC 6962 Merkle tree, for snapshots and continuity reports: leaf i is the event with
// seq i + 1, its leaf hash SHA-256(0x00 || the 32 bytes of the event's chain hash) (the audit checkpoints' encoding).
// A snapshot keeps the tree head (size, root) of the moment it finished; a continuity report proves the later head
// extends the earlier one (RFC 9162 consistency proof), i.e. no event before the baseline was changed or removed.
import type { PortalPrisma, PortalTx } from "../../db/connection";
import { consistencyProof, leafHash, merkleRoot, verifyConsistency } from "../../lib/merkle";

export type AuditTreeHead = { treeSize: number; root: string };

const PAGE = 10_000;

/** Leaf hashes of events 1..size (all events when size is omitted), read in pages. */
async function auditLeafHashes(db: PortalPrisma | PortalTx, size?: number): Promise<Buffer[]> {
  const leaves: Buffer[] = [];
  let after = 0n;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: { seq: size === undefined ? { gt: after } : { gt: after, lte: BigInt(size) } },
      orderBy: { seq: "asc" },
      take: PAGE,
      select: { seq: true, hash: true },
    });
    for (const row of rows) leaves.push(leafHash(Buffer.from(row.hash, "hex")));
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) return leaves;
    after = last.seq;
  }
}

/** The audit log's tree head now: every committed event, in seq order. */
export async function currentAuditTreeHead(db: PortalPrisma | PortalTx): Promise<AuditTreeHead> {
  const leaves = await auditLeafHashes(db);
  return { treeSize: leaves.length, root: merkleRoot(leaves).toString("hex") };
}

export type AuditConsistency = {
  from: AuditTreeHead;
  to: AuditTreeHead;
  /** hex hashes of the RFC 9162 consistency proof from `from` to `to` (empty when the sizes are equal) */
  proof: string[];
  verified: boolean;
  reason: string;
};

/**
 * Builds the consistency proof between two recorded tree heads from the log as it is now, and verifies it against
 * the recorded roots: an event before `from.treeSize` that changed since makes the proof miss `from.root`.
 */
export async function proveAuditConsistency(
  db: PortalPrisma | PortalTx,
  from: AuditTreeHead,
  to: AuditTreeHead,
): Promise<AuditConsistency> {
  const fail = (reason: string): AuditConsistency => ({ from, to, proof: [], verified: false, reason });
  if (from.treeSize < 1) return fail("the baseline's audit tree is empty: there is nothing to prove");
  if (to.treeSize < from.treeSize) {
    return fail(`the target's audit tree (${to.treeSize}) is smaller than the baseline's (${from.treeSize})`);
  }
  const leaves = await auditLeafHashes(db, to.treeSize);
  if (leaves.length < to.treeSize) {
    return fail(`the audit log holds ${leaves.length} events, fewer than the target's ${to.treeSize}`);
  }
  const proof = consistencyProof(leaves, from.treeSize);
  const check = verifyConsistency({
    size1: from.treeSize,
    size2: to.treeSize,
    proof,
    root1: Buffer.from(from.root, "hex"),
    root2: Buffer.from(to.root, "hex"),
  });
  return {
    from,
    to,
    proof: proof.map((hash) => hash.toString("hex")),
    verified: check.ok,
    reason: check.ok
      ? `the audit tree at ${to.treeSize} events extends the one at ${from.treeSize}`
      : check.reason,
  };
}
