// Closes a pending request (rejected, expired, cancelled, or void because the release changed) exactly once: a
// conditional update (WHERE status = 'PENDING') in the transaction that writes its audit event, so two racers
// (a sweeper on each instance, a decision finding it expired) record it once between them.
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import type { Environment } from "./vocabulary";
import { type PromotionWebhookEvent, releaseLink } from "./webhook-events";

export type ClosingStatus = "REJECTED" | "EXPIRED" | "CANCELLED";

export async function closeRequest(
  tx: PortalTx,
  options: {
    requestId: string;
    status: ClosingStatus;
    reason: string;
    actor: AuditActor;
    request?: AuditRequestMeta;
    clock: Clock;
    /** when it closed, if not now (an expiry closes at expiresAt, whenever it is noticed) */
    closedAt?: Date;
  },
): Promise<PromotionWebhookEvent | null> {
  const now = options.clock.now();
  const row = await tx.promotionRequest.findUnique({
    where: { id: options.requestId },
    select: {
      status: true,
      releaseId: true,
      environment: true,
      expiresAt: true,
      release: { select: { product: true, version: true, bundleDigest: true } },
    },
  });
  if (row?.status !== "PENDING") return null;
  const closedAt = options.status === "EXPIRED" ? row.expiresAt : (options.closedAt ?? now);
  const moved = await tx.promotionRequest.updateMany({
    where: {
      id: options.requestId,
      status: "PENDING",
      ...(options.status === "EXPIRED" ? { expiresAt: { lte: now } } : {}),
    },
    data: { status: options.status, closedAt, closedReason: options.reason },
  });
  if (moved.count === 0) return null;
  await appendAudit(tx, {
    payload: {
      type: "promotion.request_closed",
      requestId: options.requestId,
      releaseId: row.releaseId,
      environment: row.environment as Environment,
      status: options.status,
      reason: options.reason,
    },
    actor: options.actor,
    subject: { type: "promotion-request", id: options.requestId },
    request: options.request,
    clock: options.clock,
  });
  return {
    type: "promotion.request_closed",
    occurredAt: now.toISOString(),
    releaseId: row.releaseId,
    product: row.release.product,
    version: row.release.version,
    environment: row.environment as Environment,
    requestId: options.requestId,
    promotionId: null,
    actor: options.actor.name,
    outcome: options.status,
    bundleDigest: row.release.bundleDigest,
    link: releaseLink(row.releaseId),
  };
}
