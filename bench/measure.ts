// Timing primitives. Every figure the benchmarks print is a median or a rate over many operations, measured in
// the same process as its baseline, so only the ratios are meant to travel between machines.
import { performance } from "node:perf_hooks";

export async function elapsedMs(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

export function elapsedMsSync(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/**
 * Median wall time of each piece of work over `runs` calls, after `warmup` untimed ones. The pieces take turns,
 * so a burst of load from elsewhere on the machine lands on all of them rather than on whichever ran then.
 */
export async function medianMsEach<K extends string>(options: {
  runs: number;
  warmup: number;
  works: Record<K, () => Promise<unknown>>;
}): Promise<Record<K, number>> {
  const entries = Object.entries(options.works) as [K, () => Promise<unknown>][];
  const times = new Map<K, number[]>(entries.map(([key]) => [key, []]));
  for (let round = 0; round < options.warmup + options.runs; round += 1) {
    for (const [key, work] of entries) {
      const ms = await elapsedMs(work);
      if (round >= options.warmup) times.get(key)?.push(ms);
    }
  }
  return Object.fromEntries(entries.map(([key]) => [key, median(times.get(key) ?? [])])) as Record<K, number>;
}

/** Median wall time of `passes` runs of a synchronous loop. */
export function medianMsSync(passes: number, work: () => void): number {
  return median(Array.from({ length: passes }, () => elapsedMsSync(work)));
}

export function perSecond(count: number, ms: number): number {
  return (count * 1000) / ms;
}
