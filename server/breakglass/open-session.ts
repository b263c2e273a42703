// Opening break-glass: checked against the policy, then either active at once (self-service scopes; security
// officers are told immediately) or pending until a second person approves. The router demands a fresh
// authentication before this runs.
import { appendAudit } from "../audit/append-audit";
import { DomainError } from "../lib/domain-error";
import { notifySecurityOfficers } from "../notifications/notify";
import { type BreakGlassActorContext, type BreakGlassDeps, SESSION_SUBJECT, sessionLink } from "./deps";
import { activationTimes, decideOpen, requestExpiry } from "./policy";
import { recordExpiries } from "./record-expiries";
import { type OpenSessionInput, type SessionView, ZOpenSessionInput } from "./schemas";
import { sessionSelect, toSessionView } from "./session-row";
import { sessionWebhookEvent } from "./webhook-event";

export async function openSession(
  deps: BreakGlassDeps,
  options: BreakGlassActorContext & { input: OpenSessionInput },
): Promise<SessionView> {
  const input = ZOpenSessionInput.parse(options.input);
  const decision = decideOpen(deps.policy, input);
  const { actor } = options;
  // an earlier session of this user that has run out is recorded as expired first, so it does not block this one
  await recordExpiries(deps, { userId: actor.id, detectedBy: "request" });
  const now = deps.clock.now();
  const times = decision.approvalRequired
    ? null
    : activationTimes(deps.policy, decision.durationMinutes, now);
  const row = await deps.prisma
    .$transaction(async (tx) => {
      const open = await tx.breakGlassSession.findFirst({
        where: { requesterId: actor.id, status: { in: ["PENDING", "ACTIVE"] } },
        select: { status: true },
      });
      if (open) {
        throw new DomainError(
          "CONFLICT",
          open.status === "ACTIVE"
            ? "You already have an active break-glass session: extend it or close it first"
            : "You already have a break-glass request waiting for approval",
        );
      }
      const created = await tx.breakGlassSession.create({
        data: {
          requesterId: actor.id,
          requesterName: actor.name,
          reasonCode: input.reasonCode,
          justification: input.justification,
          ticketRef: input.ticketRef ?? null,
          scopes: decision.scopes,
          durationMinutes: decision.durationMinutes,
          approvalRequired: decision.approvalRequired,
          status: times ? "ACTIVE" : "PENDING",
          requestedAt: now,
          requestExpiresAt: times ? null : requestExpiry(deps.policy, now),
          ...(times ?? {}),
        },
        select: sessionSelect,
      });
      const common = {
        reasonCode: created.reasonCode,
        justification: created.justification,
        ticketRef: created.ticketRef,
        scopes: created.scopes,
        durationMinutes: created.durationMinutes,
      };
      await appendAudit(tx, {
        payload: times
          ? {
              type: "breakglass.opened",
              ...common,
              mode: "self-service",
              expiresAt: times.expiresAt.toISOString(),
              hardExpiresAt: times.hardExpiresAt.toISOString(),
            }
          : {
              type: "breakglass.requested",
              ...common,
              approvalScopes: decision.approvalScopes,
              requestExpiresAt: (created.requestExpiresAt as Date).toISOString(),
            },
        actor,
        subject: { type: SESSION_SUBJECT, id: created.id },
        request: options.request,
        clock: deps.clock,
      });
      await notifySecurityOfficers(
        tx,
        {
          kind: times ? "breakglass.opened" : "breakglass.requested",
          title: times
            ? `${actor.name} opened break-glass (${created.reasonCode})`
            : `${actor.name} asks for break-glass approval (${created.reasonCode})`,
          body: `${created.scopes.join(", ")} for ${created.durationMinutes} min: ${created.justification}`,
          link: sessionLink(created.id),
          at: now,
        },
        { exceptUserId: actor.id },
      );
      return created;
    })
    .catch((error: unknown) => {
      // two opens racing past the check above meet the partial unique index; the loser gets the same answer
      if ((error as { code?: string }).code === "P2002") {
        throw new DomainError("CONFLICT", "You already have an open break-glass session or request");
      }
      throw error;
    });
  deps.webhook?.send(
    sessionWebhookEvent(times ? "breakglass.opened" : "breakglass.requested", row, actor.name, now),
  );
  return toSessionView(row, deps.policy, now);
}
