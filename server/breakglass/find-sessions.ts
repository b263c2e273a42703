// All sessions, newest first, in keyset pages, filtered by what they are as of now (an ACTIVE row past its
// expiry counts as expired; awaiting review and overdue come from the review state and the policy's age).
import type { Prisma } from "../db/generated/client";
import type { BreakGlassDeps } from "./deps";
import { type SessionFilter, type SessionListInput, type SessionPage, ZSessionListInput } from "./schemas";
import { sessionSelect, toSessionView } from "./session-row";

function filterWhere(
  filter: SessionFilter,
  now: Date,
  overdueBefore: Date,
): Prisma.BreakGlassSessionWhereInput {
  switch (filter) {
    case "active":
      return { status: "ACTIVE", expiresAt: { gt: now } };
    case "pending":
      return { status: "PENDING", requestExpiresAt: { gt: now } };
    case "expired":
      return { OR: [{ status: "EXPIRED" }, { status: "ACTIVE", expiresAt: { lte: now } }] };
    case "revoked":
      return { status: "REVOKED" };
    case "closed":
      return { status: "CLOSED" };
    case "awaiting-review":
      return {
        OR: [{ reviewStatus: "PENDING" }, { status: "ACTIVE", expiresAt: { lte: now } }],
      };
    case "overdue":
      return {
        OR: [
          { reviewStatus: "PENDING", endedAt: { lt: overdueBefore } },
          { status: "ACTIVE", expiresAt: { lt: overdueBefore } },
        ],
      };
  }
}

function decodeCursor(text: string): { requestedAt: Date; id: string } | null {
  const [at, id] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const requestedAt = new Date(at ?? "");
  return id && !Number.isNaN(requestedAt.getTime()) && /^[0-9a-f-]{36}$/.test(id)
    ? { requestedAt, id }
    : null;
}

export async function findSessions(
  deps: Pick<BreakGlassDeps, "prisma" | "clock" | "policy">,
  rawInput: SessionListInput,
): Promise<SessionPage> {
  const input = ZSessionListInput.parse(rawInput);
  const now = deps.clock.now();
  const overdueBefore = new Date(now.getTime() - deps.policy.reviewOverdueHours * 3_600_000);
  const conditions: Prisma.BreakGlassSessionWhereInput[] = input.filter
    ? [filterWhere(input.filter, now, overdueBefore)]
    : [];
  const cursor = input.after ? decodeCursor(input.after) : null;
  if (cursor) {
    conditions.push({
      OR: [
        { requestedAt: { lt: cursor.requestedAt } },
        { requestedAt: cursor.requestedAt, id: { lt: cursor.id } },
      ],
    });
  }
  const rows = await deps.prisma.breakGlassSession.findMany({
    where: { AND: conditions },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: sessionSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    sessions: page.map((row) => toSessionView(row, deps.policy, now)),
    nextCursor:
      rows.length > input.limit && last
        ? Buffer.from(`${last.requestedAt.toISOString()}|${last.id}`).toString("base64url")
        : null,
  };
}

/** The caller's own session that is active or pending right now, if any (the banner and the open form). */
export async function findMyOpenSession(
  deps: Pick<BreakGlassDeps, "prisma" | "clock" | "policy">,
  userId: string,
) {
  const now = deps.clock.now();
  const row = await deps.prisma.breakGlassSession.findFirst({
    where: {
      requesterId: userId,
      OR: [
        { status: "ACTIVE", expiresAt: { gt: now } },
        { status: "PENDING", requestExpiresAt: { gt: now } },
      ],
    },
    select: sessionSelect,
    orderBy: { requestedAt: "desc" },
  });
  return row ? toSessionView(row, deps.policy, now) : null;
}
