import { describe, expect, it } from "vitest";
import {
  type CeremonyState,
  checkDecision,
  checkStart,
  effectiveStatus,
  parseCeremonyPolicy,
  progressText,
  requiredApprovalsFor,
} from "./policy";

const now = new Date("2026-07-01T10:00:00.000Z");
const later = new Date("2026-07-01T11:00:00.000Z");

function ceremony(patch: Partial<CeremonyState> = {}): CeremonyState {
  return {
    status: "pending",
    requiredApprovals: 2,
    expiresAt: later,
    eligibleRole: "SECURITY_OFFICER",
    custodianIds: [],
    approvals: [{ userId: "sam", decision: "approve" }],
    ...patch,
  };
}
const officer = (id: string) => ({ id, roles: ["SECURITY_OFFICER"] });

describe("the ceremony policy setting", () => {
  it("reads operation[:purpose]=M entries; a purpose-specific entry wins", () => {
    const parsed = parseCeremonyPolicy("rotate=2, revoke:release=3, revoke=2");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(requiredApprovalsFor(parsed.policy, "rotate", "dev")).toBe(2);
    expect(requiredApprovalsFor(parsed.policy, "revoke", "release")).toBe(3);
    expect(requiredApprovalsFor(parsed.policy, "revoke", "mirror")).toBe(2);
    expect(requiredApprovalsFor(parsed.policy, "create", "release")).toBeNull();
  });

  it("is empty (everything direct) when unset", () => {
    expect(parseCeremonyPolicy(undefined)).toEqual({ ok: true, policy: [] });
    expect(parseCeremonyPolicy(" , ")).toEqual({ ok: true, policy: [] });
  });

  it.each([
    ["sign=2", /operation one of create, rotate, revoke/],
    ["escrow-recover=2", /operation one of/],
    ["rotate:payroll=2", /unknown purpose payroll/],
    ["rotate=1", /between 2 and 10/],
    ["rotate=11", /between 2 and 10/],
    ["rotate=two", /operation\[:purpose\]=M/],
    ["rotate=2,rotate:*=3", /given twice/],
  ])("refuses %s", (text, message) => {
    const parsed = parseCeremonyPolicy(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe("starting a ceremony", () => {
  it("needs 2 <= M <= N and at least the policy's M", () => {
    expect(checkStart({ requiredApprovals: 2, policyMinimum: null, eligibleCustodians: 3 })).toEqual({
      ok: true,
    });
    expect(checkStart({ requiredApprovals: 1, policyMinimum: null, eligibleCustodians: 3 })).toMatchObject({
      ok: false,
      message: "a ceremony needs at least 2 approvals",
    });
    expect(checkStart({ requiredApprovals: 2, policyMinimum: 3, eligibleCustodians: 3 })).toMatchObject({
      ok: false,
      message: "the ceremony policy requires at least 3 approvals for this",
    });
    expect(checkStart({ requiredApprovals: 3, policyMinimum: null, eligibleCustodians: 2 })).toMatchObject({
      ok: false,
      message: "3 approvals are needed but only 2 custodians are eligible",
    });
  });
});

describe("deciding", () => {
  it("the M-th approval completes; earlier ones do not", () => {
    expect(checkDecision(ceremony(), officer("cora"), "approve", now)).toEqual({ ok: true, completes: true });
    expect(checkDecision(ceremony({ requiredApprovals: 3 }), officer("cora"), "approve", now)).toEqual({
      ok: true,
      completes: false,
    });
    expect(checkDecision(ceremony(), officer("cora"), "reject", now)).toEqual({ ok: true, completes: false });
  });

  it("one person counts once", () => {
    expect(checkDecision(ceremony(), officer("sam"), "approve", now)).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: "you already approved this ceremony: each custodian counts once",
    });
  });

  it("only eligible custodians decide", () => {
    expect(checkDecision(ceremony(), { id: "ada", roles: ["AUDITOR"] }, "approve", now)).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    const named = ceremony({ custodianIds: ["sam", "kit"] });
    expect(checkDecision(named, officer("cora"), "approve", now)).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(checkDecision(named, officer("kit"), "approve", now)).toEqual({ ok: true, completes: true });
  });

  it("expires at expiresAt exactly, whatever the stored status says", () => {
    expect(effectiveStatus(ceremony(), now)).toBe("pending");
    expect(effectiveStatus(ceremony(), later)).toBe("expired");
    expect(effectiveStatus(ceremony({ status: "executed" }), later)).toBe("executed");
    expect(checkDecision(ceremony(), officer("cora"), "approve", later)).toMatchObject({
      ok: false,
      code: "PRECONDITION_FAILED",
      message: "this ceremony has expired: start a new one",
    });
  });

  it("a closed ceremony takes no more decisions", () => {
    for (const status of ["executed", "rejected", "failed"] as const) {
      expect(checkDecision(ceremony({ status }), officer("cora"), "approve", now)).toMatchObject({
        ok: false,
        code: "CONFLICT",
      });
    }
  });

  it("says progress in words", () => {
    expect(progressText(1, 2)).toBe("1 of 2 approvals");
  });
});
