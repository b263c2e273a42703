// The pure rules, exhaustively: requests against the policy, status as of a time, extensions and their caps,
// who may decide, close and review, and when a review is overdue.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../lib/domain-error";
import {
  accountChangeEndsBreakGlass,
  activationTimes,
  assertCanClose,
  assertCanDecide,
  assertCanReview,
  decideOpen,
  isGranting,
  isReviewOverdue,
  planExtension,
  type SessionFacts,
  statusAt,
} from "./policy";
import { DEFAULT_BREAKGLASS_POLICY, parseBreakGlassPolicy } from "./policy-config";

const MINUTE = 60_000;
const policy = DEFAULT_BREAKGLASS_POLICY;
const t0 = new Date("2026-12-01T10:00:00.000Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

function active(overrides: Partial<SessionFacts> = {}): SessionFacts {
  return {
    requesterId: "ian",
    status: "ACTIVE",
    requestExpiresAt: null,
    expiresAt: at(15),
    hardExpiresAt: at(240),
    extensionCount: 0,
    endedAt: null,
    reviewStatus: null,
    ...overrides,
  };
}

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe("decideOpen", () => {
  it("takes the default duration and self-service scopes without approval", () => {
    expect(decideOpen(policy, { reasonCode: "INCIDENT_P1", scopes: ["audit:read", "audit:read"] })).toEqual({
      scopes: ["audit:read"],
      durationMinutes: 15,
      approvalRequired: false,
      approvalScopes: [],
    });
  });
  it("needs approval as soon as one scope does", () => {
    const decision = decideOpen(policy, { reasonCode: "IDP_OUTAGE", scopes: ["audit:read", "admin:users"] });
    expect(decision).toMatchObject({ approvalRequired: true, approvalScopes: ["admin:users"] });
  });
  it.each([
    [{ reasonCode: "NOPE", scopes: ["audit:read"] }, "reasonCode"],
    [{ reasonCode: "INCIDENT_P1", scopes: [] }, "scopes"],
    [{ reasonCode: "INCIDENT_P1", scopes: ["breakglass:review"] }, "scopes"],
    [{ reasonCode: "INCIDENT_P1", scopes: ["rbac:read"] }, "scopes"],
    [{ reasonCode: "INCIDENT_P1", scopes: ["audit:read"], durationMinutes: 0 }, "durationMinutes"],
    [{ reasonCode: "INCIDENT_P1", scopes: ["audit:read"], durationMinutes: 61 }, "durationMinutes"],
    [{ reasonCode: "INCIDENT_P1", scopes: ["audit:read"], durationMinutes: 1.5 }, "durationMinutes"],
  ])("refuses %o (field %s)", (request, field) => {
    try {
      decideOpen(policy, request);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe("BAD_REQUEST");
      expect((error as DomainError).details).toMatchObject({ field });
    }
  });
  it("accepts exactly the durations within the policy's bounds", () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 100 }), (minutes) => {
        const ok =
          codeOf(() =>
            decideOpen(policy, {
              reasonCode: "INCIDENT_P1",
              scopes: ["audit:read"],
              durationMinutes: minutes,
            }),
          ) === null;
        expect(ok).toBe(minutes >= 1 && minutes <= 60);
      }),
    );
  });
});

describe("statusAt", () => {
  it("grants until expiresAt and not one millisecond later", () => {
    const session = active();
    expect(isGranting(session, new Date(at(15).getTime() - 1))).toBe(true);
    expect(isGranting(session, at(15))).toBe(false);
    expect(statusAt(session, at(15))).toBe("EXPIRED");
  });
  it("lets pending requests lapse and leaves ended sessions as they are", () => {
    expect(statusAt(active({ status: "PENDING", expiresAt: null, requestExpiresAt: at(30) }), at(30))).toBe(
      "REQUEST_EXPIRED",
    );
    expect(statusAt(active({ status: "REVOKED" }), at(100))).toBe("REVOKED");
    expect(isGranting(active({ status: "CLOSED" }), at(1))).toBe(false);
  });
});

describe("planExtension", () => {
  const request = { actorId: "ian", minutes: 10 };
  it("continues from the current expiry", () => {
    expect(planExtension(policy, active(), request, at(5))).toEqual({
      fromExpiresAt: at(15),
      toExpiresAt: at(25),
      capped: false,
    });
  });
  it("never goes past the absolute maximum, whatever is asked", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 239 }), (minutes, expiry) => {
        const plan = planExtension(
          policy,
          active({ expiresAt: at(expiry) }),
          { actorId: "ian", minutes },
          at(0),
        );
        expect(plan.toExpiresAt.getTime()).toBeLessThanOrEqual(at(240).getTime());
        expect(plan.toExpiresAt.getTime()).toBeGreaterThan(at(expiry).getTime());
        expect(plan.capped).toBe(expiry + minutes > 240);
      }),
    );
  });
  it.each([
    ["someone else's session", active(), { actorId: "sam", minutes: 10 }, at(1), "FORBIDDEN"],
    ["an expired session", active(), request, at(15), "CONFLICT"],
    ["a revoked session", active({ status: "REVOKED" }), request, at(1), "CONFLICT"],
    ["past the count", active({ extensionCount: 2 }), request, at(1), "CONFLICT"],
    ["too long an extension", active(), { actorId: "ian", minutes: 31 }, at(1), "BAD_REQUEST"],
    ["at the absolute maximum", active({ expiresAt: at(240) }), request, at(1), "CONFLICT"],
  ] as const)("refuses %s", (_name, session, extension, now, code) => {
    expect(codeOf(() => planExtension(policy, session, extension, now))).toBe(code);
  });
});

