// The sweeper records what the clock already decided: pending ceremonies past their expiry become expired, each
// with one audit event. The conditional update makes it exactly once, however many server instances sweep at the
// same time (a second sweeper waits on the row and then no longer matches `status = 'pending'`). It runs when the
// ceremony list is read, and on a schedule with the server (`startCeremonySweeper`, from instrumentation.ts), so
// an expiry is in the audit log even when nobody opens the list.
import { appendAudit } from "../../audit/append-audit";
import { SYSTEM_ACTOR } from "../../audit/events";
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { logger } from "../../lib/logger";
import { startPeriodicJob } from "../../lib/periodic-job";
import type { CeremonyOperation } from "./vocabulary";

export async function sweepExpiredCeremonies(
  prisma: PortalPrisma,
  clock: Clock,
): Promise<{ expired: number }> {
  const now = clock.now();
  const due = await prisma.keyCeremony.count({ where: { status: "pending", expiresAt: { lte: now } } });
  if (due === 0) return { expired: 0 };
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; operation: string }[]>`
      UPDATE "key_ceremonies" SET "status" = 'expired', "closed_at" = "expires_at"
      WHERE "status" = 'pending' AND "expires_at" <= ${now}
      RETURNING "id"::text AS "id", "operation"`;
    for (const row of rows) {
      await appendAudit(tx, {
        payload: {
          type: "signing.ceremony_closed",
          ceremonyId: row.id,
          operation: row.operation as CeremonyOperation,
          status: "expired",
        },
        actor: SYSTEM_ACTOR,
        subject: { type: "key-ceremony", id: row.id },
        clock,
      });
    }
    return { expired: rows.length };
  });
}

/** Sweeps every `periodMs` in this process (the same periodic-job helper as the break-glass sweeper). */
export function startCeremonySweeper(
  makeDeps: () => Promise<{ prisma: PortalPrisma; clock: Clock }>,
  periodMs: number,
): () => void {
  return startPeriodicJob("key ceremony sweep", periodMs, async () => {
    const { prisma, clock } = await makeDeps();
    const result = await sweepExpiredCeremonies(prisma, clock);
    if (result.expired > 0) logger.info("key ceremony sweep", result);
  });
}
