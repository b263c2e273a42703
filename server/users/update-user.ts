// An administrator renames an account or changes its roles. Only what actually changes is written and audited,
// each field with its value before and after. Roles that no longer allow break-glass end the user's break-glass
// sessions in the same transaction (server/breakglass/end-for-account.ts).
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
  knownRolesOrThrow,
  lockAndReadAccount,
  refusalError,
  toUserSummary,
} from "./account";
import { decideRoleChange, sameRoles } from "./policy";
import { type UpdateUserInput, type UserSummary, ZUpdateUserInput } from "./schemas";

export type UpdateUserOptions = AccountChangeContext & {
  input: UpdateUserInput;
  breakGlassWebhook?: WebhookSender | undefined;
};

type FieldChange = { field: "name" | "roles"; from: string | string[]; to: string | string[] };

export async function updateUser(prisma: PortalPrisma, options: UpdateUserOptions): Promise<UserSummary> {
  const input = ZUpdateUserInput.parse(options.input);
  const nextRoles = input.roles ? knownRolesOrThrow(input.roles) : undefined;

  const { summary, ended } = await prisma.$transaction(async (tx) => {
    const current = await lockAndReadAccount(tx, input.userId);
    const none: EndedForAccount[] = [];
    const changes: FieldChange[] = [];
    if (input.name !== undefined && input.name !== current.name) {
      changes.push({ field: "name", from: current.name, to: input.name });
    }
    if (nextRoles && !sameRoles(current.roles, nextRoles)) {
      const refusal = decideRoleChange({
        actor: actorFactsOf(options.actor),
        target: accountFactsOf(current),
        nextRoles,
        census: await adminCensus(tx),
      });
      if (refusal) throw refusalError(refusal);
      changes.push({ field: "roles", from: current.roles, to: nextRoles });
    }
    if (changes.length === 0) return { summary: toUserSummary(current, options.clock.now()), ended: none };

    const row = await tx.user.update({
      where: { id: current.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(nextRoles ? { roles: nextRoles } : {}),
      },
      select: accountSelect,
    });
    await appendAudit(tx, {
      payload: { type: "user.updated", changes },
      actor: options.actor,
      subject: { type: "user", id: current.id },
      request: options.request,
      clock: options.clock,
    });
    const rolesChanged = changes.some((change) => change.field === "roles");
    const ended = rolesChanged
      ? await endBreakGlassForAccount(tx, {
          userId: current.id,
          account: { disabled: current.disabled, roles: row.roles },
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
