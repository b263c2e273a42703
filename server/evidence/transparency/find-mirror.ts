// The mirror as the page shows it: each log with its trusted keys, its latest held checkpoint (the largest one
// not diverged), counts and open alarms; and one log in full (every checkpoint, entries, alarms).
import type { PortalTx } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { type LogDetail, type LogSummary, ZGetLogInput } from "./schemas";
import {
  alarmSelect,
  alarmViews,
  entrySelect,
  logKeySelect,
  mirrorCheckpointSelect,
  toEntryView,
  toLogKeyView,
  toMirrorCheckpointView,
} from "./views";

const logSelect = {
  id: true,
  name: true,
  origin: true,
  url: true,
  lastSyncAt: true,
  lastSyncError: true,
  keys: { select: logKeySelect, orderBy: { addedAt: "asc" as const } },
  _count: { select: { checkpoints: true, entries: true } },
} as const;

async function summaryOf(
  db: PortalTx,
  log: Awaited<ReturnType<typeof findLogRows>>[number],
): Promise<LogSummary> {
  const latest = await db.transparencyCheckpoint.findFirst({
    where: { logId: log.id, status: { in: ["first", "consistent"] } },
    orderBy: { treeSize: "desc" },
    select: mirrorCheckpointSelect,
  });
  const openAlarms = await db.transparencyAlarm.count({ where: { logId: log.id, acknowledgedAt: null } });
  return {
    id: log.id,
    name: log.name,
    origin: log.origin,
    url: log.url,
    keys: log.keys.map(toLogKeyView),
    latest: latest ? toMirrorCheckpointView(latest) : null,
    checkpointCount: log._count.checkpoints,
    entryCount: log._count.entries,
    openAlarms,
    lastSyncAt: log.lastSyncAt,
    lastSyncError: log.lastSyncError,
  };
}

function findLogRows(db: PortalTx, where: { id?: string } = {}) {
  return db.transparencyLog.findMany({ where, orderBy: { name: "asc" }, select: logSelect });
}

export async function findLogs(db: PortalTx): Promise<LogSummary[]> {
  const logs = await findLogRows(db);
  const summaries: LogSummary[] = [];
  for (const log of logs) summaries.push(await summaryOf(db, log));
  return summaries;
}

export async function getLog(db: PortalTx, raw: { logId: string }): Promise<LogDetail> {
  const { logId } = ZGetLogInput.parse(raw);
  const [log] = await findLogRows(db, { id: logId });
  if (!log) throw new DomainError("NOT_FOUND", "no such transparency log");
  const summary = await summaryOf(db, log);
  const checkpoints = await db.transparencyCheckpoint.findMany({
    where: { logId },
    orderBy: [{ treeSize: "desc" }, { importedAt: "desc" }],
    take: 200,
    select: mirrorCheckpointSelect,
  });
  const entries = await db.transparencyEntry.findMany({
    where: { logId },
    orderBy: { verifiedAt: "desc" },
    take: 200,
    select: entrySelect,
  });
  const alarms = await db.transparencyAlarm.findMany({
    where: { logId },
    orderBy: { detectedAt: "desc" },
    take: 100,
    select: alarmSelect,
  });
  return {
    ...summary,
    checkpoints: checkpoints.map(toMirrorCheckpointView),
    entries: entries.map(toEntryView),
    alarms: await alarmViews(db, alarms),
  };
}
