// The account list: keyset pages by email or by creation time, filtered by text, role and status.
import type { PortalPrisma } from "../db/connection";
import type { Prisma } from "../db/generated/client";
import type { Clock } from "../lib/clock";
import { accountSelect, toUserSummary } from "./account";
import {
  decodeUserCursor,
  encodeUserCursor,
  type UserCursor,
  type UserListInput,
  type UserPage,
  type UserStatus,
  ZUserListInput,
} from "./schemas";

function statusWhere(status: UserStatus, now: Date): Prisma.UserWhereInput {
  // The same precedence as statusOf: a disabled account counts as disabled, locked or not.
  switch (status) {
    case "disabled":
      return { disabled: true };
    case "locked":
      return { disabled: false, lockedUntil: { gt: now } };
    case "active":
      return { disabled: false, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] };
  }
}

// LIKE treats % and _ as wildcards; a search for "a_b" means those three characters.
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function afterCursor(
  sort: "email" | "createdAt",
  descending: boolean,
  cursor: UserCursor,
): Prisma.UserWhereInput {
  const beyond = descending ? "lt" : "gt";
  // Emails are unique, so the email alone orders every row; creation times can tie, so the id breaks ties.
  if (sort === "email") return { email: { [beyond]: cursor.value } };
  const at = new Date(cursor.value);
  return { OR: [{ createdAt: { [beyond]: at } }, { createdAt: at, id: { [beyond]: cursor.id } }] };
}

export async function findUsers(
  prisma: PortalPrisma,
  rawInput: UserListInput,
  clock: Clock,
): Promise<UserPage> {
  const input = ZUserListInput.parse(rawInput);
  const { filters } = input;
  const now = clock.now();
  const search = filters.search ? escapeLike(filters.search) : "";
  const conditions: Prisma.UserWhereInput[] = [
    ...(search
      ? [
          {
            OR: [
              { email: { contains: search, mode: "insensitive" as const } },
              { name: { contains: search, mode: "insensitive" as const } },
            ],
          },
        ]
      : []),
    ...(filters.role ? [{ roles: { has: filters.role } }] : []),
    ...(filters.status ? [statusWhere(filters.status, now)] : []),
  ];
  const descending = input.order === "desc";
  const cursor = input.after ? decodeUserCursor(input.after) : null;
  if (cursor) conditions.push(afterCursor(input.sort, descending, cursor));
  const direction = descending ? "desc" : "asc";
  const rows = await prisma.user.findMany({
    where: { AND: conditions },
    orderBy: input.sort === "email" ? [{ email: direction }] : [{ createdAt: direction }, { id: direction }],
    take: input.limit + 1,
    select: accountSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    users: page.map((row) => toUserSummary(row, now)),
    nextCursor:
      rows.length > input.limit && last
        ? encodeUserCursor({
            value: input.sort === "email" ? last.email : last.createdAt.toISOString(),
            id: last.id,
          })
        : null,
  };
}
