import type { AuditActor } from "../../audit/events";
// /keys/ceremonies: reading needs key:read; starting a ceremony or splitting a key into escrow shares needs
// key:manage and a recent sign-in; deciding needs ceremony:approve and a sign-in within the last 5 minutes,
// for every approval (step-up per decision, not per session).
import { env } from "../../env";
import type { Context } from "../../trpc/context";
import { procedureWith, requireFreshAuth, router } from "../../trpc/init";
import { getKeyEscrow } from "../escrow/escrow-views";
import { ZSplitEscrowInput } from "../escrow/schemas";
import { splitEscrow } from "../escrow/split-escrow";
import { ZKeyIdInput } from "../keys/schemas";
import { transactionWithSigningAudit } from "../signing-failure";
import { configuredCeremonyPolicy, findCeremonyRequirement } from "./configured-policy";
import { decideCeremonyAudited } from "./decide-ceremony";
import { findCeremonies, findCustodians, getCeremony } from "./find-ceremonies";
import {
  ZCeremonyIdInput,
  ZCeremonyListInput,
  ZCeremonyRequirementInput,
  ZDecideCeremonyInput,
  ZStartCeremonyInput,
} from "./schemas";
import { startCeremony } from "./start-ceremony";
import { sweepExpiredCeremonies } from "./sweep-expired-ceremonies";

const read = procedureWith("key:read");
const manage = procedureWith("key:manage").use(requireFreshAuth(() => env.FRESH_AUTH_MAX_AGE_SECONDS));
const decide = procedureWith("ceremony:approve").use(requireFreshAuth(300));

type SignedIn = Context & { user: NonNullable<Context["user"]> };
const viewerOf = (ctx: SignedIn) => ({ id: ctx.user.id, roles: ctx.user.roles });
// procedureWith's actor: it names the break-glass session whose grant allowed the step, if one did
const actorOf = (ctx: SignedIn & { actor: AuditActor & { id: string } }) => ({
  ...ctx.actor,
  roles: ctx.user.roles,
});

export const ceremoniesRouter = router({
  list: read.input(ZCeremonyListInput).query(async ({ ctx, input }) => {
    await sweepExpiredCeremonies(ctx.prisma, ctx.clock);
    return findCeremonies(ctx.prisma, input, ctx.clock.now(), viewerOf(ctx));
  }),

  get: read
    .input(ZCeremonyIdInput)
    .query(({ ctx, input }) => getCeremony(ctx.prisma, input, ctx.clock.now(), viewerOf(ctx))),

  custodians: read.query(({ ctx }) => findCustodians(ctx.prisma)),

  policy: read.query(() => configuredCeremonyPolicy()),

  /** null: the operation runs directly; otherwise the ceremony the policy demands for it (M of N) */
  requirement: read
    .input(ZCeremonyRequirementInput)
    .query(({ ctx, input }) =>
      findCeremonyRequirement(
        ctx.prisma,
        input.operation,
        "keyId" in input ? { keyId: input.keyId } : { purpose: input.purpose },
        ctx.clock.now(),
      ),
    ),

  escrow: read.input(ZKeyIdInput).query(({ ctx, input }) => getKeyEscrow(ctx.prisma, input.keyId)),

  start: manage.input(ZStartCeremonyInput).mutation(({ ctx, input }) =>
    ctx.prisma.$transaction((tx) =>
      startCeremony(tx, {
        ...input,
        actor: actorOf(ctx),
        policy: configuredCeremonyPolicy(),
        request: ctx.request,
        clock: ctx.clock,
      }),
    ),
  ),

  approve: decide.input(ZDecideCeremonyInput).mutation(({ ctx, input }) =>
    decideCeremonyAudited(ctx.prisma, {
      ...input,
      decision: "approve",
      user: actorOf(ctx),
      request: ctx.request,
      clock: ctx.clock,
    }),
  ),

  reject: decide.input(ZDecideCeremonyInput).mutation(({ ctx, input }) =>
    decideCeremonyAudited(ctx.prisma, {
      ...input,
      decision: "reject",
      user: actorOf(ctx),
      request: ctx.request,
      clock: ctx.clock,
    }),
  ),

  splitEscrow: manage
    .input(ZSplitEscrowInput)
    .mutation(({ ctx, input }) =>
      transactionWithSigningAudit(ctx.prisma, (tx) =>
        splitEscrow(tx, { ...input, actor: actorOf(ctx), request: ctx.request, clock: ctx.clock }),
      ),
    ),
});
