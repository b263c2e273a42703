// Runs verify-all in the background of a server process. A start (tRPC) wakes this process's runner at once; a
// periodic tick on every instance picks up runs queued elsewhere, or taken over from a worker that stopped. Claims
// go through FOR UPDATE SKIP LOCKED (run-verify-all.ts), so any number of instances and ticks never double a run.
import { logger } from "../../lib/logger";
import { startPeriodicJob } from "../../lib/periodic-job";
import { runVerifyAll, type VerifyAllDeps } from "./run-verify-all";

export const VERIFY_ALL_POLL_MS = 30_000;

type Runner = (makeDeps: () => Promise<VerifyAllDeps>) => void;

let busy = false;
let wanted = false;

/** Works through every claimable run, then stops; a wake-up while busy makes it look once more at the end. */
const backgroundRunner: Runner = (makeDeps) => {
  wanted = true;
  if (busy) return;
  busy = true;
  void (async () => {
    try {
      const deps = await makeDeps();
      while (wanted) {
        wanted = false;
        while (await runVerifyAll(deps)) wanted = false;
      }
    } catch (error) {
      logger.error("verify-all runner failed", { error });
    } finally {
      busy = false;
    }
  })();
};

const holder = globalThis as unknown as { portalVerifyAllRunner?: Runner };

/** Wakes this process's runner (returns at once; the run goes on in the background). */
export function wakeVerifyAll(makeDeps: () => Promise<VerifyAllDeps>): void {
  (holder.portalVerifyAllRunner ?? backgroundRunner)(makeDeps);
}

/** Replaces the runner (tests that drive runs themselves); returns a function that puts the previous one back. */
export function installVerifyAllRunner(runner: Runner): () => void {
  const previous = holder.portalVerifyAllRunner;
  holder.portalVerifyAllRunner = runner;
  return () => {
    holder.portalVerifyAllRunner = previous;
  };
}

export function startVerifyAllPoller(
  makeDeps: () => Promise<VerifyAllDeps>,
  periodMs = VERIFY_ALL_POLL_MS,
): () => void {
  return startPeriodicJob("verify-all", periodMs, async () => wakeVerifyAll(makeDeps));
}
