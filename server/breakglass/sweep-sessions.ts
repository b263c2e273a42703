// The background sweeper: every instance runs it; conditional updates make each exit recorded once. It only
// records what the clock has already decided (grants stopped at expiresAt without it). It also seals the bootstrap
// account once its console-given time is up.
import { logger } from "../lib/logger";
import { startPeriodicJob } from "../lib/periodic-job";
import type { BreakGlassDeps } from "./deps";
import { sealBootstrapAccount } from "./offline/bootstrap-account";
import { recordExpiries } from "./record-expiries";

export function sweepSessions(deps: Omit<BreakGlassDeps, "policy">) {
  return recordExpiries(deps, { detectedBy: "sweeper" });
}

/** Starts the periodic sweep in this process; the timer does not keep the process alive. */
export function startSweeper(
  makeDeps: () => Promise<Omit<BreakGlassDeps, "policy">>,
  periodMs: number,
): () => void {
  return startPeriodicJob("break-glass sweep", periodMs, async () => {
    const deps = await makeDeps();
    const result = await sweepSessions(deps);
    if (result.expired.length || result.lapsed.length) logger.info("break-glass sweep", { ...result });
    if (await sealBootstrapAccount(deps, { operator: "expiry", onlyIfExpired: true })) {
      logger.warn("bootstrap break-glass account sealed: its time ran out");
    }
  });
}
