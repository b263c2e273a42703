// A background job that runs every `periodMs` in this process (the server's sweepers). One run at a time: a tick
// that finds the previous run still busy is skipped rather than queued, so a slow database does not pile up
// runs. A failed run is logged and the next tick tries again. The timer does not keep the process alive.
// The jobs it runs must be safe on every instance at once (conditional updates): nothing here elects a leader.
import { logger } from "./logger";

export function startPeriodicJob(name: string, periodMs: number, run: () => Promise<void>): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    run()
      .catch((error: unknown) => logger.error(`${name} failed`, { error }))
      .finally(() => {
        running = false;
      });
  }, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
