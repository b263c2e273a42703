import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import { accountSelect, toUserSummary } from "./account";
import { type UserIdInput, type UserSummary, ZUserIdInput } from "./schemas";

export async function getUser(
  prisma: PortalPrisma,
  rawInput: UserIdInput,
  clock: Clock,
): Promise<UserSummary> {
  const { userId } = ZUserIdInput.parse(rawInput);
  const row = await prisma.user.findUnique({ where: { id: userId }, select: accountSelect });
  if (!row) throw new DomainError("NOT_FOUND", "No such account");
  return toUserSummary(row, clock.now());
}
