// The sweeper records what the clock already decided: pending requests past their expiry become EXPIRED (closed
// at their expiresAt), each with one audit event. The conditional update makes it exactly once however many
// server instances sweep at the same moment (a second sweeper waits on the rows, then no longer matches
// status = 'PENDING'). Decisions never wait for it: they compare expiresAt with the clock themselves.
import { appendAudit } from "../../audit/append-audit";
import { SYSTEM_ACTOR } from "../../audit/events";
import { logger } from "../../lib/logger";
import { startPeriodicJob } from "../../lib/periodic-job";
import { eventsOf, type PromotionDeps } from "./deps";
import type { Environment } from "./vocabulary";
import { type PromotionWebhookEvent, releaseLink } from "./webhook-events";

export const EXPIRED_REASON = "no decision before the request expired";

export async function sweepExpiredRequests(deps: PromotionDeps): Promise<{ expired: string[] }> {
  const now = deps.clock.now();
  const due = await deps.prisma.promotionRequest.count({
    where: { status: "PENDING", expiresAt: { lte: now } },
  });
  if (due === 0) return { expired: [] };
  const events: PromotionWebhookEvent[] = [];
  const expired = await deps.prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      {
        id: string;
        releaseId: string;
        environment: string;
        product: string;
        version: string;
        bundleDigest: string;
      }[]
    >`
      UPDATE "promotion_requests" AS r
      SET "status" = 'EXPIRED', "closed_at" = r."expires_at", "closed_reason" = ${EXPIRED_REASON}
      FROM "releases" AS rel
      WHERE r."status" = 'PENDING' AND r."expires_at" <= ${now} AND rel."id" = r."release_id"
      RETURNING r."id"::text AS "id", r."release_id"::text AS "releaseId", r."environment",
        rel."product", rel."version", rel."bundle_digest" AS "bundleDigest"`;
    for (const row of rows) {
      const environment = row.environment as Environment;
      await appendAudit(tx, {
        payload: {
          type: "promotion.request_closed",
          requestId: row.id,
          releaseId: row.releaseId,
          environment,
          status: "EXPIRED",
          reason: EXPIRED_REASON,
        },
        actor: SYSTEM_ACTOR,
        subject: { type: "promotion-request", id: row.id },
        clock: deps.clock,
      });
      events.push({
        type: "promotion.request_closed",
        occurredAt: now.toISOString(),
        releaseId: row.releaseId,
        product: row.product,
        version: row.version,
        environment,
        requestId: row.id,
        promotionId: null,
        actor: SYSTEM_ACTOR.name,
        outcome: "EXPIRED",
        bundleDigest: row.bundleDigest,
        link: releaseLink(row.releaseId),
      });
    }
    return rows.map((row) => row.id);
  });
  for (const event of events) eventsOf(deps).send(event);
  return { expired };
}

/** Sweeps every `periodMs` in this process (the same periodic-job helper as the other sweepers). */
export function startPromotionSweeper(makeDeps: () => Promise<PromotionDeps>, periodMs: number): () => void {
  return startPeriodicJob("promotion request sweep", periodMs, async () => {
    const result = await sweepExpiredRequests(await makeDeps());
    if (result.expired.length > 0) logger.info("promotion request sweep", { expired: result.expired.length });
  });
}