describe("who may decide, close and review", () => {
  const pending = active({
    status: "PENDING",
    expiresAt: null,
    hardExpiresAt: null,
    requestExpiresAt: at(30),
  });
  it("never the requester for approval; only while pending", () => {
    expect(codeOf(() => assertCanDecide(pending, "ian", at(1)))).toBe("FORBIDDEN");
    expect(codeOf(() => assertCanDecide(pending, "sam", at(1)))).toBeNull();
    expect(codeOf(() => assertCanDecide(pending, "sam", at(30)))).toBe("CONFLICT");
    expect(codeOf(() => assertCanDecide(active(), "sam", at(1)))).toBe("CONFLICT");
  });
  it("closing is for the requester, while active", () => {
    expect(codeOf(() => assertCanClose(active(), "ian", at(1)))).toBeNull();
    expect(codeOf(() => assertCanClose(active(), "sam", at(1)))).toBe("FORBIDDEN");
    expect(codeOf(() => assertCanClose(active(), "ian", at(15)))).toBe("CONFLICT");
  });
  it("reviewing is after the end, by someone else, once", () => {
    const ended = active({ status: "EXPIRED", endedAt: at(15), reviewStatus: "PENDING" });
    expect(codeOf(() => assertCanReview(ended, "sam"))).toBeNull();
    expect(codeOf(() => assertCanReview(ended, "ian"))).toBe("FORBIDDEN");
    expect(codeOf(() => assertCanReview(active(), "sam"))).toBe("CONFLICT");
    expect(codeOf(() => assertCanReview({ ...ended, reviewStatus: "ACKNOWLEDGED" }, "sam"))).toBe("CONFLICT");
  });
  it("marks unreviewed sessions overdue after the policy's age", () => {
    const ended = { reviewStatus: "PENDING", endedAt: at(0) };
    expect(isReviewOverdue(policy, ended, at(72 * 60))).toBe(false);
    expect(isReviewOverdue(policy, ended, at(72 * 60 + 1))).toBe(true);
    expect(isReviewOverdue(policy, { ...ended, reviewStatus: "FLAGGED" }, at(10_000))).toBe(false);
  });
});

describe("the policy configuration", () => {
  it("has defaults that hold together", () => {
    expect(policy.durationMinutes).toEqual({ default: 15, min: 1, max: 60 });
    expect(policy.reasonCodes.map((reason) => reason.code)).toEqual([
      "INCIDENT_P1",
      "SECURITY_INCIDENT",
      "IDP_OUTAGE",
      "DATA_RECOVERY",
      "RELEASE_HOTFIX",
    ]);
    expect(policy.scopes["promotion:override-freeze"]).toBe("self-service");
    expect(activationTimes(policy, 15, t0)).toEqual({
      activatedAt: t0,
      expiresAt: at(15),
      hardExpiresAt: at(240),
    });
  });
  it("takes overrides and keeps the other defaults", () => {
    const custom = parseBreakGlassPolicy({
      durationMinutes: { default: 1, min: 1, max: 5 },
      scopes: { "audit:read": "approval" },
    });
    expect(custom.durationMinutes.max).toBe(5);
    expect(custom.scopes).toEqual({ "audit:read": "approval" });
    expect(custom.extension.maxCount).toBe(2);
  });
  it.each([
    [{ scopes: { "breakglass:approve": "self-service" } }, /cannot grant break-glass/],
    [{ scopes: { "root:everything": "self-service" } }, /not a permission/],
    [{ scopes: { "audit:read": "whenever" } }, /scopes/],
    [{ durationMinutes: { default: 90, min: 1, max: 60 } }, /min <= default <= max/],
    [{ absoluteMaxMinutes: 30 }, /at least durationMinutes.max/],
    [{ reasonCodes: [{ code: "lower", label: "x" }] }, /UPPER_SNAKE_CASE/],
    [{ reasonCodes: [] }, /at least one reason code/],
  ])("refuses %o", (value, message) => {
    expect(() => parseBreakGlassPolicy(value)).toThrow(message);
  });
});

describe("accountChangeEndsBreakGlass", () => {
  it("ends break-glass for a disabled account, or one left without a role that may open it", () => {
    expect(accountChangeEndsBreakGlass({ disabled: true, roles: ["INCIDENT_RESPONDER"] })).toBe(
      "account disabled",
    );
    expect(
      accountChangeEndsBreakGlass({ disabled: false, roles: ["INCIDENT_RESPONDER", "AUDITOR"] }),
    ).toBeNull();
    expect(accountChangeEndsBreakGlass({ disabled: false, roles: ["AUDITOR", "ADMIN"] })).toMatch(
      /roles changed/,
    );
    expect(accountChangeEndsBreakGlass({ disabled: false, roles: [] })).toMatch(/roles changed/);
  });
});
