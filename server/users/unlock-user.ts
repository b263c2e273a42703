// Clears a sign-in lockout before it runs out, and the failures counting towards the next one, for someone who
// has proved who they are to an administrator. Nothing to clear -> nothing written, nothing recorded.
import { appendAudit } from "../audit/append-audit";
import { AFTER_SUCCESS, isLocked } from "../auth/lockout-policy";
import type { PortalPrisma } from "../db/connection";
import { type AccountChangeContext, accountSelect, lockAndReadAccount, toUserSummary } from "./account";
import { type UserIdInput, type UserSummary, ZUserIdInput } from "./schemas";

export type UnlockUserOptions = AccountChangeContext & { input: UserIdInput };

export async function unlockUser(prisma: PortalPrisma, options: UnlockUserOptions): Promise<UserSummary> {
  const { userId } = ZUserIdInput.parse(options.input);
  const now = options.clock.now();
  return prisma.$transaction(async (tx) => {
    const current = await lockAndReadAccount(tx, userId);
    const locked = isLocked(current, now);
    if (!locked && current.failedLoginCount === 0) return toUserSummary(current, now);
    const row = await tx.user.update({
      where: { id: current.id },
      data: AFTER_SUCCESS,
      select: accountSelect,
    });
    await appendAudit(tx, {
      payload: {
        type: "user.unlocked",
        email: current.email,
        lockedUntil: locked && current.lockedUntil ? current.lockedUntil.toISOString() : null,
        failedLoginCount: current.failedLoginCount,
      },
      actor: options.actor,
      subject: { type: "user", id: current.id },
      request: options.request,
      clock: options.clock,
    });
    return toUserSummary(row, now);
  });
}
