// A person or a pipeline asks for a release to be promoted to an environment. The release row is locked, so
// requests for one release are made one after the other. Asking again while a live request is open answers that
// request (idempotent for retrying pipelines), and completes it when its approvals are in and the gates are open,
// so a pipeline that waited out a soak or a freeze promotes by asking again. An environment whose policy asks for
// no approval (DEV by default) is promoted in the same step.
import { appendAudit } from "../../audit/append-audit";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { notifyUsers } from "../../notifications/notify";
import { type PendingEvaluation, recordEvaluation } from "../../policies/evaluate-release";
import { closeRequest } from "./close-request";
import { type ActingContext, auditActorOf } from "./deps";
import {
  loadPromotions,
  loadRules,
  lockRelease,
  promotionFactsOf,
  type ReleaseRow,
  type RequestRow,
  requestFactOf,
  requestSelect,
} from "./facts";
import {
  checkRequest,
  describeRequirement,
  type EnvironmentRule,
  effectiveStatus,
  expiresAtFor,
  ruleFor,
  sameBinding,
  tallyApprovals,
  VOID_MESSAGE,
} from "./policy";
import { type PromotionRecord, promoteInTransaction } from "./promote-release";
import { PromotionRefusal, type StepResult, type StepSubject } from "./refusal";
import { type CurrentVerification, reverifyRelease } from "./reverify-release";
import { type RequestPromotionInput, ZRequestPromotionInput } from "./schemas";
import { EXPIRED_REASON } from "./sweep-expired-requests";
import { type Environment, roleLabel } from "./vocabulary";
import { type PromotionWebhookEvent, releaseLink } from "./webhook-events";

export type RequestPromotionOptions = RequestPromotionInput &
  ActingContext & {
    clock: Clock;
    /** an active break-glass grant of promotion:override-freeze, if the person holds one */
    freezeOverrideSessionId?: string | null;
  };

export type PromotionStepResult = {
  requestId: string;
  environment: Environment;
  status: "PENDING" | "PROMOTED" | "REJECTED";
  /** false: an open request for the same environment was answered instead */
  created: boolean;
  promotion: PromotionRecord | null;
  /** approvals complete, but a gate holds the promotion (soak, freeze): why, and until when if known */
  held: { gate: string; message: string; until: Date | null } | null;
  /** e.g. "1 security officer"; null once nothing is missing */
  stillNeeded: string | null;
};

export function stillNeededText(
  rule: EnvironmentRule,
  missing: { role: string; count: number }[],
): string | null {
  if (rule.requiredApprovals.length === 0 || missing.length === 0) return null;
  return missing.map((line) => `${line.count} ${roleLabel(line.role).toLowerCase()}`).join(" + ");
}

async function notifyApprovers(
  tx: PortalTx,
  options: {
    rule: EnvironmentRule;
    release: ReleaseRow;
    requesterId: string | null;
    requestedBy: string;
    at: Date;
  },
) {
  const roles = options.rule.requiredApprovals.map((line) => line.role);
  if (roles.length === 0) return;
  const approvers = await tx.user.findMany({
    where: { disabled: false, roles: { hasSome: roles } },
    select: { id: true },
  });
  await notifyUsers(
    tx,
    approvers.map((user) => user.id).filter((id) => id !== options.requesterId),
    {
      kind: "promotion.requested",
      title: `${options.release.product} ${options.release.version} waits for ${options.rule.environment} approval`,
      body: `${options.requestedBy} asks to promote it to ${options.rule.environment}: needs ${describeRequirement(options.rule.requiredApprovals)}.`,
      link: releaseLink(options.release.id),
      at: options.at,
    },
  );
}

/** Tries to complete an open request whose approvals are all in; the promotion may still be held by a gate. */
/** Who a gate evaluation made during a promotion step is recorded for. */
export function evaluationContext(options: { context: ActingContext; clock: Clock }) {
  return {
    actor: auditActorOf(options.context.actor),
    request: options.context.request,
    clock: options.clock,
  };
}

export async function completeIfApproved(
  tx: PortalTx,
  options: {
    release: ReleaseRow;
    request: RequestRow;
    rule: EnvironmentRule;
    verification: CurrentVerification;
    context: ActingContext;
    freezeOverrideSessionId: string | null;
    clock: Clock;
  },
): Promise<{
  result: PromotionStepResult;
  events: PromotionWebhookEvent[];
  /** the gate evaluation that held the promotion, recorded here; a caller that refuses records it again */
  heldBy?: PendingEvaluation;
}> {
  const { request, rule, verification } = options;
  const tally = tallyApprovals(rule, requestFactOf(request), verification.binding);
  const base = {
    requestId: request.id,
    environment: request.environment as Environment,
    created: false,
    stillNeeded: stillNeededText(rule, tally.missing),
  };
  if (!tally.complete) {
    return { result: { ...base, status: "PENDING", promotion: null, held: null }, events: [] };
  }
  const outcome = await promoteInTransaction(tx, {
    release: options.release,
    request,
    verification,
    actor: options.context.actor,
    freezeOverrideSessionId: options.freezeOverrideSessionId,
    requestMeta: options.context.request,
    clock: options.clock,
  });
  if ("held" in outcome) {
    const { gate, message, until } = outcome.held;
    if (outcome.evaluation) await recordEvaluation(tx, outcome.evaluation, evaluationContext(options));
    return {
      result: { ...base, status: "PENDING", promotion: null, held: { gate, message, until } },
      events: [],
      heldBy: outcome.evaluation,
    };
  }
  return {
    result: { ...base, status: "PROMOTED", promotion: outcome.promoted, held: null },
    events: [outcome.event],
  };
}

