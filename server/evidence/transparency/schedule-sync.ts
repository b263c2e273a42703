// Syncs every log that has a URL on a schedule, in every server instance: imports are serialised per log and a
// checkpoint already held is a no-op, so instances syncing at once take each checkpoint once. A failing log does
// not stop the others; its error is kept on the log.
import { SYSTEM_ACTOR } from "../../audit/events";
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { logger } from "../../lib/logger";
import { startPeriodicJob } from "../../lib/periodic-job";
import { type ClientFor, syncLog } from "./sync-log";
import type { MirrorWebhookSender } from "./webhook";

export async function syncAllLogs(
  prisma: PortalPrisma,
  deps: { clock: Clock; webhook: MirrorWebhookSender | null; clientFor?: ClientFor },
): Promise<{ synced: number; failed: number; diverged: number }> {
  const logs = await prisma.transparencyLog.findMany({
    where: { url: { not: null } },
    select: { id: true, name: true },
  });
  let synced = 0;
  let failed = 0;
  let diverged = 0;
  for (const log of logs) {
    try {
      const result = await syncLog(
        prisma,
        { actor: SYSTEM_ACTOR, clock: deps.clock, webhook: deps.webhook },
        { logId: log.id },
        deps.clientFor,
      );
      synced += 1;
      if (result.outcome === "diverged") diverged += 1;
    } catch (error) {
      failed += 1;
      logger.warn("transparency log sync failed", { log: log.name, error: (error as Error).message });
    }
  }
  return { synced, failed, diverged };
}

export function startMirrorSync(
  makeDeps: () => Promise<{ prisma: PortalPrisma; clock: Clock; webhook: MirrorWebhookSender | null }>,
  periodMs: number,
): () => void {
  return startPeriodicJob("transparency sync", periodMs, async () => {
    const { prisma, ...deps } = await makeDeps();
    const result = await syncAllLogs(prisma, deps);
    if (result.diverged > 0) logger.error("transparency log divergence detected", result);
  });
}
