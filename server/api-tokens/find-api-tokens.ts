// The token list, newest first, in keyset pages, optionally by state.
import type { PortalPrisma } from "../db/connection";
import type { Prisma } from "../db/generated/client";
import type { Clock } from "../lib/clock";
import type { ApiTokenState } from "./policy";
import { type ApiTokenListInput, type ApiTokenPage, ZApiTokenListInput } from "./schemas";
import { toApiTokenSummary, tokenSelect } from "./token-row";

function stateWhere(state: ApiTokenState, now: Date): Prisma.ApiTokenWhereInput {
  switch (state) {
    case "revoked":
      return { revokedAt: { not: null } };
    case "expired":
      return { revokedAt: null, expiresAt: { lte: now } };
    case "active":
      return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  }
}

function decodeCursor(text: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  return id && !Number.isNaN(createdAt.getTime()) && /^[0-9a-f-]{36}$/.test(id) ? { createdAt, id } : null;
}

export async function findApiTokens(
  prisma: PortalPrisma,
  rawInput: ApiTokenListInput,
  clock: Clock,
): Promise<ApiTokenPage> {
  const input = ZApiTokenListInput.parse(rawInput);
  const now = clock.now();
  const conditions: Prisma.ApiTokenWhereInput[] = input.state ? [stateWhere(input.state, now)] : [];
  const cursor = input.after ? decodeCursor(input.after) : null;
  if (cursor) {
    conditions.push({
      OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
    });
  }
  const rows = await prisma.apiToken.findMany({
    where: { AND: conditions },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: tokenSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    tokens: page.map((row) => toApiTokenSummary(row, now)),
    nextCursor:
      rows.length > input.limit && last
        ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString("base64url")
        : null,
  };
}
