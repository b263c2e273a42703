import { z } from "zod";
import { procedureWith, router } from "../trpc/init";
import { AUDIT_ACTIONS } from "./events";
import { findAuditEvents } from "./find-audit-events";
import { getAuditEvent } from "./get-audit-event";
import { runChainVerification } from "./run-chain-verification";
import { ZAuditGetInput, ZAuditListInput } from "./schemas";

export const auditRouter = router({
  list: procedureWith("audit:read")
    .input(ZAuditListInput)
    .query(({ ctx, input }) => findAuditEvents(ctx.prisma, input)),

  get: procedureWith("audit:read")
    .input(ZAuditGetInput)
    .query(({ ctx, input }) => getAuditEvent(ctx.prisma, input.seq)),

  filterOptions: procedureWith("audit:read")
    .input(z.void())
    .query(async ({ ctx }) => {
      const users = await ctx.prisma.user.findMany({
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      });
      return { actions: AUDIT_ACTIONS, actors: users };
    }),

  verifyChain: procedureWith("audit:verify")
    .input(z.void())
    .mutation(({ ctx }) =>
      runChainVerification(ctx.prisma, {
        actor: ctx.actor,
        request: ctx.request,
        clock: ctx.clock,
      }),
    ),
});
