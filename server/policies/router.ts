// /policies and the release page's Gates panel through tRPC. Reading needs policy:read; editing, activating,
// exporting and importing packs need policy:manage; recording and revoking VEX exceptions need vex:sign; both with
// a recent sign-in (a pack decides what ships; an exception takes a finding out of a gate). Evaluating a release on
// request needs promotion:request (a release manager asks "would it pass now?").

import { z } from "zod";
import { env } from "../env";
import { blobStore } from "../evidence/blob-store";
import { DomainError } from "../lib/domain-error";
import { procedureWith, requireFreshAuth, router } from "../trpc/init";
import { evaluateReleaseGates, recordEvaluation } from "./evaluate-release";
import { findPacks, findReleaseGates, findVexExceptions } from "./find-policies";
import { exportPackFile, importPackFile } from "./pack-file";
import { activatePack, readPackDocument, savePackVersion } from "./pack-store";
import { previewPack } from "./preview-pack";
import { importVexDocument, recordVexException } from "./record-vex-exception";
import { reevaluateAfterException } from "./reevaluate-after-exception";
import { revokeVexException } from "./revoke-vex-exception";
import {
  ZEvaluateInput,
  ZImportPackInput,
  ZImportVexInput,
  ZPackName,
  ZPackRefInput,
  ZPreviewPackInput,
  ZRecordVexInput,
  ZRevokeVexInput,
  ZSavePackInput,
} from "./schemas";

const fresh = requireFreshAuth(() => env.FRESH_AUTH_MAX_AGE_SECONDS);
const read = procedureWith("policy:read");
const manage = procedureWith("policy:manage").use(fresh);
const signVex = procedureWith("vex:sign").use(fresh);
const evaluate = procedureWith("promotion:request");
const releaseRead = procedureWith("release:read");

export const policiesRouter = router({
  packs: read.query(({ ctx }) => findPacks(ctx.prisma)),

  /** what a draft would decide for the releases waiting now; nothing is stored */
  preview: read
    .input(ZPreviewPackInput)
    .query(({ ctx, input }) =>
      previewPack(ctx.prisma, { blobs: blobStore(), clock: ctx.clock }, readPackDocument(input.document)),
    ),

  savePack: manage.input(ZSavePackInput).mutation(({ ctx, input }) =>
    ctx.prisma.$transaction((tx) =>
      savePackVersion(tx, ctx, {
        name: input.name,
        document: readPackDocument(input.document),
        comment: input.comment,
        source: "EDITED",
      }),
    ),
  ),

  activatePack: manage
    .input(z.object({ name: ZPackName }))
    .mutation(({ ctx, input }) => ctx.prisma.$transaction((tx) => activatePack(tx, ctx, input.name))),

  exportPack: manage
    .input(ZPackRefInput)
    .mutation(({ ctx, input }) => exportPackFile(ctx.prisma, ctx, input)),

  importPack: manage
    .input(ZImportPackInput)
    .mutation(({ ctx, input }) => importPackFile(ctx.prisma, ctx, input)),

  vex: read.query(({ ctx }) => findVexExceptions(ctx.prisma, { now: ctx.clock.now() })),

  /** records the signed exception, then evaluates again the waiting releases it can concern */
  recordVex: signVex.input(ZRecordVexInput).mutation(async ({ ctx, input }) => {
    const recorded = await recordVexException(ctx.prisma, ctx, input);
    return { ...recorded, reevaluated: await reevaluateAfterException(ctx.prisma, ctx, input.scope) };
  }),

  importVex: signVex.input(ZImportVexInput).mutation(async ({ ctx, input }) => {
    const recorded = await importVexDocument(ctx.prisma, ctx, input);
    return { ...recorded, reevaluated: await reevaluateAfterException(ctx.prisma, ctx, input.scope) };
  }),

  revokeVex: signVex
    .input(ZRevokeVexInput)
    .mutation(({ ctx, input }) => revokeVexException(ctx.prisma, ctx, input)),

  forRelease: releaseRead
    .input(z.object({ releaseId: z.uuid({ message: "must be a release id" }) }))
    .query(({ ctx, input }) => findReleaseGates(ctx.prisma, input.releaseId)),

  /** evaluate now and record it (trigger MANUAL) */
  evaluate: evaluate.input(ZEvaluateInput).mutation(async ({ ctx, input }) => {
    const exists = await ctx.prisma.release.findUnique({
      where: { id: input.releaseId },
      select: { id: true },
    });
    if (!exists) throw new DomainError("NOT_FOUND", "No such release");
    return ctx.prisma.$transaction(async (tx) => {
      const pending = await evaluateReleaseGates(
        tx,
        { blobs: blobStore(), clock: ctx.clock },
        { ...input, trigger: "MANUAL" },
      );
      const { id } = await recordEvaluation(tx, pending, ctx);
      return { id, verdict: pending.verdict, summary: pending.summary };
    });
  }),
});
