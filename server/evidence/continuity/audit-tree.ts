// The audit log as an RFC 6962 tree, for snapshots and continuity reports, through the audit checkpoints of
// server/audit/checkpoints: leaf i is the event with seq i + 1, its leaf hash SHA-256(0x00 || the 32 bytes of the
// event's chain hash), and roots and proofs come from the stored perfect subtree roots (O(log n) rows, never the
// whole log). A snapshot keeps the audit tree head of the moment it finished, as a signed checkpoint when the
// audit-checkpoint key exists (the checkpoint of that size is then the snapshot's), else unsigned. A continuity
// report proves the later head extends the earlier one: no event before the baseline was changed or removed.

import { checkpointOrigin } from "../../audit/checkpoints/checkpoint-origin";
import { indexAuditTree, indexedTreeSize } from "../../audit/checkpoints/index-audit-tree";
import { signAuditCheckpoint } from "../../audit/checkpoints/sign-audit-checkpoint";
import { readTreeNodes } from "../../audit/checkpoints/tree-store";
import type { AuditActor } from "../../audit/events";
import type { PortalPrisma, PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { EMPTY_TREE_ROOT, nodeHash, verifyConsistency } from "../../lib/merkle";
import { consistencyPlan, refsOf, resolvePlan, rootPlan } from "../../lib/merkle-plan";

export type AuditTreeHead = { treeSize: number; root: string };

/** The signer of the checkpoints verify-all asks for (the run is the server's, on someone's request). */
export const VERIFY_ALL_ACTOR: AuditActor = { id: null, name: "system (verify-all)", roles: [] };

async function rootAt(db: PortalPrisma | PortalTx, treeSize: number): Promise<string> {
  if (treeSize === 0) return EMPTY_TREE_ROOT.toString("hex");
  const plan = rootPlan(treeSize);
  const nodes = await readTreeNodes(db, refsOf([plan]));
  return Buffer.from(resolvePlan(plan, nodes.rootOf, nodeHash)).toString("hex");
}

/**
 * The audit tree head for a snapshot finishing now: a signed checkpoint of the log (a new one, or the latest when
 * nothing was appended since) when an active audit-checkpoint key exists; otherwise the indexed tree's head.
 */
export async function snapshotAuditHead(
  prisma: PortalPrisma,
  /** origin: the checkpoint's first line (default: AUDIT_CHECKPOINT_ORIGIN from the configuration) */
  options: { clock: Clock; origin?: string },
): Promise<AuditTreeHead & { signed: boolean }> {
  const key = await prisma.signingKey.count({ where: { purpose: "audit-checkpoint", status: "active" } });
  if (key > 0) {
    const { checkpoint } = await signAuditCheckpoint(prisma, {
      origin: options.origin ?? checkpointOrigin(),
      trigger: "manual",
      actor: VERIFY_ALL_ACTOR,
      clock: options.clock,
    });
    return { treeSize: checkpoint.treeSize, root: checkpoint.rootHash, signed: true };
  }
  await indexAuditTree(prisma, { clock: options.clock });
  const treeSize = await indexedTreeSize(prisma);
  return { treeSize, root: await rootAt(prisma, treeSize), signed: false };
}

/** The signed checkpoint of this exact head, when one was made (its note goes into reports). */
export async function checkpointOfHead(
  db: PortalPrisma | PortalTx,
  head: AuditTreeHead,
): Promise<{ signedNote: string; keyId: string } | null> {
  if (head.treeSize < 1) return null;
  const row = await db.auditCheckpoint.findUnique({
    where: { treeSize: BigInt(head.treeSize) },
    select: { rootHash: true, signedNote: true, keyId: true },
  });
  return row && row.rootHash === head.root ? { signedNote: row.signedNote, keyId: row.keyId } : null;
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
 * Builds the consistency proof between two recorded tree heads from the stored tree, and verifies it against the
 * recorded roots: an event before `from.treeSize` that changed since makes the proof miss `from.root`.
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
  const indexed = await indexedTreeSize(db);
  if (indexed < to.treeSize) {
    return fail(`the audit tree is indexed up to ${indexed} events, fewer than the target's ${to.treeSize}`);
  }
  let proof: Uint8Array[];
  try {
    const plans = consistencyPlan(from.treeSize, to.treeSize);
    const nodes = await readTreeNodes(db, refsOf(plans));
    proof = plans.map((plan) => resolvePlan(plan, nodes.rootOf, nodeHash));
  } catch (error) {
    return fail(`the proof cannot be built: ${(error as Error).message}`);
  }
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
    proof: proof.map((hash) => Buffer.from(hash).toString("hex")),
    verified: check.ok,
    reason: check.ok
      ? `the audit log at ${to.treeSize} events extends the one at ${from.treeSize}: it only grew`
      : check.reason,
  };
}
