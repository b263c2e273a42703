// Extending a session: only its requester, with a fresh authentication (router) and a reason, a limited number
// of times, continuing from the current expiry and never past the absolute maximum. Each extension is kept.
import { appendAudit } from "../audit/append-audit";
import { notifySecurityOfficers } from "../notifications/notify";
import { type BreakGlassActorContext, type BreakGlassDeps, SESSION_SUBJECT, sessionLink } from "./deps";
import { loadSession, lostRace } from "./load-session";
import { planExtension } from "./policy";
import { recordExpiries } from "./record-expiries";
import { type ExtendInput, type SessionView, ZExtendInput } from "./schemas";
import { factsOf, sessionSelect, toSessionView } from "./session-row";
import { sessionWebhookEvent } from "./webhook-event";

export async function extendSession(
  deps: BreakGlassDeps,
  options: BreakGlassActorContext & { input: ExtendInput },
): Promise<SessionView & { cappedAtAbsoluteMax: boolean }> {
  const input = ZExtendInput.parse(options.input);
  const { actor } = options;
  await recordExpiries(deps, { sessionIds: [input.sessionId], detectedBy: "request" });
  const now = deps.clock.now();
  const { row, capped } = await deps.prisma.$transaction(async (tx) => {
    const current = await loadSession(tx, input.sessionId);
    const plan = planExtension(
      deps.policy,
      factsOf(current),
      { actorId: actor.id, minutes: input.minutes },
      now,
    );
    // the expiry and count read above must still hold: a concurrent extension or exit makes this one fail
    const [updated] = await tx.breakGlassSession.updateManyAndReturn({
      where: {
        id: current.id,
        status: "ACTIVE",
        expiresAt: { equals: plan.fromExpiresAt, gt: now },
        extensionCount: current.extensionCount,
      },
      data: { expiresAt: plan.toExpiresAt, extensionCount: { increment: 1 } },
      select: sessionSelect,
    });
    if (!updated) throw lostRace();
    await tx.breakGlassExtension.create({
      data: {
        sessionId: updated.id,
        extendedAt: now,
        byId: actor.id,
        byName: actor.name,
        reason: input.reason,
        fromExpiresAt: plan.fromExpiresAt,
        toExpiresAt: plan.toExpiresAt,
      },
    });
    await appendAudit(tx, {
      payload: {
        type: "breakglass.extended",
        extension: updated.extensionCount,
        reason: input.reason,
        fromExpiresAt: plan.fromExpiresAt.toISOString(),
        toExpiresAt: plan.toExpiresAt.toISOString(),
        cappedAtAbsoluteMax: plan.capped,
      },
      actor,
      subject: { type: SESSION_SUBJECT, id: updated.id },
      request: options.request,
      clock: deps.clock,
    });
    await notifySecurityOfficers(
      tx,
      {
        kind: "breakglass.extended",
        title: `${actor.name} extended break-glass (${updated.extensionCount}/${deps.policy.extension.maxCount})`,
        body: `Now until ${plan.toExpiresAt.toISOString()}: ${input.reason}`,
        link: sessionLink(updated.id),
        at: now,
      },
      { exceptUserId: actor.id },
    );
    return { row: updated, capped: plan.capped };
  });
  deps.webhook?.send(sessionWebhookEvent("breakglass.extended", row, actor.name, now));
  return { ...toSessionView(row, deps.policy, now), cappedAtAbsoluteMax: capped };
}
