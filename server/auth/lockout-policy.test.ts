import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { afterFailedAttempt, isLocked, type LockoutState } from "./lockout-policy";

const policy = { maxFailures: 5, lockoutMinutes: 15 };
const now = new Date("2026-11-22T09:00:00.000Z");
const fresh: LockoutState = { failedLoginCount: 0, lockedUntil: null };

describe("lockout policy", () => {
  it("locks on the maxFailures-th consecutive failure, for lockoutMinutes", () => {
    let state = fresh;
    for (let i = 1; i < policy.maxFailures; i += 1) {
      const outcome = afterFailedAttempt(state, now, policy);
      expect(outcome).toMatchObject({ failures: i, lockStarted: false });
      state = outcome.next;
      expect(isLocked(state, now)).toBe(false);
    }
    const last = afterFailedAttempt(state, now, policy);
    expect(last.lockStarted).toBe(true);
    expect(last.failures).toBe(5);
    expect(last.next.lockedUntil).toEqual(new Date("2026-11-22T09:15:00.000Z"));
    expect(isLocked(last.next, now)).toBe(true);
  });

  it("unlocks exactly when lockedUntil is reached, with a full set of attempts again", () => {
    const locked = { failedLoginCount: 0, lockedUntil: new Date("2026-11-22T09:15:00.000Z") };
    expect(isLocked(locked, new Date("2026-11-22T09:14:59.999Z"))).toBe(true);
    expect(isLocked(locked, new Date("2026-11-22T09:15:00.000Z"))).toBe(false);
    const later = new Date("2026-11-22T09:16:00.000Z");
    expect(afterFailedAttempt(locked, later, policy)).toMatchObject({ failures: 1, lockStarted: false });
  });

  it("with maxFailures 1, the first failure locks", () => {
    expect(afterFailedAttempt(fresh, now, { maxFailures: 1, lockoutMinutes: 1 }).lockStarted).toBe(true);
  });

  it("starts a lock exactly once in every run of maxFailures failures", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 60 }), (maxFailures, runs) => {
        let state = fresh;
        let locks = 0;
        for (let i = 0; i < maxFailures * runs; i += 1) {
          const outcome = afterFailedAttempt(state, now, { maxFailures, lockoutMinutes: 5 });
          if (outcome.lockStarted) locks += 1;
          state = outcome.next;
        }
        expect(locks).toBe(runs);
        expect(state.failedLoginCount).toBe(0);
      }),
    );
  });
});
