import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { logger } from "./logger";
import { startPeriodicJob } from "./periodic-job";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startPeriodicJob", () => {
  it("runs every period until stopped", async () => {
    const run = vi.fn(async () => {});
    const stop = startPeriodicJob("test job", 1000, run);
    await vi.advanceTimersByTimeAsync(3500);
    expect(run).toHaveBeenCalledTimes(3);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it("skips a tick while the previous run is still busy instead of running twice at once", async () => {
    let release: () => void = () => {};
    let active = 0;
    let most = 0;
    const run = vi.fn(async () => {
      active += 1;
      most = Math.max(most, active);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      active -= 1;
    });
    const stop = startPeriodicJob("slow job", 1000, run);
    await vi.advanceTimersByTimeAsync(3500);
    expect(run).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
    stop();
  });

  it("logs a failed run and tries again at the next tick", async () => {
    const error = vi.spyOn(logger, "error").mockImplementation(() => {});
    const run = vi.fn().mockRejectedValueOnce(new Error("database away")).mockResolvedValue(undefined);
    const stop = startPeriodicJob("flaky job", 1000, run);
    await vi.advanceTimersByTimeAsync(2000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(error).toHaveBeenCalledWith(
      "flaky job failed",
      expect.objectContaining({ error: expect.any(Error) }),
    );
    stop();
  });
});
