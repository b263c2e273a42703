import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../lib/domain-error";
import { assertFreshAuth, isFreshAuth } from "./fresh-auth";

const now = new Date("2026-11-22T12:00:00.000Z");
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("isFreshAuth", () => {
  it("accepts an authentication up to and including maxAge seconds old", () => {
    expect(isFreshAuth(secondsAgo(0), now, 300)).toBe(true);
    expect(isFreshAuth(secondsAgo(299), now, 300)).toBe(true);
    expect(isFreshAuth(secondsAgo(300), now, 300)).toBe(true);
  });

  it("refuses one that is older", () => {
    expect(isFreshAuth(new Date(secondsAgo(300).getTime() - 1), now, 300)).toBe(false);
    expect(isFreshAuth(secondsAgo(8 * 3600), now, 300)).toBe(false);
  });

  it("tolerates up to a minute of identity-provider clock skew, not more", () => {
    expect(isFreshAuth(secondsAgo(-60), now, 300)).toBe(true);
    expect(isFreshAuth(secondsAgo(-61), now, 300)).toBe(false);
  });

  it("fails closed on an unreadable time", () => {
    expect(isFreshAuth(new Date(Number.NaN), now, 300)).toBe(false);
  });

  it("is fresh exactly when the age is within [-60 s, maxAge]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -600_000, max: 10_000_000 }),
        fc.integer({ min: 1, max: 86_400 }),
        (ageMs, maxAge) => {
          const authTime = new Date(now.getTime() - ageMs);
          expect(isFreshAuth(authTime, now, maxAge)).toBe(ageMs >= -60_000 && ageMs <= maxAge * 1000);
        },
      ),
    );
  });
});

describe("assertFreshAuth", () => {
  it("passes silently when fresh", () => {
    expect(() => assertFreshAuth(secondsAgo(10), now, 300)).not.toThrow();
  });

  it("asks the user to sign in again, saying so in the error details", () => {
    let caught: unknown;
    try {
      assertFreshAuth(secondsAgo(301), now, 300);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toBe("Please confirm it's you: sign in again to continue");
    expect(error.details).toEqual({ reauthRequired: true, maxAgeSeconds: 300 });
  });
});
