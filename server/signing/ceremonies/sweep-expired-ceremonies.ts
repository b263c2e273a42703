// The sweeper records what the clock already decided: pending ceremonies past their expiry become expired, each
// with one audit event. The conditional update makes it exactly once, however many server instances sweep at the
// same time (a second sweeper waits on the row and then no longer matches `status = 'pending'`). It runs when the
// ceremony list is read and can be run by any scheduler (`sweepExpiredCeremonies(prisma)`).
import { appendAudit } from "../../audit/append-audit";
import { SYSTEM_ACTOR } from "../../audit/events";
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
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
