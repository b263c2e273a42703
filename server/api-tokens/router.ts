// API token management for administrators. Creating or revoking a credential for machines is a step-up action.
import { env } from "../env";
import { procedureWith, requireFreshAuth, router } from "../trpc/init";
import { createApiToken } from "./create-api-token";
import { findApiTokens } from "./find-api-tokens";
import { API_TOKEN_MAX_DAYS, API_TOKEN_SCOPES } from "./policy";
import { revokeApiToken } from "./revoke-api-token";
import { ZApiTokenIdInput, ZApiTokenListInput, ZCreateApiTokenInput } from "./schemas";

const read = procedureWith("admin:api-tokens");
const change = procedureWith("admin:api-tokens").use(requireFreshAuth(() => env.FRESH_AUTH_MAX_AGE_SECONDS));

export const apiTokensRouter = router({
  list: read.input(ZApiTokenListInput).query(({ ctx, input }) => findApiTokens(ctx.prisma, input, ctx.clock)),

  policy: read.query(() => ({ scopes: [...API_TOKEN_SCOPES], maxDays: API_TOKEN_MAX_DAYS })),

  create: change.input(ZCreateApiTokenInput).mutation(({ ctx, input }) =>
    createApiToken(ctx.prisma, {
      actor: ctx.actor,
      request: ctx.request,
      clock: ctx.clock,
      input,
    }),
  ),

  revoke: change.input(ZApiTokenIdInput).mutation(({ ctx, input }) =>
    revokeApiToken(ctx.prisma, {
      actor: ctx.actor,
      request: ctx.request,
      clock: ctx.clock,
      input,
    }),
  ),
});
