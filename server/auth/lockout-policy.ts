// Per-account lockout: after `maxFailures` consecutive wrong passwords the account refuses every password, even
// the right one, until `lockoutMinutes` have passed. Pure, so the rule reads in one screen and is tested alone.
export type LockoutPolicy = { maxFailures: number; lockoutMinutes: number };

export type LockoutState = { failedLoginCount: number; lockedUntil: Date | null };

export function isLocked(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

export type FailedAttemptOutcome = {
  next: LockoutState;
  /** consecutive failures including this one */
  failures: number;
  /** this failure started a lock (audited as auth.account_locked) */
  lockStarted: boolean;
};

export function afterFailedAttempt(
  state: LockoutState,
  now: Date,
  policy: LockoutPolicy,
): FailedAttemptOutcome {
  const failures = state.failedLoginCount + 1;
  if (failures >= policy.maxFailures) {
    // The counter restarts with the lock, so that after it expires the owner gets a full set of attempts again
    // instead of being locked by the next typo.
    return {
      next: { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000) },
      failures,
      lockStarted: true,
    };
  }
  return { next: { failedLoginCount: failures, lockedUntil: null }, failures, lockStarted: false };
}

export const AFTER_SUCCESS: LockoutState = { failedLoginCount: 0, lockedUntil: null };
