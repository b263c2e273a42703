// Ending a session early: closed by its requester, or revoked by a security officer. Both end it the same way as
// expiry does (status leaves ACTIVE, so the very next request has no grant) and write the exit event once.
import { appendAudit } from "../audit/append-audit";
import { notifySecurityOfficers, notifyUsers } from "../notifications/notify";
import { type BreakGlassActorContext, type BreakGlassDeps, SESSION_SUBJECT, sessionLink } from "./deps";
import { loadSession, lostRace } from "./load-session";
import { assertCanClose, assertCanRevoke } from "./policy";
import { recordExpiries } from "./record-expiries";
import { type CloseInput, type RevokeInput, type SessionView, ZCloseInput, ZRevokeInput } from "./schemas";
import { factsOf, sessionSelect, toSessionView } from "./session-row";
import { sessionWebhookEvent } from "./webhook-event";

type EndKind = { kind: "close"; input: CloseInput } | { kind: "revoke"; input: RevokeInput };

export function closeSession(deps: BreakGlassDeps, options: BreakGlassActorContext & { input: CloseInput }) {
  return endSession(deps, { ...options, kind: "close", input: ZCloseInput.parse(options.input) });
}

export function revokeSession(
  deps: BreakGlassDeps,
  options: BreakGlassActorContext & { input: RevokeInput },
) {
  return endSession(deps, { ...options, kind: "revoke", input: ZRevokeInput.parse(options.input) });
}

async function endSession(
  deps: BreakGlassDeps,
  options: BreakGlassActorContext & EndKind,
): Promise<SessionView> {
  const { actor } = options;
  const sessionId = options.input.sessionId;
  await recordExpiries(deps, { sessionIds: [sessionId], detectedBy: "request" });
  const now = deps.clock.now();
  const note = options.input.note?.trim() || null;
  const status = options.kind === "close" ? "CLOSED" : "REVOKED";
  const row = await deps.prisma.$transaction(async (tx) => {
    const current = await loadSession(tx, sessionId);
    if (options.kind === "close") assertCanClose(factsOf(current), actor.id, now);
    else assertCanRevoke(factsOf(current), now);
    const [updated] = await tx.breakGlassSession.updateManyAndReturn({
      where: { id: sessionId, status: "ACTIVE", expiresAt: { gt: now } },
      data: {
        status,
        endedAt: now,
        endedById: actor.id,
        endedByName: actor.name,
        endNote: note,
        reviewStatus: "PENDING",
      },
      select: sessionSelect,
    });
    if (!updated) throw lostRace();
    await appendAudit(tx, {
      payload:
        options.kind === "close"
          ? { type: "breakglass.closed", note }
          : { type: "breakglass.revoked", note: note ?? "" },
      actor,
      subject: { type: SESSION_SUBJECT, id: updated.id },
      request: options.request,
      clock: deps.clock,
    });
    const notice = {
      kind: options.kind === "close" ? "breakglass.closed" : "breakglass.revoked",
      title:
        options.kind === "close"
          ? `${updated.requesterName} closed break-glass`
          : `${actor.name} revoked break-glass of ${updated.requesterName}`,
      body: `${note ?? "No note."} The session now awaits review.`,
      link: sessionLink(updated.id),
      at: now,
    };
    await notifySecurityOfficers(tx, notice, { exceptUserId: actor.id });
    if (options.kind === "revoke" && updated.requesterId !== actor.id) {
      await notifyUsers(tx, [updated.requesterId], {
        ...notice,
        title: `${actor.name} revoked your break-glass session`,
      });
    }
    return updated;
  });
  deps.webhook?.send(
    sessionWebhookEvent(
      options.kind === "close" ? "breakglass.closed" : "breakglass.revoked",
      row,
      actor.name,
      now,
    ),
  );
  return toSessionView(row, deps.policy, now);
}
