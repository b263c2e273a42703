import { z } from "zod";
import type { Context } from "../../trpc/context";
import { procedureWith, router } from "../../trpc/init";
import { addLog, updateLog } from "./add-log";
import { acknowledgeAlarm, findOpenAlarms } from "./alarms";
import { configuredMirrorWebhook } from "./deps";
import { findLogs, getLog } from "./find-mirror";
import { checkEntries, importEntries } from "./import-entries";
import { importUploadedCheckpoint } from "./import-uploaded-checkpoint";
import { addLogKey, removeLogKey } from "./manage-log-keys";
import type { MirrorContext } from "./mirror-context";
import {
  ZAcknowledgeAlarmInput,
  ZAddLogInput,
  ZAddLogKeyInput,
  ZEntryInput,
  ZGetLogInput,
  ZImportCheckpointInput,
  ZRemoveLogKeyInput,
  ZSyncEntryInput,
  ZSyncLogInput,
  ZUpdateLogInput,
} from "./schemas";
import { syncEntry, syncLog } from "./sync-log";

const mirror = (ctx: Context & { actor: MirrorContext["actor"] }): MirrorContext => ({
  actor: ctx.actor,
  request: ctx.request,
  clock: ctx.clock,
  webhook: configuredMirrorWebhook(),
});

export const mirrorRouter = router({
  logs: procedureWith("evidence:read")
    .input(z.void())
    .query(({ ctx }) => findLogs(ctx.prisma)),

  log: procedureWith("evidence:read")
    .input(ZGetLogInput)
    .query(({ ctx, input }) => getLog(ctx.prisma, input)),

  openAlarms: procedureWith("evidence:read")
    .input(z.void())
    .query(({ ctx }) => findOpenAlarms(ctx.prisma)),

  /** verify entries against the held checkpoints, keeping nothing */
  checkEntry: procedureWith("evidence:verify")
    .input(ZEntryInput)
    .mutation(({ ctx, input }) => checkEntries(ctx.prisma, input)),

  addLog: procedureWith("mirror:manage")
    .input(ZAddLogInput)
    .mutation(({ ctx, input }) => addLog(ctx.prisma, mirror(ctx), input)),

  updateLog: procedureWith("mirror:manage")
    .input(ZUpdateLogInput)
    .mutation(({ ctx, input }) => updateLog(ctx.prisma, mirror(ctx), input)),

  addKey: procedureWith("mirror:manage")
    .input(ZAddLogKeyInput)
    .mutation(({ ctx, input }) => addLogKey(ctx.prisma, mirror(ctx), input)),

  removeKey: procedureWith("mirror:manage")
    .input(ZRemoveLogKeyInput)
    .mutation(({ ctx, input }) => removeLogKey(ctx.prisma, mirror(ctx), input)),

  importCheckpoint: procedureWith("mirror:manage")
    .input(ZImportCheckpointInput)
    .mutation(({ ctx, input }) => importUploadedCheckpoint(ctx.prisma, mirror(ctx), input)),

  importEntry: procedureWith("mirror:manage")
    .input(ZEntryInput)
    .mutation(({ ctx, input }) =>
      importEntries(ctx.prisma, mirror(ctx), { ...input, source: "upload", proofFor: async () => null }),
    ),

  sync: procedureWith("mirror:manage")
    .input(ZSyncLogInput)
    .mutation(({ ctx, input }) => syncLog(ctx.prisma, mirror(ctx), input)),

  syncEntry: procedureWith("mirror:manage")
    .input(ZSyncEntryInput)
    .mutation(({ ctx, input }) => syncEntry(ctx.prisma, mirror(ctx), input)),

  acknowledgeAlarm: procedureWith("mirror:manage")
    .input(ZAcknowledgeAlarmInput)
    .mutation(({ ctx, input }) => acknowledgeAlarm(ctx.prisma, mirror(ctx), input)),
});
