// Signs a checkpoint of the audit log on a schedule, in every server instance: the checkpoint lock and the "has
// anything happened since the last one" rule (sign-audit-checkpoint.ts) make several instances sign once. While no
// audit-checkpoint key is active the scheduler waits quietly (a warning in the log), rather than filling the audit
// log with one refused signing request per tick.
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { logger } from "../../lib/logger";
import { startPeriodicJob } from "../../lib/periodic-job";
import { SYSTEM_ACTOR } from "../events";
import { signAuditCheckpoint } from "./sign-audit-checkpoint";

export type ScheduledCheckpoint = { signed: boolean; treeSize: number | null; reason: string };

export async function runScheduledCheckpoint(
  prisma: PortalPrisma,
  options: { origin: string; clock: Clock },
): Promise<ScheduledCheckpoint> {
  const activeKeys = await prisma.signingKey.count({
    where: { purpose: "audit-checkpoint", status: "active" },
  });
  if (activeKeys === 0) return { signed: false, treeSize: null, reason: "no active audit-checkpoint key" };
  const result = await signAuditCheckpoint(prisma, {
    origin: options.origin,
    trigger: "scheduled",
    actor: SYSTEM_ACTOR,
    clock: options.clock,
  });
  return {
    signed: result.created,
    treeSize: result.checkpoint.treeSize,
    reason: result.created ? "signed" : "nothing changed since the last checkpoint",
  };
}

export function startCheckpointScheduler(
  makeDeps: () => Promise<{ prisma: PortalPrisma; clock: Clock }>,
  options: { origin: string; periodMs: number },
): () => void {
  return startPeriodicJob("audit checkpoint", options.periodMs, async () => {
    const { prisma, clock } = await makeDeps();
    const outcome = await runScheduledCheckpoint(prisma, { origin: options.origin, clock });
    if (outcome.signed) logger.info("audit checkpoint signed", { treeSize: outcome.treeSize });
    else if (outcome.treeSize === null) logger.warn(`audit checkpoint skipped: ${outcome.reason}`);
  });
}
