// An administrator sets a new password for a local account (the person forgot theirs). It also clears any
// lockout: the old password's failures say nothing about the new one. The password is never returned or audited.
import { appendAudit } from "../audit/append-audit";
import { AFTER_SUCCESS } from "../auth/lockout-policy";
import { hashPassword } from "../auth/password";
import type { PortalPrisma } from "../db/connection";
import {
  type AccountChangeContext,
  accountFactsOf,
  accountSelect,
  lockAndReadAccount,
  refusalError,
  toUserSummary,
} from "./account";
import { decidePasswordReset } from "./policy";
import { type ResetUserPasswordInput, type UserSummary, ZResetUserPasswordInput } from "./schemas";

export type ResetUserPasswordOptions = AccountChangeContext & { input: ResetUserPasswordInput };

export async function resetUserPassword(
  prisma: PortalPrisma,
  options: ResetUserPasswordOptions,
): Promise<UserSummary> {
  const input = ZResetUserPasswordInput.parse(options.input);
  // Hashed outside the transaction: scrypt takes ~100 ms and no lock should wait for it.
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    const current = await lockAndReadAccount(tx, input.userId);
    const refusal = decidePasswordReset({ target: accountFactsOf(current) });
    if (refusal) throw refusalError(refusal);
    const row = await tx.user.update({
      where: { id: current.id },
      data: { passwordHash, ...AFTER_SUCCESS },
      select: accountSelect,
    });
    await appendAudit(tx, {
      payload: { type: "user.password_reset", email: current.email },
      actor: options.actor,
      subject: { type: "user", id: current.id },
      request: options.request,
      clock: options.clock,
    });
    return toUserSummary(row, options.clock.now());
  });
}
