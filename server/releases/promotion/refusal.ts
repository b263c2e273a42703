// A refused promotion step. It is thrown inside the step's transaction, which rolls back everything the step
// did; `runPromotionStep` then writes, in a transaction of its own, the refusal's audit event and what the
// refusal found out (a request that turned out to be expired or void is recorded as closed, exactly once).
import { appendAudit } from "../../audit/append-audit";
import type { PortalTx } from "../../db/connection";
import { DomainError, type DomainErrorCode } from "../../lib/domain-error";
import { SigningFailure } from "../../signing/signing-failure";
import type { PROMOTION_ACTIONS } from "./audit-events";
import { closeRequest } from "./close-request";
import { type ActingContext, auditActorOf, eventsOf, type PromotionDeps } from "./deps";
import type { Environment } from "./vocabulary";
import type { PromotionWebhookEvent } from "./webhook-events";

export type PromotionAction = (typeof PROMOTION_ACTIONS)[number];

export type CloseOnRefusal = { requestId: string; status: "EXPIRED" | "CANCELLED"; reason: string };

export class PromotionRefusal extends DomainError {
  constructor(
    code: DomainErrorCode,
    message: string,
    readonly close: CloseOnRefusal | null = null,
    details?: Record<string, unknown>,
    /** what the refused step found out and must be kept although its transaction rolled back (a gate evaluation) */
    readonly keep: ((tx: PortalTx) => Promise<unknown>) | null = null,
  ) {
    super(code, message, details);
  }
}

export type StepSubject = {
  action: PromotionAction;
  requestId: string | null;
  releaseId: string | null;
  environment: Environment | null;
};

export type StepResult<T> = { value: T; events: PromotionWebhookEvent[] };

/**
 * Runs one step in a transaction; on success, hands its webhook events to the sink (after the commit); on a
 * domain refusal, audits it (and records a closure the refusal discovered), then rethrows it for the caller.
 */
export async function runPromotionStep<T>(
  deps: PromotionDeps,
  context: ActingContext,
  subject: StepSubject,
  work: (tx: PortalTx, subject: StepSubject) => Promise<StepResult<T>>,
): Promise<T> {
  let result: StepResult<T>;
  try {
    // the step fills in what it learns (the release and environment of a request) for the refusal's event
    result = await deps.prisma.$transaction((tx) => work(tx, subject), { timeout: 30_000 });
  } catch (error) {
    if (error instanceof DomainError && error.code !== "NOT_FOUND") {
      const events: PromotionWebhookEvent[] = [];
      await deps.prisma.$transaction(async (tx) => {
        if (error instanceof PromotionRefusal && error.close) {
          const closed = await closeRequest(tx, {
            ...error.close,
            actor: { id: null, name: "system", roles: [] },
            clock: deps.clock,
          });
          if (closed) events.push(closed);
        }
        if (error instanceof PromotionRefusal && error.keep) await error.keep(tx);
        // a signing request that failed inside the step is audited like every signing request
        if (error instanceof SigningFailure) {
          await appendAudit(tx, {
            payload: error.audit.payload,
            actor: error.audit.requester,
            subject: { type: "signing-key", id: error.audit.payload.keyId ?? error.audit.payload.purpose },
            request: error.audit.request,
            clock: error.audit.clock,
          });
        }
        await appendAudit(tx, {
          payload: {
            type: "promotion.refused",
            action: subject.action,
            requestId: subject.requestId,
            releaseId: subject.releaseId,
            environment: subject.environment,
            code: error.code,
            message: error.message,
          },
          actor: auditActorOf(context.actor),
          subject: subject.requestId
            ? { type: "promotion-request", id: subject.requestId }
            : { type: "release", id: subject.releaseId },
          request: context.request,
          clock: deps.clock,
        });
      });
      for (const event of events) eventsOf(deps).send(event);
    }
    throw error;
  }
  for (const event of result.events) eventsOf(deps).send(event);
  return result.value;
}
