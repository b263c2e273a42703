// Time is a parameter: every rule that depends on "now" takes a Clock, so tests move time by hand.
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to; for tests. */
export function manualClock(
  start: Date | string,
): Clock & { advance: (ms: number) => void; set: (at: Date) => void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
    set: (at) => {
      current = new Date(at);
    },
  };
}
