// Disable or enable an account. A disabled account is refused at sign-in (authenticatePassword, upsertOidcUser)
// and its open sessions end on their next request (server/auth/session.ts reads `disabled` every time); its active
// break-glass sessions are revoked and pending requests rejected in the same transaction.
// Asking for the state the account is already in changes nothing and records nothing.
import { appendAudit } from "../audit/append-audit";
import {
  announceEndedForAccount,
  type EndedForAccount,
  endBreakGlassForAccount,
} from "../breakglass/end-for-account";
import type { WebhookSender } from "../breakglass/webhook";
import type { PortalPrisma } from "../db/connection";
import {
  type AccountChangeContext,
  accountFactsOf,
  accountSelect,
  actorFactsOf,
  adminCensus,
  lockAndReadAccount,
  refusalError,
  toUserSummary,
} from "./account";
import { decideDisable } from "./policy";
import { type SetUserDisabledInput, type UserSummary, ZSetUserDisabledInput } from "./schemas";

export type SetUserDisabledOptions = AccountChangeContext & {
  input: SetUserDisabledInput;
  breakGlassWebhook?: WebhookSender | undefined;
};

export async function setUserDisabled(
  prisma: PortalPrisma,
  options: SetUserDisabledOptions,
): Promise<UserSummary> {
  const input = ZSetUserDisabledInput.parse(options.input);
  const { summary, ended } = await prisma.$transaction(async (tx) => {
    const current = await lockAndReadAccount(tx, input.userId);
    const none: EndedForAccount[] = [];
    if (current.disabled === input.disabled) {
      return { summary: toUserSummary(current, options.clock.now()), ended: none };
    }
    if (input.disabled) {
      const refusal = decideDisable({
        actor: actorFactsOf(options.actor),
        target: accountFactsOf(current),
        census: await adminCensus(tx),
      });
      if (refusal) throw refusalError(refusal);
    }
    const row = await tx.user.update({
      where: { id: current.id },
      data: { disabled: input.disabled },
      select: accountSelect,
    });
    await appendAudit(tx, {
      payload: { type: input.disabled ? "user.disabled" : "user.enabled", email: current.email },
      actor: options.actor,
      subject: { type: "user", id: current.id },
      request: options.request,
      clock: options.clock,
    });
    const ended = input.disabled
      ? await endBreakGlassForAccount(tx, {
          userId: current.id,
          account: { disabled: true, roles: current.roles },
          actor: options.actor,
          request: options.request,
          clock: options.clock,
        })
      : none;
    return { summary: toUserSummary(row, options.clock.now()), ended };
  });
  announceEndedForAccount(options.breakGlassWebhook, ended);
  return summary;
}
