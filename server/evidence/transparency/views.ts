// Rows of the mirror's tables as the UI and callers see them.
import type { PortalTx } from "../../db/connection";
import type { Prisma } from "../../db/generated/client";
import type { AlarmView, LogKeyView, MirrorCheckpointView, MirrorEntryView } from "./schemas";

export const logKeySelect = {
  id: true,
  keyName: true,
  keyHash: true,
  algorithm: true,
  vkey: true,
  addedAt: true,
  addedByName: true,
  removedAt: true,
  removedByName: true,
} satisfies Prisma.TransparencyLogKeySelect;

export function toLogKeyView(
  row: Prisma.TransparencyLogKeyGetPayload<{ select: typeof logKeySelect }>,
): LogKeyView {
  return { ...row };
}

export const mirrorCheckpointSelect = {
  id: true,
  logId: true,
  treeSize: true,
  rootHash: true,
  signedNote: true,
  stateTime: true,
  keyName: true,
  keyHash: true,
  source: true,
  status: true,
  provenAgainstId: true,
  importedAt: true,
  importedByName: true,
} satisfies Prisma.TransparencyCheckpointSelect;

export type MirrorCheckpointRow = Prisma.TransparencyCheckpointGetPayload<{
  select: typeof mirrorCheckpointSelect;
}>;

export function toMirrorCheckpointView(row: MirrorCheckpointRow): MirrorCheckpointView {
  return {
    ...row,
    treeSize: Number(row.treeSize),
    // CHECK constraints in the migration hold these to their vocabularies
    source: row.source as MirrorCheckpointView["source"],
    status: row.status as MirrorCheckpointView["status"],
  };
}

export const alarmSelect = {
  id: true,
  logId: true,
  kind: true,
  detail: true,
  trustedCheckpointId: true,
  conflictingCheckpointId: true,
  detectedAt: true,
  acknowledgedAt: true,
  acknowledgedByName: true,
  acknowledgement: true,
  log: { select: { name: true, origin: true } },
} satisfies Prisma.TransparencyAlarmSelect;

export type AlarmRow = Prisma.TransparencyAlarmGetPayload<{ select: typeof alarmSelect }>;

export function toAlarmView(
  row: AlarmRow,
  checkpoints: ReadonlyMap<string, { treeSize: bigint; rootHash: string }>,
): AlarmView {
  const side = (id: string) => {
    const checkpoint = checkpoints.get(id);
    return {
      id,
      treeSize: checkpoint ? Number(checkpoint.treeSize) : 0,
      rootHash: checkpoint?.rootHash ?? "",
    };
  };
  return {
    id: row.id,
    logId: row.logId,
    logName: row.log.name,
    origin: row.log.origin,
    kind: row.kind as AlarmView["kind"],
    detail: row.detail,
    trusted: side(row.trustedCheckpointId),
    conflicting: side(row.conflictingCheckpointId),
    detectedAt: row.detectedAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedByName: row.acknowledgedByName,
    acknowledgement: row.acknowledgement,
  };
}

/** Alarm views with both sides' sizes and roots, in two queries whatever the number of alarms. */
export async function alarmViews(db: PortalTx, rows: AlarmRow[]): Promise<AlarmView[]> {
  const ids = [...new Set(rows.flatMap((row) => [row.trustedCheckpointId, row.conflictingCheckpointId]))];
  const checkpoints =
    ids.length === 0
      ? []
      : await db.transparencyCheckpoint.findMany({
          where: { id: { in: ids } },
          select: { id: true, treeSize: true, rootHash: true },
        });
  const byId = new Map(checkpoints.map((checkpoint) => [checkpoint.id, checkpoint]));
  return rows.map((row) => toAlarmView(row, byId));
}

export const entrySelect = {
  id: true,
  leafIndex: true,
  logIndex: true,
  leafHash: true,
  kind: true,
  treeSize: true,
  proof: true,
  checkpointId: true,
  verifiedAt: true,
  importedByName: true,
} satisfies Prisma.TransparencyEntrySelect;

export function toEntryView(
  row: Prisma.TransparencyEntryGetPayload<{ select: typeof entrySelect }>,
): MirrorEntryView {
  return { ...row, leafIndex: Number(row.leafIndex), treeSize: Number(row.treeSize) };
}
