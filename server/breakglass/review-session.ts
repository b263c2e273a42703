// Post-incident review: a security officer who is not the requester acknowledges the session or flags it with
// notes, once, after it has ended.
import { appendAudit } from "../audit/append-audit";
import { type BreakGlassActorContext, type BreakGlassDeps, SESSION_SUBJECT } from "./deps";
import { loadSession, lostRace } from "./load-session";
import { assertCanReview } from "./policy";
import { recordExpiries } from "./record-expiries";
import { type ReviewInput, type SessionView, ZReviewInput } from "./schemas";
import { factsOf, sessionSelect, toSessionView } from "./session-row";

export async function reviewSession(
  deps: BreakGlassDeps,
  options: BreakGlassActorContext & { input: ReviewInput },
): Promise<SessionView> {
  const input = ZReviewInput.parse(options.input);
  const { actor } = options;
  await recordExpiries(deps, { sessionIds: [input.sessionId], detectedBy: "request" });
  const now = deps.clock.now();
  const row = await deps.prisma.$transaction(async (tx) => {
    assertCanReview(factsOf(await loadSession(tx, input.sessionId)), actor.id);
    const [updated] = await tx.breakGlassSession.updateManyAndReturn({
      where: { id: input.sessionId, reviewStatus: "PENDING" },
      data: {
        reviewStatus: input.outcome,
        reviewedById: actor.id,
        reviewedByName: actor.name,
        reviewedAt: now,
        reviewNotes: input.notes,
      },
      select: sessionSelect,
    });
    if (!updated) throw lostRace();
    await appendAudit(tx, {
      payload: { type: "breakglass.reviewed", outcome: input.outcome, notes: input.notes },
      actor,
      subject: { type: SESSION_SUBJECT, id: updated.id },
      request: options.request,
      clock: deps.clock,
    });
    return updated;
  });
  return toSessionView(row, deps.policy, now);
}
