import type { AuditActor } from "../audit/events";
// The compliance procedures. Reading needs compliance:read (auditors included), editing compliance:edit, signing
// compliance:sign-off with a fresh authentication (a signature is an approval).
import { env } from "../env";
import { blobStore } from "../evidence/blob-store";
import { procedureWith, requireFreshAuth, router } from "../trpc/init";
import { attachProofEvidence } from "./attach-proof-evidence";
import { addDeliverable, removeDeliverable } from "./edit-deliverables";
import { addItem, removeItem } from "./edit-items";
import { addProof, removeProof } from "./edit-proofs";
import { addRequirement, removeRequirement } from "./edit-requirements";
import { findChangeLog } from "./find-change-log";
import { findPrograms } from "./find-programs";
import { getProgram } from "./get-program";
import { importProgram, previewImport } from "./import-program";
import {
  ZAddDeliverableInput,
  ZAddItemInput,
  ZAddProofInput,
  ZAddRequirementInput,
  ZAttachProofInput,
  ZChangeLogInput,
  ZImportInput,
  ZProgramRef,
  ZRemoveDeliverableInput,
  ZRemoveItemInput,
  ZRemoveProofInput,
  ZRemoveRequirementInput,
  ZSignOffInput,
  ZUpdateProgramInput,
  ZUpdateRequirementInput,
} from "./schemas";
import { signOffProgram } from "./sign-off-program";
import { updateProgram } from "./update-program";
import { updateRequirement } from "./update-requirement";

const read = procedureWith("compliance:read");
const edit = procedureWith("compliance:edit");
const signOff = procedureWith("compliance:sign-off").use(
  requireFreshAuth(() => env.FRESH_AUTH_MAX_AGE_SECONDS),
);

type ActorContext = {
  user: { id: string; name: string; roles: readonly string[] };
  // procedureWith's actor: it names the break-glass session whose grant allowed the change, if one did
  actor?: AuditActor & { id: string };
  request: { requestId?: string | null; ip?: string | null; userAgent?: string | null };
  clock: { now: () => Date };
};

const changeContext = (ctx: ActorContext) => ({
  actor: ctx.actor ?? { id: ctx.user.id, name: ctx.user.name, roles: ctx.user.roles },
  request: ctx.request,
  clock: ctx.clock,
});

export const complianceRouter = router({
  list: read.query(({ ctx }) => findPrograms(ctx.prisma, { clock: ctx.clock })),

  get: read
    .input(ZProgramRef)
    .query(({ ctx, input }) => getProgram(ctx.prisma, input.slug, { clock: ctx.clock, blobs: blobStore() })),

  changeLog: read.input(ZChangeLogInput).query(({ ctx, input }) => findChangeLog(ctx.prisma, input)),

  // a mutation only because the tracker text is too long for a query string; it changes nothing
  previewImport: edit.input(ZImportInput).mutation(({ ctx, input }) => previewImport(ctx.prisma, input)),

  import: edit
    .input(ZImportInput)
    .mutation(({ ctx, input }) => importProgram(ctx.prisma, { ...changeContext(ctx), input })),

  updateRequirement: edit
    .input(ZUpdateRequirementInput)
    .mutation(({ ctx, input }) => updateRequirement(ctx.prisma, { ...changeContext(ctx), input })),

  updateProgram: edit
    .input(ZUpdateProgramInput)
    .mutation(({ ctx, input }) => updateProgram(ctx.prisma, { ...changeContext(ctx), input })),

  // the parts of a program: each addition or removal is audited and supersedes earlier sign-offs
  addItem: edit
    .input(ZAddItemInput)
    .mutation(({ ctx, input }) => addItem(ctx.prisma, { ...changeContext(ctx), input })),

  removeItem: edit
    .input(ZRemoveItemInput)
    .mutation(({ ctx, input }) => removeItem(ctx.prisma, { ...changeContext(ctx), input })),

  addRequirement: edit
    .input(ZAddRequirementInput)
    .mutation(({ ctx, input }) => addRequirement(ctx.prisma, { ...changeContext(ctx), input })),

  removeRequirement: edit
    .input(ZRemoveRequirementInput)
    .mutation(({ ctx, input }) => removeRequirement(ctx.prisma, { ...changeContext(ctx), input })),

  addProof: edit
    .input(ZAddProofInput)
    .mutation(({ ctx, input }) => addProof(ctx.prisma, { ...changeContext(ctx), input })),

  removeProof: edit
    .input(ZRemoveProofInput)
    .mutation(({ ctx, input }) => removeProof(ctx.prisma, { ...changeContext(ctx), input })),

  addDeliverable: edit
    .input(ZAddDeliverableInput)
    .mutation(({ ctx, input }) => addDeliverable(ctx.prisma, { ...changeContext(ctx), input })),

  removeDeliverable: edit
    .input(ZRemoveDeliverableInput)
    .mutation(({ ctx, input }) => removeDeliverable(ctx.prisma, { ...changeContext(ctx), input })),

  attachProof: edit
    .input(ZAttachProofInput)
    .mutation(({ ctx, input }) =>
      attachProofEvidence(ctx.prisma, { ...changeContext(ctx), input, blobs: blobStore() }),
    ),

  signOff: signOff
    .input(ZSignOffInput)
    .mutation(({ ctx, input }) => signOffProgram(ctx.prisma, { ...changeContext(ctx), input })),
});
