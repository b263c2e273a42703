// A second person approves or rejects a pending request. The requester can never decide their own; the grant
// starts at approval (the requested duration runs from then), and the request may have lapsed meanwhile.
import { appendAudit } from "../audit/append-audit";
import { notifySecurityOfficers, notifyUsers } from "../notifications/notify";
import { type BreakGlassActorContext, type BreakGlassDeps, SESSION_SUBJECT, sessionLink } from "./deps";
import { loadSession, lostRace } from "./load-session";
import { activationTimes, assertCanDecide } from "./policy";
import { recordExpiries } from "./record-expiries";
import { type DecideInput, type SessionView, ZDecideInput } from "./schemas";
import { factsOf, sessionSelect, toSessionView } from "./session-row";
import { sessionWebhookEvent } from "./webhook-event";

export async function decideRequest(
  deps: BreakGlassDeps,
  options: BreakGlassActorContext & { input: DecideInput },
): Promise<SessionView> {
  const input = ZDecideInput.parse(options.input);
  const { actor } = options;
  await recordExpiries(deps, { sessionIds: [input.sessionId], detectedBy: "request" });
  const now = deps.clock.now();
  const row = await deps.prisma.$transaction(async (tx) => {
    const current = await loadSession(tx, input.sessionId);
    assertCanDecide(factsOf(current), actor.id, now);
    const decided = { decidedById: actor.id, decidedByName: actor.name, decidedAt: now };
    const times = input.approve ? activationTimes(deps.policy, current.durationMinutes, now) : null;
    const [updated] = await tx.breakGlassSession.updateManyAndReturn({
      where: { id: current.id, status: "PENDING", requestExpiresAt: { gt: now } },
      data: times ? { ...decided, status: "ACTIVE", ...times } : { ...decided, status: "REJECTED" },
      select: sessionSelect,
    });
    if (!updated) throw lostRace();
    await appendAudit(tx, {
      payload: times
        ? {
            type: "breakglass.opened",
            reasonCode: updated.reasonCode,
            justification: updated.justification,
            ticketRef: updated.ticketRef,
            scopes: updated.scopes,
            durationMinutes: updated.durationMinutes,
            mode: "approved",
            expiresAt: times.expiresAt.toISOString(),
            hardExpiresAt: times.hardExpiresAt.toISOString(),
          }
        : { type: "breakglass.rejected", note: input.note },
      actor,
      subject: { type: SESSION_SUBJECT, id: updated.id },
      request: options.request,
      clock: deps.clock,
    });
    const notice = {
      kind: times ? "breakglass.approved" : "breakglass.rejected",
      title: times
        ? `${actor.name} approved break-glass for ${updated.requesterName}`
        : `${actor.name} rejected break-glass for ${updated.requesterName}`,
      body: times
        ? `${updated.scopes.join(", ")} until ${times.expiresAt.toISOString()}`
        : input.note || "No note given.",
      link: sessionLink(updated.id),
      at: now,
    };
    await notifyUsers(tx, [updated.requesterId], notice);
    await notifySecurityOfficers(tx, notice, { exceptUserId: actor.id });
    return updated;
  });
  deps.webhook?.send(
    sessionWebhookEvent(input.approve ? "breakglass.approved" : "breakglass.rejected", row, actor.name, now),
  );
  return toSessionView(row, deps.policy, now);
}
