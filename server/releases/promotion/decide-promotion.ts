// A release engineer or security officer approves or rejects a promotion request. The request row is locked first
// (SELECT ... FOR UPDATE), so decisions on one request happen one after the other on every database: of two
// approvals arriving together as the last one, one promotes and the other finds the request promoted. The
// release is verified again before the decision counts; a request found expired or void is recorded as closed.
// Every decision records who, in which role, when they last authenticated, the comment, and the digests it
// approved; a rejection closes the request (a veto).
import { appendAudit } from "../../audit/append-audit";
import { assertFreshAuth } from "../../auth/fresh-auth";
import type { PortalTx } from "../../db/connection";
import { Prisma } from "../../db/generated/client";
import type { Clock } from "../../lib/clock";
import { notifyUsers } from "../../notifications/notify";
import { closeRequest } from "./close-request";
import { type ActingContext, auditActorOf, type PersonActor } from "./deps";
import { loadRelease, loadRules, lockRequest, requestFactOf } from "./facts";
import {
  checkDecision,
  DECISION_FRESH_AUTH_SECONDS,
  effectiveStatus,
  ruleFor,
  sameBinding,
  tallyApprovals,
  VOID_MESSAGE,
} from "./policy";
import { PromotionRefusal, type StepResult, type StepSubject } from "./refusal";
import { completeIfApproved, type PromotionStepResult, stillNeededText } from "./request-promotion";
import { reverifyRelease } from "./reverify-release";
import { type DecisionInput, ZDecisionInput, ZRejectInput } from "./schemas";
import { EXPIRED_REASON } from "./sweep-expired-requests";
import { type Decision, type Environment, roleLabel } from "./vocabulary";
import { type PromotionWebhookEvent, releaseLink } from "./webhook-events";

export type DecidePromotionOptions = DecisionInput & {
  decision: Decision;
  decider: PersonActor & { authTime: Date };
  request?: ActingContext["request"];
  clock: Clock;
  freezeOverrideSessionId?: string | null;
};

export type DecisionResult = PromotionStepResult & { decision: Decision; role: string };

export async function decidePromotion(
  tx: PortalTx,
  options: DecidePromotionOptions,
  subject?: StepSubject,
): Promise<StepResult<DecisionResult>> {
  const input = (options.decision === "REJECT" ? ZRejectInput : ZDecisionInput).parse(options);
  const { decider, clock } = options;
  const now = clock.now();
  // the procedure checks this too; the rule belongs to the decision, whoever calls it
  assertFreshAuth(decider.authTime, now, DECISION_FRESH_AUTH_SECONDS);

  const row = await lockRequest(tx, input.requestId);
  const environment = row.environment as Environment;
  if (subject) Object.assign(subject, { releaseId: row.releaseId, environment });
  const release = await loadRelease(tx, row.releaseId);
  const verification = await reverifyRelease(tx, release, clock);
  const rule = ruleFor(await loadRules(tx), environment);
  const fact = requestFactOf(row);
  const check = checkDecision({
    request: fact,
    release: verification.binding,
    verification: verification.verdict,
    rule,
    viewer: { id: decider.id, roles: decider.roles },
    decision: options.decision,
    role: input.role,
    now,
  });
  if (!check.ok) {
    const close =
      row.status === "PENDING" && effectiveStatus(fact, now) === "EXPIRED"
        ? { requestId: row.id, status: "EXPIRED" as const, reason: EXPIRED_REASON }
        : row.status === "PENDING" && !sameBinding(fact, verification.binding)
          ? { requestId: row.id, status: "CANCELLED" as const, reason: VOID_MESSAGE }
          : null;
    throw new PromotionRefusal(check.code, check.message, close);
  }

  const comment = input.comment ?? "";
  try {
    await tx.promotionApproval.create({
      data: {
        requestId: row.id,
        approverId: decider.id,
        approverName: decider.name,
        role: check.role,
        decision: options.decision,
        comment,
        bundleDigest: verification.binding.bundleDigest,
        verificationDigest: verification.binding.verificationDigest,
        authTime: decider.authTime,
        decidedAt: now,
      },
      select: { id: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new PromotionRefusal("CONFLICT", "you already decided this request: one person counts once");
    }
    throw error;
  }
  const audit = {
    actor: auditActorOf(decider),
    subject: { type: "promotion-request", id: row.id },
    request: options.request,
    clock,
  };
  const stillNeeded = options.decision === "APPROVE" ? stillNeededText(rule, check.tally.missing) : null;
  await appendAudit(tx, {
    ...audit,
    payload: {
      type: "promotion.decided",
      requestId: row.id,
      releaseId: row.releaseId,
      environment,
      decision: options.decision,
      role: check.role,
      comment,
      authTime: decider.authTime.toISOString(),
      bundleDigest: verification.binding.bundleDigest,
      verificationDigest: verification.binding.verificationDigest,
      stillMissing: stillNeeded,
    },
  });
  const events: PromotionWebhookEvent[] = [
    {
      type: "promotion.decided",
      occurredAt: now.toISOString(),
      releaseId: row.releaseId,
      product: release.product,
      version: release.version,
      environment,
      requestId: row.id,
      promotionId: null,
      actor: decider.name,
      outcome: options.decision,
      bundleDigest: release.bundleDigest,
      link: releaseLink(row.releaseId),
    },
  ];

  // the person who asked hears how it ended (a pipeline reads the webhook or polls)
  const tellRequester = async (title: string, body: string) => {
    if (row.requestedById && row.requestedById !== decider.id) {
      await notifyUsers(tx, [row.requestedById], {
        kind: "promotion.decided",
        title,
        body,
        link: releaseLink(row.releaseId),
        at: now,
      });
    }
  };

  if (options.decision === "REJECT") {
    await tellRequester(
      `${release.product} ${release.version}: ${environment} rejected`,
      `${decider.name} (${roleLabel(check.role).toLowerCase()}): ${comment}`,
    );
    const closed = await closeRequest(tx, {
      requestId: row.id,
      status: "REJECTED",
      reason: `rejected by ${decider.name} (${roleLabel(check.role).toLowerCase()}): ${comment}`,
      ...audit,
    });
    if (closed) events.push(closed);
    const missing = tallyApprovals(rule, fact, verification.binding).missing;
    return {
      value: {
        requestId: row.id,
        environment,
        status: "REJECTED",
        created: false,
        promotion: null,
        held: null,
        stillNeeded: stillNeededText(rule, missing),
        decision: options.decision,
        role: check.role,
      },
      events,
    };
  }

  const after = await lockRequest(tx, row.id);
  const completed = await completeIfApproved(tx, {
    release,
    request: after,
    rule,
    verification,
    context: { actor: decider, request: options.request },
    freezeOverrideSessionId: options.freezeOverrideSessionId ?? null,
    clock,
  });
  if (completed.result.status === "PROMOTED") {
    await tellRequester(
      `${release.product} ${release.version} promoted to ${environment}`,
      `The last approval came from ${decider.name} (${roleLabel(check.role).toLowerCase()}).`,
    );
  }
  return {
    value: { ...completed.result, decision: options.decision, role: check.role },
    events: [...events, ...completed.events],
  };
}
