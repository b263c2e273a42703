// /reports/continuity through tRPC: everyone with evidence:read sees snapshots, comparisons and signed reports;
// starting a verify-all run and signing a continuity report need evidence:verify. A start answers at once with the
// queued snapshot; the run goes on in the background and the page polls its progress.
import type { AuditActor } from "../../audit/events";
import { APP_VERSION } from "../../lib/app-version";
import type { Context } from "../../trpc/context";
import { procedureWith, router } from "../../trpc/init";
import { compareSnapshots, findComparisonItems } from "./compare-snapshots";
import { createContinuityReport, findReportOfPair } from "./create-continuity-report";
import { findActiveRun, findSnapshots } from "./find-snapshots";
import { getSnapshot } from "./get-snapshot";
import { processVerifyAllDeps } from "./process-deps";
import {
  ZComparisonInput,
  ZComparisonItemsInput,
  ZSnapshotIdInput,
  ZSnapshotListInput,
  ZStartVerifyAllInput,
} from "./schemas";
import { startVerifyAll } from "./start-verify-all";
import { wakeVerifyAll } from "./verify-all-job";

const read = procedureWith("evidence:read");
const verify = procedureWith("evidence:verify");

type SignedIn = Context & { actor: AuditActor & { id: string } };
const depsOf = (ctx: SignedIn) => ({ prisma: ctx.prisma, clock: ctx.clock, appVersion: APP_VERSION });

export const continuityRouter = router({
  snapshots: read.input(ZSnapshotListInput).query(({ ctx, input }) => findSnapshots(ctx.prisma, input)),

  snapshot: read.input(ZSnapshotIdInput).query(({ ctx, input }) => getSnapshot(ctx.prisma, input.id)),

  /** the run queued or running now, with its progress; null when none */
  activeRun: read.query(({ ctx }) => findActiveRun(ctx.prisma)),

  compare: read.input(ZComparisonInput).query(async ({ ctx, input }) => ({
    ...(await compareSnapshots(ctx.prisma, input)),
    report: await findReportOfPair(ctx.prisma, input),
  })),

  items: read.input(ZComparisonItemsInput).query(({ ctx, input }) => findComparisonItems(ctx.prisma, input)),

  start: verify.input(ZStartVerifyAllInput).mutation(async ({ ctx, input }) => {
    const snapshot = await startVerifyAll(depsOf(ctx), { input, actor: ctx.actor, request: ctx.request });
    wakeVerifyAll(async () => processVerifyAllDeps(ctx.prisma));
    return snapshot;
  }),

  /** signs the report of a pair the server compared itself (never caller-supplied content); once per pair */
  signReport: verify
    .input(ZComparisonInput)
    .mutation(({ ctx, input }) =>
      createContinuityReport(depsOf(ctx), { input, actor: ctx.actor, request: ctx.request }),
    ),
});
