// The background sweeper: every instance runs it; conditional updates make each exit recorded once. It only
// records what the clock has already decided (grants stopped at expiresAt without it).
import { logger } from "../lib/logger";
import type { BreakGlassDeps } from "./deps";
import { recordExpiries } from "./record-expiries";

export function sweepSessions(deps: Omit<BreakGlassDeps, "policy">) {
  return recordExpiries(deps, { detectedBy: "sweeper" });
}

/** Starts the periodic sweep in this process; the timer does not keep the process alive. */
export function startSweeper(
  makeDeps: () => Promise<Omit<BreakGlassDeps, "policy">>,
  periodMs: number,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    makeDeps()
      .then((deps) => sweepSessions(deps))
      .then((result) => {
        if (result.expired.length || result.lapsed.length) logger.info("break-glass sweep", { ...result });
      })
      .catch((error: unknown) => logger.error("break-glass sweep failed", { error }))
      .finally(() => {
        running = false;
      });
  }, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
