// The session report: the session, its extensions, and every audit event that belongs to it: its own lifecycle
// (subject = the session) and every action done with its grants (actor carries the session id).
import { DomainError } from "../lib/domain-error";
import { type BreakGlassDeps, SESSION_SUBJECT } from "./deps";
import type { SessionReport } from "./schemas";
import { sessionSelect, toSessionView } from "./session-row";

const MAX_EVENTS = 1_000;

export async function getSessionReport(
  deps: Pick<BreakGlassDeps, "prisma" | "clock" | "policy">,
  sessionId: string,
): Promise<SessionReport> {
  const now = deps.clock.now();
  const row = await deps.prisma.breakGlassSession.findUnique({
    where: { id: sessionId },
    select: sessionSelect,
  });
  if (!row) throw new DomainError("NOT_FOUND", "No such break-glass session");
  const [extensions, events] = await Promise.all([
    deps.prisma.breakGlassExtension.findMany({
      where: { sessionId },
      orderBy: { extendedAt: "asc" },
      select: { extendedAt: true, byName: true, reason: true, fromExpiresAt: true, toExpiresAt: true },
    }),
    deps.prisma.auditEvent.findMany({
      where: {
        OR: [{ breakGlassSessionId: sessionId }, { subjectType: SESSION_SUBJECT, subjectId: sessionId }],
      },
      orderBy: { seq: "asc" },
      take: MAX_EVENTS,
      select: {
        seq: true,
        occurredAt: true,
        actorName: true,
        action: true,
        subjectType: true,
        subjectId: true,
        breakGlassSessionId: true,
      },
    }),
  ]);
  return {
    session: toSessionView(row, deps.policy, now),
    extensions: extensions.map(({ byName, ...extension }) => ({ ...extension, by: byName })),
    events: events.map((event) => ({
      seq: Number(event.seq),
      occurredAt: event.occurredAt,
      actor: event.actorName,
      action: event.action,
      subject: { type: event.subjectType, id: event.subjectId },
      underGrant: event.breakGlassSessionId === sessionId,
    })),
  };
}
