// Withdraws a pending request (a release manager changed their mind, a newer build replaces it). Its decisions
// stay on record; a new request starts from none.
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { closeRequest } from "./close-request";
import { type ActingContext, auditActorOf } from "./deps";
import { lockRequest, requestFactOf } from "./facts";
import { closedRefusal, effectiveStatus } from "./policy";
import { PromotionRefusal, type StepResult, type StepSubject } from "./refusal";
import { ZCancelInput } from "./schemas";
import { EXPIRED_REASON } from "./sweep-expired-requests";
import type { Environment } from "./vocabulary";

export async function cancelRequest(
  tx: PortalTx,
  options: ActingContext & { requestId: string; reason: string; clock: Clock },
  subject?: StepSubject,
): Promise<StepResult<{ requestId: string; status: "CANCELLED" }>> {
  const input = ZCancelInput.parse(options);
  const row = await lockRequest(tx, input.requestId);
  if (subject)
    Object.assign(subject, { releaseId: row.releaseId, environment: row.environment as Environment });
  const status = effectiveStatus(requestFactOf(row), options.clock.now());
  if (status !== "PENDING") {
    const refusal = closedRefusal(status);
    throw new PromotionRefusal(
      refusal.code,
      refusal.message,
      row.status === "PENDING" ? { requestId: row.id, status: "EXPIRED", reason: EXPIRED_REASON } : null,
    );
  }
  const closed = await closeRequest(tx, {
    requestId: row.id,
    status: "CANCELLED",
    reason: `cancelled by ${options.actor.name}: ${input.reason}`,
    actor: auditActorOf(options.actor),
    request: options.request,
    clock: options.clock,
  });
  return { value: { requestId: row.id, status: "CANCELLED" }, events: closed ? [closed] : [] };
}
