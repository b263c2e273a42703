import { z } from "zod";
import { procedureWith, router } from "../../trpc/init";
import { checkpointOrigin } from "./checkpoint-origin";
import { findAuditCheckpoints } from "./find-audit-checkpoints";
import { getConsistencyProof, getInclusionProof } from "./get-proofs";
import { ZCheckpointListInput, ZConsistencyProofInput, ZInclusionProofInput } from "./schemas";
import { signAuditCheckpoint } from "./sign-audit-checkpoint";

export const checkpointsRouter = router({
  list: procedureWith("audit:read")
    .input(ZCheckpointListInput)
    .query(({ ctx, input }) => findAuditCheckpoints(ctx.prisma, input, ctx.clock)),

  // signs a note the server builds from its own log (size, root, time), never caller-supplied bytes
  sign: procedureWith("audit:verify")
    .input(z.void())
    .mutation(({ ctx }) =>
      signAuditCheckpoint(ctx.prisma, {
        origin: checkpointOrigin(),
        trigger: "manual",
        actor: ctx.actor,
        request: ctx.request,
        clock: ctx.clock,
      }),
    ),

  inclusionProof: procedureWith("audit:read")
    .input(ZInclusionProofInput)
    .query(({ ctx, input }) => getInclusionProof(ctx.prisma, input, ctx.clock)),

  consistencyProof: procedureWith("audit:read")
    .input(ZConsistencyProofInput)
    .query(({ ctx, input }) => getConsistencyProof(ctx.prisma, input, ctx.clock)),
});
