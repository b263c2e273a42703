// Records what the clock has already decided: active sessions past `expiresAt` become EXPIRED, pending requests
// past their deadline lapse. Called lazily (the user's next request, any action on the session) and by the
// sweeper on every instance. Each transition is a conditional update (`WHERE status = 'ACTIVE' AND expires_at <=
// now`) inside the transaction that writes its audit event: of any number of concurrent callers exactly one gets
// the row back and writes the exit event; the others see nothing to do. Grants never wait for this: they compare
// `expiresAt` with the clock at every check.
import { appendAudit } from "../audit/append-audit";
import { SYSTEM_ACTOR } from "../audit/events";
import type { Prisma } from "../db/generated/client";
import { notifySecurityOfficers, notifyUsers } from "../notifications/notify";
import { type BreakGlassDeps, SESSION_SUBJECT, sessionLink } from "./deps";
import { sessionWebhookEvent } from "./webhook-event";

export type ExpiryScope = { sessionIds?: readonly string[]; userId?: string };

export async function recordExpiries(
  deps: Omit<BreakGlassDeps, "policy">,
  options: ExpiryScope & { detectedBy: "request" | "sweeper" },
): Promise<{ expired: string[]; lapsed: string[] }> {
  const now = deps.clock.now();
  const narrow: Prisma.BreakGlassSessionWhereInput = {
    ...(options.sessionIds ? { id: { in: [...options.sessionIds] } } : {}),
    ...(options.userId ? { requesterId: options.userId } : {}),
  };
  const due = await deps.prisma.breakGlassSession.findMany({
    where: {
      ...narrow,
      OR: [
        { status: "ACTIVE", expiresAt: { lte: now } },
        { status: "PENDING", requestExpiresAt: { lte: now } },
      ],
    },
    select: { id: true, status: true },
    orderBy: { requestedAt: "asc" },
    take: 500,
  });
  const expired: string[] = [];
  const lapsed: string[] = [];
  for (const candidate of due) {
    if (candidate.status === "ACTIVE") {
      if (await expireSession(deps, candidate.id, now, options.detectedBy)) expired.push(candidate.id);
    } else if (await lapseRequest(deps, candidate.id, now)) {
      lapsed.push(candidate.id);
    }
  }
  return { expired, lapsed };
}

async function expireSession(
  deps: Omit<BreakGlassDeps, "policy">,
  sessionId: string,
  now: Date,
  detectedBy: "request" | "sweeper",
): Promise<boolean> {
  const won = await deps.prisma.$transaction(async (tx) => {
    // endedAt is the expiry itself, not when someone noticed: that is when access really stopped
    const [row] = await tx.$queryRaw<
      {
        id: string;
        requester_id: string;
        requester_name: string;
        reason_code: string;
        scopes: string[];
        expires_at: Date;
      }[]
    >`UPDATE break_glass_sessions
         SET status = 'EXPIRED', ended_at = expires_at, review_status = 'PENDING'
       WHERE id = ${sessionId}::uuid AND status = 'ACTIVE' AND expires_at <= ${now}
       RETURNING id, requester_id, requester_name, reason_code, scopes, expires_at`;
    if (!row) return null;
    await appendAudit(tx, {
      payload: { type: "breakglass.expired", expiresAt: row.expires_at.toISOString(), detectedBy },
      actor: SYSTEM_ACTOR,
      subject: { type: SESSION_SUBJECT, id: row.id },
      clock: deps.clock,
    });
    const notice = {
      kind: "breakglass.expired",
      title: `Break-glass session of ${row.requester_name} expired`,
      body: `Scopes ${row.scopes.join(", ")} ended at ${row.expires_at.toISOString()}. It now awaits review.`,
      link: sessionLink(row.id),
      at: now,
    };
    await notifySecurityOfficers(tx, notice, { exceptUserId: row.requester_id });
    await notifyUsers(tx, [row.requester_id], { ...notice, title: "Your break-glass session expired" });
    return row;
  });
  if (!won) return false;
  deps.webhook?.send(
    sessionWebhookEvent(
      "breakglass.expired",
      {
        id: won.id,
        requesterName: won.requester_name,
        reasonCode: won.reason_code,
        scopes: won.scopes,
        expiresAt: won.expires_at,
      },
      SYSTEM_ACTOR.name,
      now,
    ),
  );
  return true;
}

async function lapseRequest(
  deps: Omit<BreakGlassDeps, "policy">,
  sessionId: string,
  now: Date,
): Promise<boolean> {
  return deps.prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string; requester_id: string; request_expires_at: Date }[]>`
      UPDATE break_glass_sessions SET status = 'REQUEST_EXPIRED'
       WHERE id = ${sessionId}::uuid AND status = 'PENDING' AND request_expires_at <= ${now}
       RETURNING id, requester_id, request_expires_at`;
    if (!row) return false;
    await appendAudit(tx, {
      payload: { type: "breakglass.request_expired", requestExpiresAt: row.request_expires_at.toISOString() },
      actor: SYSTEM_ACTOR,
      subject: { type: SESSION_SUBJECT, id: row.id },
      clock: deps.clock,
    });
    await notifyUsers(tx, [row.requester_id], {
      kind: "breakglass.request_expired",
      title: "Your break-glass request lapsed",
      body: "No one approved it in time. Ask again if you still need access.",
      link: sessionLink(row.id),
      at: now,
    });
    return true;
  });
}