export async function requestPromotion(
  tx: PortalTx,
  options: RequestPromotionOptions,
  subject?: StepSubject,
): Promise<StepResult<PromotionStepResult>> {
  const input = ZRequestPromotionInput.parse(options);
  const { actor } = options;
  const now = options.clock.now();
  const events: PromotionWebhookEvent[] = [];
  const release = await lockRelease(tx, input.releaseId);
  if (subject) Object.assign(subject, { releaseId: release.id, environment: input.environment });
  const rules = await loadRules(tx);
  const rule = ruleFor(rules, input.environment);
  const verification = await reverifyRelease(tx, release, options.clock);
  const freezeOverrideSessionId = options.freezeOverrideSessionId ?? null;

  const open = await tx.promotionRequest.findFirst({
    where: { releaseId: release.id, environment: input.environment, status: "PENDING" },
    select: requestSelect,
  });
  if (open) {
    const stale =
      effectiveStatus(requestFactOf(open), now) === "EXPIRED"
        ? { status: "EXPIRED" as const, reason: EXPIRED_REASON }
        : !sameBinding(open, verification.binding)
          ? { status: "CANCELLED" as const, reason: VOID_MESSAGE }
          : null;
    if (!stale) {
      const completed = await completeIfApproved(tx, {
        release,
        request: open,
        rule,
        verification,
        context: options,
        freezeOverrideSessionId,
        clock: options.clock,
      });
      return { value: completed.result, events: completed.events };
    }
    // the open request can no longer lead anywhere: record why (once), then make the new one
    const closed = await closeRequest(tx, {
      requestId: open.id,
      ...stale,
      actor: { id: null, name: "system", roles: [] },
      clock: options.clock,
    });
    if (closed) events.push(closed);
  }

  const check = checkRequest({
    environment: input.environment,
    rules,
    promotions: promotionFactsOf(await loadPromotions(tx, release.id)),
    verification: verification.verdict,
  });
  if (!check.ok) throw new PromotionRefusal(check.code, check.message);

  const expiresAt = expiresAtFor(rule, now);
  const created = await tx.promotionRequest.create({
    data: {
      releaseId: release.id,
      environment: input.environment,
      status: "PENDING",
      requestedById: actor.kind === "person" ? actor.id : null,
      requestedByTokenId: actor.kind === "api-token" ? actor.tokenId : null,
      requestedByName: actor.name,
      comment: input.comment || null,
      bundleDigest: verification.binding.bundleDigest,
      verificationDigest: verification.binding.verificationDigest,
      requestedAt: now,
      expiresAt,
    },
    select: requestSelect,
  });
  if (subject) subject.requestId = created.id;
  await appendAudit(tx, {
    payload: {
      type: "promotion.requested",
      requestId: created.id,
      releaseId: release.id,
      product: release.product,
      version: release.version,
      environment: input.environment,
      via: actor.kind,
      comment: input.comment || null,
      requiredApprovals: describeRequirement(rule.requiredApprovals),
      bundleDigest: verification.binding.bundleDigest,
      verificationDigest: verification.binding.verificationDigest,
      expiresAt: expiresAt.toISOString(),
    },
    actor: auditActorOf(actor),
    subject: { type: "promotion-request", id: created.id },
    request: options.request,
    clock: options.clock,
  });
  await notifyApprovers(tx, {
    rule,
    release,
    requesterId: actor.kind === "person" ? actor.id : null,
    requestedBy: actor.name,
    at: now,
  });
  events.push({
    type: "promotion.requested",
    occurredAt: now.toISOString(),
    releaseId: release.id,
    product: release.product,
    version: release.version,
    environment: input.environment,
    requestId: created.id,
    promotionId: null,
    actor: actor.name,
    outcome: null,
    bundleDigest: release.bundleDigest,
    link: releaseLink(release.id),
  });

  const completed = await completeIfApproved(tx, {
    release,
    request: created,
    rule,
    verification,
    context: options,
    freezeOverrideSessionId,
    clock: options.clock,
  });
  return { value: { ...completed.result, created: true }, events: [...events, ...completed.events] };
}
