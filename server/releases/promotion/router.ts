// /releases/<id> promotion and /releases/environments through tRPC. Reading needs release:read; requesting,
// promoting and cancelling need promotion:request; approving and rejecting need promotion:approve and a sign-in
// within the last 5 minutes, for every decision; lifting a freeze needs a break-glass grant of
// promotion:override-freeze; editing policy and freeze windows needs policy:manage and a recent sign-in. Every
// procedure hands a service the actor procedureWith built (with the break-glass session that allowed the step).
import type { AuditActor } from "../../audit/events";
import { effectivePermissions, grantUsedFor } from "../../authz/effective-permissions";
import { env } from "../../env";
import type { Context } from "../../trpc/context";
import { procedureWith, requireFreshAuth, router } from "../../trpc/init";
import { findEnvironments } from "../environments/find-environments";
import { createFreezeWindow, deleteFreezeWindow } from "../environments/freeze-windows";
import { updateEnvironmentPolicy } from "../environments/update-environment-policy";
import { configuredPromotionEvents } from "./configured-events";
import type { PersonActor, PromotionDeps } from "./deps";
import { findPromotionQueue } from "./find-promotion-queue";
import { getReleasePromotions } from "./get-release-promotions";
import { DECISION_FRESH_AUTH_SECONDS } from "./policy";
import {
  ZCancelInput,
  ZCreateFreezeInput,
  ZDecisionInput,
  ZFreezeIdInput,
  ZRejectInput,
  ZReleaseIdInput,
  ZRequestIdInput,
  ZRequestPromotionInput,
  ZUpdateEnvironmentInput,
} from "./schemas";
import { cancelRequestStep, completePromotionStep, decidePromotionStep, requestPromotionStep } from "./steps";

const read = procedureWith("release:read");
const requester = procedureWith("promotion:request");
const decide = procedureWith("promotion:approve").use(requireFreshAuth(DECISION_FRESH_AUTH_SECONDS));
const overrideFreeze = procedureWith("promotion:override-freeze").use(
  requireFreshAuth(DECISION_FRESH_AUTH_SECONDS),
);
const manage = procedureWith("policy:manage").use(requireFreshAuth(() => env.FRESH_AUTH_MAX_AGE_SECONDS));

type Acting = Context & {
  user: NonNullable<Context["user"]>;
  principal: NonNullable<Context["principal"]>;
  actor: AuditActor & { id: string };
};

const depsOf = (ctx: Context): PromotionDeps => ({
  prisma: ctx.prisma,
  clock: ctx.clock,
  events: configuredPromotionEvents(),
});

const personOf = (ctx: Acting): PersonActor => ({
  kind: "person",
  id: ctx.actor.id,
  name: ctx.actor.name,
  roles: ctx.user.roles,
  breakGlassSessionId: ctx.actor.breakGlassSessionId ?? null,
});

/** the break-glass session whose grant of promotion:override-freeze is active for this person now, if any */
const overrideSessionOf = (ctx: Acting): string | null =>
  grantUsedFor(ctx.principal, "promotion:override-freeze", ctx.clock.now())?.source.sessionId ?? null;

export const promotionsRouter = router({
  forRelease: read.input(ZReleaseIdInput).query(({ ctx, input }) =>
    getReleasePromotions(ctx.prisma, {
      releaseId: input.releaseId,
      viewer: {
        id: ctx.user.id,
        roles: ctx.user.roles,
        permissions: effectivePermissions(ctx.principal, ctx.clock.now()),
        freezeOverrideSessionId: overrideSessionOf(ctx),
      },
      clock: ctx.clock,
    }),
  ),

  /** the open requests this person could approve now, oldest first ("waiting for me") */
  queue: read.query(({ ctx }) =>
    findPromotionQueue(ctx.prisma, { viewer: { id: ctx.user.id, roles: ctx.user.roles }, clock: ctx.clock }),
  ),

  environments: read.query(({ ctx }) => findEnvironments(ctx.prisma, ctx.clock)),

  request: requester.input(ZRequestPromotionInput).mutation(({ ctx, input }) =>
    requestPromotionStep(depsOf(ctx), {
      ...input,
      actor: personOf(ctx),
      request: ctx.request,
      freezeOverrideSessionId: overrideSessionOf(ctx),
    }),
  ),

  approve: decide.input(ZDecisionInput).mutation(({ ctx, input }) =>
    decidePromotionStep(depsOf(ctx), {
      ...input,
      decision: "APPROVE",
      decider: { ...personOf(ctx), authTime: ctx.user.authTime },
      request: ctx.request,
      freezeOverrideSessionId: overrideSessionOf(ctx),
    }),
  ),

  reject: decide.input(ZRejectInput).mutation(({ ctx, input }) =>
    decidePromotionStep(depsOf(ctx), {
      ...input,
      decision: "REJECT",
      decider: { ...personOf(ctx), authTime: ctx.user.authTime },
      request: ctx.request,
    }),
  ),

  /** a fully approved request whose promotion a gate held (soak, freeze), once the gate is open */
  promote: requester.input(ZRequestIdInput).mutation(({ ctx, input }) =>
    completePromotionStep(depsOf(ctx), {
      requestId: input.requestId,
      actor: personOf(ctx),
      request: ctx.request,
    }),
  ),

  /** the same, through a freeze window, under a break-glass grant (never without approvals) */
  promoteThroughFreeze: overrideFreeze.input(ZRequestIdInput).mutation(({ ctx, input }) =>
    completePromotionStep(depsOf(ctx), {
      requestId: input.requestId,
      actor: personOf(ctx),
      request: ctx.request,
      freezeOverrideSessionId: overrideSessionOf(ctx),
    }),
  ),

  cancel: requester
    .input(ZCancelInput)
    .mutation(({ ctx, input }) =>
      cancelRequestStep(depsOf(ctx), { ...input, actor: personOf(ctx), request: ctx.request }),
    ),

  updateEnvironment: manage
    .input(ZUpdateEnvironmentInput)
    .mutation(({ ctx, input }) =>
      ctx.prisma.$transaction((tx) =>
        updateEnvironmentPolicy(tx, { ...input, actor: ctx.actor, request: ctx.request, clock: ctx.clock }),
      ),
    ),

  createFreeze: manage
    .input(ZCreateFreezeInput)
    .mutation(({ ctx, input }) =>
      ctx.prisma.$transaction((tx) =>
        createFreezeWindow(tx, { ...input, actor: ctx.actor, request: ctx.request, clock: ctx.clock }),
      ),
    ),

  deleteFreeze: manage
    .input(ZFreezeIdInput)
    .mutation(({ ctx, input }) =>
      ctx.prisma.$transaction((tx) =>
        deleteFreezeWindow(tx, { ...input, actor: ctx.actor, request: ctx.request, clock: ctx.clock }),
      ),
    ),
});
