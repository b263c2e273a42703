// Account management for administrators. Every change also needs a recent sign-in (step-up): these are the
// actions that decide who else can get in.
import type { AuditActor } from "../audit/events";
import { configuredBreakGlass } from "../breakglass/deps";
import { env } from "../env";
import type { Context } from "../trpc/context";
import { procedureWith, requireFreshAuth, router } from "../trpc/init";
import type { AccountChangeContext } from "./account";
import { createLocalUser } from "./create-local-user";
import { findUsers } from "./find-users";
import { getUser } from "./get-user";
import { resetUserPassword } from "./reset-user-password";
import {
  ZCreateLocalUserInput,
  ZResetUserPasswordInput,
  ZSetUserDisabledInput,
  ZUpdateUserInput,
  ZUserIdInput,
  ZUserListInput,
} from "./schemas";
import { setUserDisabled } from "./set-user-disabled";
import { unlockUser } from "./unlock-user";
import { updateUser } from "./update-user";

const read = procedureWith("admin:users");
const change = procedureWith("admin:users").use(requireFreshAuth(() => env.FRESH_AUTH_MAX_AGE_SECONDS));

function changeContext(ctx: Context & { actor: AuditActor }): AccountChangeContext {
  return {
    actor: ctx.actor,
    request: ctx.request,
    clock: ctx.clock,
  };
}

export const usersRouter = router({
  list: read.input(ZUserListInput).query(({ ctx, input }) => findUsers(ctx.prisma, input, ctx.clock)),

  get: read.input(ZUserIdInput).query(({ ctx, input }) => getUser(ctx.prisma, input, ctx.clock)),

  create: change
    .input(ZCreateLocalUserInput)
    .mutation(({ ctx, input }) =>
      createLocalUser(ctx.prisma, { ...changeContext(ctx), input, source: "admin" }),
    ),

  update: change.input(ZUpdateUserInput).mutation(({ ctx, input }) =>
    updateUser(ctx.prisma, {
      ...changeContext(ctx),
      input,
      breakGlassWebhook: configuredBreakGlass().webhook,
    }),
  ),

  setDisabled: change.input(ZSetUserDisabledInput).mutation(({ ctx, input }) =>
    setUserDisabled(ctx.prisma, {
      ...changeContext(ctx),
      input,
      breakGlassWebhook: configuredBreakGlass().webhook,
    }),
  ),

  unlock: change
    .input(ZUserIdInput)
    .mutation(({ ctx, input }) => unlockUser(ctx.prisma, { ...changeContext(ctx), input })),

  resetPassword: change
    .input(ZResetUserPasswordInput)
    .mutation(({ ctx, input }) => resetUserPassword(ctx.prisma, { ...changeContext(ctx), input })),
});
