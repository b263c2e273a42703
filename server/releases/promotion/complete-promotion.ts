// "Promote now": for a request whose approvals are all in but whose promotion a gate held (the release was still
// soaking, the environment was frozen). Pipelines do the same by asking again (request-promotion.ts). Under an
// active break-glass grant of promotion:override-freeze, the same step goes through a freeze window, and only
// then: the override is for freezes, never for missing approvals, order, soak or a release that does not verify.
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { recordEvaluation } from "../../policies/evaluate-release";
import type { ActingContext } from "./deps";
import { loadFreezes, loadRelease, loadRules, lockRequest, requestFactOf } from "./facts";
import {
  activeFreeze,
  closedRefusal,
  effectiveStatus,
  ruleFor,
  sameBinding,
  tallyApprovals,
  VOID_MESSAGE,
} from "./policy";
import { PromotionRefusal, type StepResult, type StepSubject } from "./refusal";
import {
  completeIfApproved,
  evaluationContext,
  type PromotionStepResult,
  stillNeededText,
} from "./request-promotion";
import { reverifyRelease } from "./reverify-release";
import { ZRequestIdInput } from "./schemas";
import { EXPIRED_REASON } from "./sweep-expired-requests";
import type { Environment } from "./vocabulary";

export type CompletePromotionOptions = ActingContext & {
  requestId: string;
  clock: Clock;
  /** set for the break-glass override: the session whose promotion:override-freeze grant is used */
  freezeOverrideSessionId?: string | null;
};

export async function completePromotion(
  tx: PortalTx,
  options: CompletePromotionOptions,
  subject?: StepSubject,
): Promise<StepResult<PromotionStepResult>> {
  const { requestId } = ZRequestIdInput.parse(options);
  const now = options.clock.now();
  const row = await lockRequest(tx, requestId);
  const environment = row.environment as Environment;
  if (subject) Object.assign(subject, { releaseId: row.releaseId, environment });
  const fact = requestFactOf(row);
  const status = effectiveStatus(fact, now);
  if (status !== "PENDING") {
    const refusal = closedRefusal(status);
    throw new PromotionRefusal(
      refusal.code,
      refusal.message,
      row.status === "PENDING" ? { requestId, status: "EXPIRED", reason: EXPIRED_REASON } : null,
    );
  }
  const release = await loadRelease(tx, row.releaseId);
  const verification = await reverifyRelease(tx, release, options.clock);
  if (!sameBinding(fact, verification.binding)) {
    throw new PromotionRefusal("PRECONDITION_FAILED", VOID_MESSAGE, {
      requestId,
      status: "CANCELLED",
      reason: VOID_MESSAGE,
    });
  }
  if (!verification.verdict.ok) {
    throw new PromotionRefusal(
      "PRECONDITION_FAILED",
      `the release cannot be promoted: ${verification.verdict.reason}`,
    );
  }
  const overrideSessionId = options.freezeOverrideSessionId ?? null;
  if (overrideSessionId && !activeFreeze(await loadFreezes(tx, now, environment), environment, now)) {
    throw new PromotionRefusal(
      "PRECONDITION_FAILED",
      `no freeze window holds ${environment} now: there is nothing to override; promote it the normal way`,
    );
  }
  const rule = ruleFor(await loadRules(tx), environment);
  const tally = tallyApprovals(rule, fact, verification.binding);
  if (!tally.complete) {
    throw new PromotionRefusal(
      "PRECONDITION_FAILED",
      `${environment} still needs ${stillNeededText(rule, tally.missing)}: a promotion needs its approvals first`,
    );
  }
  const completed = await completeIfApproved(tx, {
    release,
    request: row,
    rule,
    verification,
    context: options,
    freezeOverrideSessionId: overrideSessionId,
    clock: options.clock,
  });
  if (completed.result.held) {
    const heldBy = completed.heldBy;
    throw new PromotionRefusal(
      "PRECONDITION_FAILED",
      completed.result.held.message,
      null,
      undefined,
      heldBy
        ? (refusalTx) =>
            recordEvaluation(refusalTx, heldBy, evaluationContext({ context: options, clock: options.clock }))
        : null,
    );
  }
  return { value: completed.result, events: completed.events };
}
