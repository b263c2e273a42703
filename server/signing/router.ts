// The /keys surface. Reading needs key:read; creating, rotating and revoking need key:manage and a recent sign-in
// (step-up). These run directly for now: when a ceremony policy requires M-of-N approval for an operation, the
// ceremony engine calls the same services (createSigningKey, rotateSigningKey, revokeSigningKey) once the M-th
// custodian approves, and these procedures start a ceremony instead.
//
// Nothing here signs caller-supplied bytes: signatures are made only by server-side domain services
// (signWithPurpose) over content they built themselves.
import type { AuditActor } from "../audit/events";
import { env } from "../env";
import type { Context } from "../trpc/context";
import { procedureWith, requireFreshAuth, router } from "../trpc/init";
import { describeBackends } from "./backends";
import { createSigningKey } from "./keys/create-signing-key";
import { findSigningKeys } from "./keys/find-signing-keys";
import { getPurposeHistory, getPurposeOverview } from "./keys/get-purpose-history";
import { getSigningKey } from "./keys/get-signing-key";
import { revokeSigningKey } from "./keys/revoke-signing-key";
import { rotateSigningKey } from "./keys/rotate-signing-key";
import {
  ZCreateSigningKeyInput,
  ZKeyIdInput,
  ZKeyListInput,
  ZPurposeInput,
  ZRevokeSigningKeyInput,
  ZRotateSigningKeyInput,
} from "./keys/schemas";
import { transactionWithSigningAudit } from "./signing-failure";

const read = procedureWith("key:read");
const manage = procedureWith("key:manage").use(requireFreshAuth(() => env.FRESH_AUTH_MAX_AGE_SECONDS));

function actorOf(ctx: Context & { actor: AuditActor }) {
  return {
    actor: ctx.actor,
    request: ctx.request,
    clock: ctx.clock,
  };
}

export const keysRouter = router({
  overview: read.query(({ ctx }) => getPurposeOverview(ctx.prisma)),

  list: read.input(ZKeyListInput).query(({ ctx, input }) => findSigningKeys(ctx.prisma, input)),

  get: read.input(ZKeyIdInput).query(({ ctx, input }) => getSigningKey(ctx.prisma, input)),

  history: read
    .input(ZPurposeInput)
    .query(({ ctx, input }) => getPurposeHistory(ctx.prisma, input, ctx.clock)),

  backends: read.query(() => describeBackends()),

  create: manage
    .input(ZCreateSigningKeyInput)
    .mutation(({ ctx, input }) =>
      transactionWithSigningAudit(ctx.prisma, (tx) => createSigningKey(tx, { ...input, ...actorOf(ctx) })),
    ),

  rotate: manage
    .input(ZRotateSigningKeyInput)
    .mutation(({ ctx, input }) =>
      transactionWithSigningAudit(ctx.prisma, (tx) => rotateSigningKey(tx, { ...input, ...actorOf(ctx) })),
    ),

  revoke: manage
    .input(ZRevokeSigningKeyInput)
    .mutation(({ ctx, input }) =>
      ctx.prisma.$transaction((tx) => revokeSigningKey(tx, { ...input, ...actorOf(ctx) })),
    ),
});
