// The /keys surface. Reading needs key:read; creating, rotating and revoking need key:manage and a recent sign-in
// (step-up). They run directly unless the ceremony policy (SIGNING_CEREMONY_POLICY) reserves the operation for an
// M-of-N ceremony: then they are refused, and the ceremony engine (ceremonies/) calls the same services once the
// M-th custodian approves.
//
// Nothing here signs caller-supplied bytes: signatures are made only by server-side domain services
// (signWithPurpose) over content they built themselves.
import type { AuditActor } from "../audit/events";
import { env } from "../env";
import type { Context } from "../trpc/context";
import { procedureWith, requireFreshAuth, router } from "../trpc/init";
import { describeBackends } from "./backends";
import { assertDirectOperationAllowed } from "./ceremonies/configured-policy";
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

  create: manage.input(ZCreateSigningKeyInput).mutation(({ ctx, input }) =>
    transactionWithSigningAudit(ctx.prisma, async (tx) => {
      await assertDirectOperationAllowed(tx, "create", { purpose: input.purpose });
      return createSigningKey(tx, { ...input, ...actorOf(ctx) });
    }),
  ),

  rotate: manage.input(ZRotateSigningKeyInput).mutation(({ ctx, input }) =>
    transactionWithSigningAudit(ctx.prisma, async (tx) => {
      await assertDirectOperationAllowed(tx, "rotate", { purpose: input.purpose });
      return rotateSigningKey(tx, { ...input, ...actorOf(ctx) });
    }),
  ),

  revoke: manage.input(ZRevokeSigningKeyInput).mutation(({ ctx, input }) =>
    ctx.prisma.$transaction(async (tx) => {
      await assertDirectOperationAllowed(tx, "revoke", { keyId: input.keyId });
      return revokeSigningKey(tx, { ...input, ...actorOf(ctx) });
    }),
  ),
});
