// Runs once when the Next server starts: open the database and apply pending migrations before the first
// request, so a schema problem stops the start instead of failing a user's request. Then the break-glass sweeper
// (every instance runs one; exits are recorded once whatever the number, and grants never wait for it), the
// key-ceremony and promotion-request sweepers (expiries recorded once, however many instances sweep; decisions
// never wait for them), the audit checkpoint scheduler (one signed checkpoint per change of the log, however many
// instances run it), the transparency-log mirror's sync (each new checkpoint taken once, however many instances
// sync), and the verify-all poller (picks up runs queued on another instance or left by a stopped worker; claims never double).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getProcessDatabase } = await import("./server/db/process-database");
  await getProcessDatabase();
  const { env } = await import("./server/env");
  const { configuredBreakGlass } = await import("./server/breakglass/deps");
  const { startSweeper } = await import("./server/breakglass/sweep-sessions");
  const { systemClock } = await import("./server/lib/clock");
  // fail the start on a bad policy file rather than on the first break-glass request
  configuredBreakGlass();
  startSweeper(
    async () => ({
      prisma: (await getProcessDatabase()).prisma,
      clock: systemClock,
      webhook: configuredBreakGlass().webhook,
    }),
    env.BREAKGLASS_SWEEP_SECONDS * 1000,
  );
  const { startCeremonySweeper } = await import("./server/signing/ceremonies/sweep-expired-ceremonies");
  startCeremonySweeper(
    async () => ({ prisma: (await getProcessDatabase()).prisma, clock: systemClock }),
    env.SIGNING_CEREMONY_SWEEP_SECONDS * 1000,
  );
  const { startPromotionSweeper } = await import("./server/releases/promotion/sweep-expired-requests");
  const { configuredPromotionEvents } = await import("./server/releases/promotion/configured-events");
  startPromotionSweeper(
    async () => ({
      prisma: (await getProcessDatabase()).prisma,
      clock: systemClock,
      events: configuredPromotionEvents(),
    }),
    env.PROMOTION_SWEEP_SECONDS * 1000,
  );
  const { startCheckpointScheduler } = await import("./server/audit/checkpoints/schedule-checkpoints");
  startCheckpointScheduler(
    async () => ({ prisma: (await getProcessDatabase()).prisma, clock: systemClock }),
    {
      origin: env.AUDIT_CHECKPOINT_ORIGIN,
      periodMs: env.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000,
    },
  );
  const { startMirrorSync } = await import("./server/evidence/transparency/schedule-sync");
  const { configuredMirrorWebhook } = await import("./server/evidence/transparency/deps");
  startMirrorSync(
    async () => ({
      prisma: (await getProcessDatabase()).prisma,
      clock: systemClock,
      webhook: configuredMirrorWebhook(),
    }),
    env.TRANSPARENCY_SYNC_SECONDS * 1000,
  );
  const { startVerifyAllPoller } = await import("./server/evidence/continuity/verify-all-job");
  const { processVerifyAllDeps } = await import("./server/evidence/continuity/process-deps");
  startVerifyAllPoller(async () => processVerifyAllDeps((await getProcessDatabase()).prisma));
}
