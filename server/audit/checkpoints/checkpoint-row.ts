// The stored checkpoint as the rest of the portal sees it.
import type { Prisma } from "../../db/generated/client";
import type { CheckpointView } from "./schemas";

export const checkpointSelect = {
  id: true,
  treeSize: true,
  rootHash: true,
  origin: true,
  signedNote: true,
  keyId: true,
  signedAt: true,
  trigger: true,
  requestedByName: true,
  auditSeq: true,
} satisfies Prisma.AuditCheckpointSelect;

export type CheckpointRow = Prisma.AuditCheckpointGetPayload<{ select: typeof checkpointSelect }>;

export function toCheckpointView(row: CheckpointRow): CheckpointView {
  return {
    id: row.id,
    treeSize: Number(row.treeSize),
    rootHash: row.rootHash,
    origin: row.origin,
    signedNote: row.signedNote,
    keyId: row.keyId,
    signedAt: row.signedAt,
    // the database's CHECK constraint holds it to these two
    trigger: row.trigger as CheckpointView["trigger"],
    requestedByName: row.requestedByName,
    auditSeq: Number(row.auditSeq),
  };
}
