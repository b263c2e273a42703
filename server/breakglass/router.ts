// Break-glass over tRPC. Opening, extending and approving need a fresh authentication (the policy's age, 5
// minutes by default); revoking does not, so a security officer can cut access off at once.
import { PERMISSIONS } from "../authz/permissions";
import type { Context } from "../trpc/context";
import { procedureWith, requireFreshAuth, router, signedInProcedure } from "../trpc/init";
import { decideRequest } from "./decide-request";
import { type BreakGlassActorContext, type BreakGlassDeps, configuredBreakGlass } from "./deps";
import { closeSession, revokeSession } from "./end-session";
import { extendSession } from "./extend-session";
import { findMyOpenSession, findSessions } from "./find-sessions";
import { getSessionReport } from "./get-session-report";
import { openSession } from "./open-session";
import { reviewSession } from "./review-session";
import {
  ZCloseInput,
  ZDecideInput,
  ZExtendInput,
  ZOpenSessionInput,
  ZReviewInput,
  ZRevokeInput,
  ZSessionIdInput,
  ZSessionListInput,
} from "./schemas";

function depsOf(ctx: Context): BreakGlassDeps {
  const { policy, webhook } = configuredBreakGlass();
  return { prisma: ctx.prisma, clock: ctx.clock, policy, webhook };
}

function actorOf(ctx: Context & { actor: BreakGlassActorContext["actor"] }): BreakGlassActorContext {
  return { actor: ctx.actor, request: ctx.request };
}

const fresh = () => requireFreshAuth(() => configuredBreakGlass().policy.freshAuthSeconds);

export const breakGlassRouter = router({
  /** What the open form offers: reason codes, grantable scopes and how each is granted, duration limits. */
  policy: procedureWith("breakglass:read").query(() => {
    const { policy } = configuredBreakGlass();
    return {
      reasonCodes: policy.reasonCodes,
      scopes: Object.entries(policy.scopes).map(([permission, mode]) => ({
        permission,
        mode,
        description: PERMISSIONS[permission as keyof typeof PERMISSIONS],
      })),
      durationMinutes: policy.durationMinutes,
      extension: policy.extension,
      absoluteMaxMinutes: policy.absoluteMaxMinutes,
      freshAuthSeconds: policy.freshAuthSeconds,
    };
  }),

  /** The caller's own active or pending session (the banner on every page); nobody else's. */
  mine: signedInProcedure.query(({ ctx }) => findMyOpenSession(depsOf(ctx), ctx.user.id)),

  list: procedureWith("breakglass:read")
    .input(ZSessionListInput)
    .query(({ ctx, input }) => findSessions(depsOf(ctx), input)),

  report: procedureWith("breakglass:read")
    .input(ZSessionIdInput)
    .query(({ ctx, input }) => getSessionReport(depsOf(ctx), input.sessionId)),

  open: procedureWith("breakglass:open")
    .use(fresh())
    .input(ZOpenSessionInput)
    .mutation(({ ctx, input }) => openSession(depsOf(ctx), { ...actorOf(ctx), input })),

  extend: procedureWith("breakglass:open")
    .use(fresh())
    .input(ZExtendInput)
    .mutation(({ ctx, input }) => extendSession(depsOf(ctx), { ...actorOf(ctx), input })),

  close: procedureWith("breakglass:open")
    .input(ZCloseInput)
    .mutation(({ ctx, input }) => closeSession(depsOf(ctx), { ...actorOf(ctx), input })),

  decide: procedureWith("breakglass:approve")
    .use(fresh())
    .input(ZDecideInput)
    .mutation(({ ctx, input }) => decideRequest(depsOf(ctx), { ...actorOf(ctx), input })),

  revoke: procedureWith("breakglass:revoke")
    .input(ZRevokeInput)
    .mutation(({ ctx, input }) => revokeSession(depsOf(ctx), { ...actorOf(ctx), input })),

  review: procedureWith("breakglass:review")
    .input(ZReviewInput)
    .mutation(({ ctx, input }) => reviewSession(depsOf(ctx), { ...actorOf(ctx), input })),
});
