// Divergence alarms: the open ones (the banner for security officers), and acknowledging one with a note, once.
// Acknowledging silences the banner; the conflicting checkpoints and the alarm itself stay on record.
import { appendAudit } from "../../audit/append-audit";
import type { PortalPrisma, PortalTx } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import type { MirrorContext } from "./mirror-context";
import { type AlarmView, ZAcknowledgeAlarmInput } from "./schemas";
import { alarmSelect, alarmViews } from "./views";

export async function findOpenAlarms(db: PortalTx): Promise<AlarmView[]> {
  const rows = await db.transparencyAlarm.findMany({
    where: { acknowledgedAt: null },
    orderBy: { detectedAt: "desc" },
    take: 20,
    select: alarmSelect,
  });
  return alarmViews(db, rows);
}

export async function acknowledgeAlarm(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  raw: { alarmId: string; note: string },
): Promise<AlarmView> {
  const input = ZAcknowledgeAlarmInput.parse(raw);
  return prisma.$transaction(async (tx) => {
    const alarm = await tx.transparencyAlarm.findUnique({
      where: { id: input.alarmId },
      select: { logId: true },
    });
    if (!alarm) throw new DomainError("NOT_FOUND", "no such alarm");
    const updated = await tx.transparencyAlarm.updateMany({
      where: { id: input.alarmId, acknowledgedAt: null },
      data: {
        acknowledgedAt: ctx.clock.now(),
        acknowledgedByName: ctx.actor.name,
        acknowledgement: input.note,
      },
    });
    if (updated.count === 0) throw new DomainError("CONFLICT", "this alarm was already acknowledged");
    await appendAudit(tx, {
      payload: {
        type: "transparency.alarm_acknowledged",
        logId: alarm.logId,
        alarmId: input.alarmId,
        note: input.note,
      },
      actor: ctx.actor,
      subject: { type: "transparency-log", id: alarm.logId },
      request: ctx.request,
      clock: ctx.clock,
    });
    const [view] = await alarmViews(tx, [
      await tx.transparencyAlarm.findUniqueOrThrow({ where: { id: input.alarmId }, select: alarmSelect }),
    ]);
    return view as AlarmView;
  });
}
