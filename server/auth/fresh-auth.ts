// Step-up freshness: sensitive actions need an authentication that happened at most `maxAgeSeconds` ago.
import { DomainError } from "../lib/domain-error";

// The identity provider's clock sets auth_time for OIDC sign-ins; a small lead over ours is skew, not fraud.
const ALLOWED_CLOCK_SKEW_MS = 60_000;

export function isFreshAuth(authTime: Date, now: Date, maxAgeSeconds: number): boolean {
  const ageMs = now.getTime() - authTime.getTime();
  // NaN (an unreadable time) fails every comparison below: fail closed.
  return ageMs >= -ALLOWED_CLOCK_SKEW_MS && ageMs <= maxAgeSeconds * 1000;
}

export function assertFreshAuth(authTime: Date, now: Date, maxAgeSeconds: number): void {
  if (!isFreshAuth(authTime, now, maxAgeSeconds)) {
    throw new DomainError("PRECONDITION_FAILED", "Please confirm it's you: sign in again to continue", {
      reauthRequired: true,
      maxAgeSeconds,
    });
  }
}
