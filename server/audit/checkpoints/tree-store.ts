// Reads the audit tree's perfect subtree roots a proof plan needs: leaves (level 0) from audit_events, where each
// event's leaf hash is SHA-256(0x00 || its 32-byte chain hash); every higher level from audit_tree_nodes. Two
// queries whatever the plan, each by primary key, so the rows read are exactly the plan's O(log n) references.
import type { PortalTx } from "../../db/connection";
import { leafHash } from "../../lib/merkle";
import { type NodeRef, refKey } from "../../lib/merkle-plan";

/** The Merkle leaf of an audit event: its chain hash (SHA-256 of its canonical JSON) hashed as RFC 6962 data. */
export function auditLeafHash(eventHashHex: string): Buffer {
  return leafHash(Buffer.from(eventHashHex, "hex"));
}

export type StoredNodes = {
  rootOf: (ref: NodeRef) => Uint8Array;
  /** rows read to answer the plan (events + tree nodes) */
  rowsRead: number;
};

export class MissingTreeNodeError extends Error {
  override readonly name = "MissingTreeNodeError";
}

export async function readTreeNodes(db: PortalTx, refs: readonly NodeRef[]): Promise<StoredNodes> {
  const hashes = new Map<string, Uint8Array>();
  const leaves = refs.filter((ref) => ref.level === 0);
  const inner = refs.filter((ref) => ref.level > 0);
  let rowsRead = 0;
  if (leaves.length > 0) {
    const events = await db.auditEvent.findMany({
      where: { seq: { in: leaves.map((ref) => BigInt(ref.index + 1)) } },
      select: { seq: true, hash: true },
    });
    rowsRead += events.length;
    for (const event of events) {
      hashes.set(refKey({ level: 0, index: Number(event.seq) - 1 }), auditLeafHash(event.hash));
    }
  }
  if (inner.length > 0) {
    const nodes = await db.auditTreeNode.findMany({
      where: { OR: inner.map((ref) => ({ level: ref.level, index: BigInt(ref.index) })) },
      select: { level: true, index: true, hash: true },
    });
    rowsRead += nodes.length;
    for (const node of nodes) {
      hashes.set(refKey({ level: node.level, index: Number(node.index) }), node.hash);
    }
  }
  return {
    rowsRead,
    rootOf: (ref) => {
      const hash = hashes.get(refKey(ref));
      if (!hash) {
        // the indexer writes every node below the indexed size; a gap means the table was tampered with
        throw new MissingTreeNodeError(
          `audit tree node ${refKey(ref)} (events ${ref.index * 2 ** ref.level + 1}-${(ref.index + 1) * 2 ** ref.level}) is missing`,
        );
      }
      return hash;
    },
  };
}
