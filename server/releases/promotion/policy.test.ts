// The promotion rules, exhaustively: order and soak, freeze windows and their override, expiry by the clock,
// digest-bound approvals, dual control, self-approval, one person once, the role a decision counts for.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ReleaseBundleReport } from "../../signing/bundle/report";
import {
  activeFreeze,
  type Binding,
  checkDecision,
  checkPromotionGates,
  checkRequest,
  chooseRole,
  type DecisionFact,
  describeRequirement,
  type EnvironmentRule,
  effectiveStatus,
  expiresAtFor,
  type FreezeFact,
  previousOf,
  type RequestFact,
  soakEndsAt,
  tallyApprovals,
  targetPathFor,
  VOID_MESSAGE,
  verificationVerdict,
} from "./policy";
import type { Decision, Environment } from "./vocabulary";

const MINUTE = 60_000;
const t0 = new Date("2026-12-01T10:00:00.000Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

const RULES: EnvironmentRule[] = [
  {
    environment: "PROD",
    position: 3,
    requiredApprovals: [
      { role: "RELEASE_ENGINEER", count: 1 },
      { role: "SECURITY_OFFICER", count: 1 },
    ],
    soakMinutes: 0,
    requestTtlHours: 72,
  },
  { environment: "DEV", position: 1, requiredApprovals: [], soakMinutes: 0, requestTtlHours: 72 },
  {
    environment: "STAGING",
    position: 2,
    requiredApprovals: [{ role: "RELEASE_ENGINEER", count: 1 }],
    soakMinutes: 0,
    requestTtlHours: 72,
  },
];
const rule = (environment: Environment, overrides: Partial<EnvironmentRule> = {}): EnvironmentRule => ({
  ...(RULES.find((candidate) => candidate.environment === environment) as EnvironmentRule),
  ...overrides,
});
const withRule = (changed: EnvironmentRule) =>
  RULES.map((candidate) => (candidate.environment === changed.environment ? changed : candidate));

const BOUND: Binding = { bundleDigest: "a".repeat(64), verificationDigest: "b".repeat(64) };
const CHANGED: Binding = { ...BOUND, verificationDigest: "c".repeat(64) };
const OK = { ok: true, reason: "3 files verified" };

const rhea = { id: "rhea", roles: ["RELEASE_ENGINEER"] };
const ray = { id: "ray", roles: ["RELEASE_ENGINEER"] };
const sam = { id: "sam", roles: ["SECURITY_OFFICER"] };
const both = { id: "bo", roles: ["RELEASE_ENGINEER", "SECURITY_OFFICER"] };
const ada = { id: "ada", roles: ["AUDITOR"] };

function decision(
  approverId: string,
  role: string,
  options: { decision?: Decision; binding?: Binding } = {},
): DecisionFact {
  return {
    ...(options.binding ?? BOUND),
    approverId,
    approverName: approverId.toUpperCase(),
    role,
    decision: options.decision ?? "APPROVE",
    comment: "",
    decidedAt: at(1),
  };
}

function request(
  environment: Environment,
  decisions: DecisionFact[] = [],
  overrides: Partial<RequestFact> = {},
): RequestFact {
  return {
    ...BOUND,
    status: "PENDING",
    environment,
    requestedById: "ci-or-requester",
    expiresAt: at(72 * 60),
    decisions,
    ...overrides,
  };
}

const decide = (
  req: RequestFact,
  viewer: { id: string; roles: string[] },
  options: {
    decision?: Decision;
    role?: string;
    now?: Date;
    release?: Binding;
    verification?: typeof OK;
  } = {},
) =>
  checkDecision({
    request: req,
    release: options.release ?? BOUND,
    verification: options.verification ?? OK,
    rule: rule(req.environment),
    viewer,
    decision: options.decision ?? "APPROVE",
    role: options.role,
    now: options.now ?? at(5),
  });

describe("order of environments", () => {
  it("orders by position, whatever order the rows come in", () => {
    expect(previousOf(RULES, "DEV")).toBeNull();
    expect(previousOf(RULES, "STAGING")?.environment).toBe("DEV");
    expect(previousOf(RULES, "PROD")?.environment).toBe("STAGING");
  });

  it("refuses STAGING before DEV and PROD before STAGING, allows each after the previous", () => {
    const verification = OK;
    expect(checkRequest({ environment: "DEV", rules: RULES, promotions: [], verification })).toEqual({
      ok: true,
    });
    expect(
      checkRequest({ environment: "STAGING", rules: RULES, promotions: [], verification }),
    ).toMatchObject({
      ok: false,
      code: "PRECONDITION_FAILED",
      message: "STAGING comes after DEV: promote the release to DEV first",
    });
    const dev = [{ environment: "DEV" as const, promotedAt: at(0) }];
    expect(checkRequest({ environment: "STAGING", rules: RULES, promotions: dev, verification }).ok).toBe(
      true,
    );
    expect(checkRequest({ environment: "PROD", rules: RULES, promotions: dev, verification })).toMatchObject({
      message: "PROD comes after STAGING: promote the release to STAGING first",
    });
  });

  it("refuses a second promotion to the same environment and a release that does not verify", () => {
    const dev = [{ environment: "DEV" as const, promotedAt: at(0) }];
    expect(
      checkRequest({ environment: "DEV", rules: RULES, promotions: dev, verification: OK }),
    ).toMatchObject({
      code: "CONFLICT",
      message: "this release was already promoted to DEV at 2026-12-01T10:00:00Z",
    });
    expect(
      checkRequest({
        environment: "DEV",
        rules: RULES,
        promotions: [],
        verification: { ok: false, reason: "1 file(s) do not match their listed SHA-256" },
      }),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "the release cannot be promoted: 1 file(s) do not match their listed SHA-256",
    });
  });
});

describe("promotion gates: soak and freeze", () => {
  const dev = [{ environment: "DEV" as const, promotedAt: at(0) }];
  const soaking = withRule(rule("STAGING", { soakMinutes: 60 }));
  const gates = (now: Date, freezes: FreezeFact[] = [], canOverrideFreeze = false, rules = soaking) =>
    checkPromotionGates({ environment: "STAGING", rules, promotions: dev, freezes, now, canOverrideFreeze });

  it("waits for the soak after the previous environment, to the minute", () => {
    expect(soakEndsAt(soaking, "STAGING", dev)).toEqual(at(60));
    expect(soakEndsAt(soaking, "DEV", dev)).toBeNull();
    expect(soakEndsAt(RULES, "STAGING", dev)).toBeNull();
    expect(gates(at(59))).toMatchObject({
      ok: false,
      gate: "soak",
      until: at(60),
      message: "the release soaks in DEV until 2026-12-01T11:00:00Z (60 minutes before STAGING)",
    });
    expect(gates(at(60))).toEqual({ ok: true, overriddenFreeze: null });
  });

  const freeze: FreezeFact = {
    id: "f1",
    environment: "STAGING",
    startsAt: at(100),
    endsAt: at(200),
    reason: "year-end change freeze",
  };

  it("holds promotions during a freeze window [start, end) of that environment only", () => {
    expect(activeFreeze([freeze], "STAGING", at(99))).toBeNull();
    expect(activeFreeze([freeze], "STAGING", at(100))).toBe(freeze);
    expect(activeFreeze([freeze], "STAGING", at(199))).toBe(freeze);
    expect(activeFreeze([freeze], "STAGING", at(200))).toBeNull();
    expect(activeFreeze([freeze], "PROD", at(150))).toBeNull();
    expect(gates(at(150), [freeze])).toMatchObject({
      ok: false,
      gate: "freeze",
      until: at(200),
      message: expect.stringContaining(
        "STAGING is frozen until 2026-12-01T13:20:00Z (year-end change freeze)",
      ),
    });
  });

  it("lets a break-glass override through a freeze and names the window it lifted", () => {
    expect(gates(at(150), [freeze], true)).toEqual({ ok: true, overriddenFreeze: freeze });
    // the override is for freezes: it does not skip the soak or the order
    expect(gates(at(30), [], true)).toMatchObject({ ok: false, gate: "soak" });
    expect(
      checkPromotionGates({
        environment: "PROD",
        rules: RULES,
        promotions: dev,
        freezes: [],
        now: at(1),
        canOverrideFreeze: true,
      }),
    ).toMatchObject({ ok: false, gate: "order" });
  });

  it("of overlapping windows, reports the one that lasts longest", () => {
    const longer = { ...freeze, id: "f2", endsAt: at(300) };
    expect(activeFreeze([freeze, longer], "STAGING", at(150))?.id).toBe("f2");
  });

  it("refuses to promote what is already there", () => {
    expect(
      checkPromotionGates({
        environment: "DEV",
        rules: RULES,
        promotions: dev,
        freezes: [],
        now: at(1),
        canOverrideFreeze: false,
      }),
    ).toMatchObject({ ok: false, code: "CONFLICT", gate: "promoted" });
  });
});

describe("expiry is decided by the clock", () => {
  it("is pending before expiresAt and expired from expiresAt on, with or without the sweeper", () => {
    const req = request("STAGING", [], { expiresAt: at(60) });
    expect(effectiveStatus(req, at(59))).toBe("PENDING");
    expect(effectiveStatus(req, at(60))).toBe("EXPIRED");
    expect(effectiveStatus({ ...req, status: "PROMOTED" }, at(600))).toBe("PROMOTED");
    expect(expiresAtFor({ requestTtlHours: 72 }, t0)).toEqual(at(72 * 60));
  });

  it("refuses a decision on an expired request", () => {
    const req = request("STAGING", [], { expiresAt: at(60) });
    expect(decide(req, rhea, { now: at(60) })).toEqual({
      ok: false,
      code: "PRECONDITION_FAILED",
      message: "this request has expired: request the promotion again",
    });
    expect(decide(req, rhea, { now: at(59) }).ok).toBe(true);
  });

  it("refuses decisions on closed requests, saying why", () => {
    expect(decide(request("STAGING", [], { status: "PROMOTED" }), rhea)).toMatchObject({
      code: "CONFLICT",
      message: "this request has already been promoted",
    });
    expect(decide(request("STAGING", [], { status: "REJECTED" }), rhea)).toMatchObject({ code: "CONFLICT" });
    expect(decide(request("STAGING", [], { status: "CANCELLED" }), rhea)).toMatchObject({ code: "CONFLICT" });
  });
});

describe("dual control for PROD", () => {
  it("needs one release engineer and one security officer; either alone is not enough", () => {
    const first = decide(request("PROD"), rhea);
    expect(first).toMatchObject({ ok: true, role: "RELEASE_ENGINEER", completes: false });
    const afterRhea = request("PROD", [decision("rhea", "RELEASE_ENGINEER")]);
    expect(decide(afterRhea, sam)).toMatchObject({ ok: true, role: "SECURITY_OFFICER", completes: true });
  });

  it("a second release engineer cannot stand in for the security officer", () => {
    const afterRhea = request("PROD", [decision("rhea", "RELEASE_ENGINEER")]);
    expect(decide(afterRhea, ray)).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "the release engineer approval is already given by RHEA; PROD still needs 1 security officer",
    });
  });

  it("one person holding both roles counts once, in the role they choose", () => {
    expect(decide(request("PROD"), both)).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
      message: expect.stringContaining("choose the role your approval counts for"),
    });
    const asOfficer = decide(request("PROD"), both, { role: "SECURITY_OFFICER" });
    expect(asOfficer).toMatchObject({ ok: true, role: "SECURITY_OFFICER", completes: false });
    // once they decided, they cannot decide again in the other role
    const afterBo = request("PROD", [decision("bo", "SECURITY_OFFICER")]);
    expect(decide(afterBo, both, { role: "RELEASE_ENGINEER" })).toEqual({
      ok: false,
      code: "CONFLICT",
      message: "you already approved this request as security officer: one person counts once",
    });
    // with one role left open, their only possible role is picked for them
    const afterRhea = request("PROD", [decision("rhea", "RELEASE_ENGINEER")]);
    expect(decide(afterRhea, both)).toMatchObject({ ok: true, role: "SECURITY_OFFICER", completes: true });
  });

  it("refuses a role the person does not hold, or that the environment does not ask for", () => {
    expect(decide(request("PROD"), rhea, { role: "SECURITY_OFFICER" })).toMatchObject({
      code: "FORBIDDEN",
      message: "you are not a security officer",
    });
    expect(decide(request("STAGING"), both, { role: "SECURITY_OFFICER" })).toMatchObject({
      code: "BAD_REQUEST",
      message: "STAGING does not ask for a security officer",
    });
    expect(decide(request("STAGING"), sam)).toMatchObject({
      code: "FORBIDDEN",
      message: "STAGING is approved by a release engineer; you do not hold that role",
    });
    expect(decide(request("PROD"), ada)).toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("self-approval and one person once", () => {
  it("the requester can neither approve nor reject their own request", () => {
    const own = request("STAGING", [], { requestedById: "rhea" });
    for (const choice of ["APPROVE", "REJECT"] as const) {
      expect(decide(own, rhea, { decision: choice })).toEqual({
        ok: false,
        code: "FORBIDDEN",
        message: "you requested this promotion: another person must approve it",
      });
    }
    expect(decide(own, ray)).toMatchObject({ ok: true, completes: true });
  });

  it("a person who decided cannot decide again, whatever they decided", () => {
    const rejected = request("PROD", [decision("sam", "SECURITY_OFFICER", { decision: "REJECT" })]);
    expect(decide(rejected, sam)).toMatchObject({
      code: "CONFLICT",
      message: "you already rejected this request as security officer: one person counts once",
    });
  });

  it("a requester's approval, if one ever were on record, never counts", () => {
    const tally = tallyApprovals(
      rule("STAGING"),
      { requestedById: "rhea", decisions: [decision("rhea", "RELEASE_ENGINEER")] },
      BOUND,
    );
    expect(tally.complete).toBe(false);
  });
});

describe("approvals are bound to the bundle digest and the verification", () => {
  it("a request made for another digest or verification is void", () => {
    expect(decide(request("STAGING"), rhea, { release: CHANGED })).toEqual({
      ok: false,
      code: "PRECONDITION_FAILED",
      message: VOID_MESSAGE,
    });
    expect(
      decide(request("STAGING"), rhea, { release: { ...BOUND, bundleDigest: "d".repeat(64) } }),
    ).toMatchObject({ message: VOID_MESSAGE });
  });

  it("approvals given for an earlier verification are on record but do not count", () => {
    const tally = tallyApprovals(
      rule("PROD"),
      {
        requestedById: "x",
        decisions: [decision("rhea", "RELEASE_ENGINEER"), decision("sam", "SECURITY_OFFICER")],
      },
      CHANGED,
    );
    expect(tally.complete).toBe(false);
    expect(tally.voided.map((approver) => approver.id)).toEqual(["rhea", "sam"]);
    expect(tally.missing).toEqual([
      { role: "RELEASE_ENGINEER", count: 1 },
      { role: "SECURITY_OFFICER", count: 1 },
    ]);
  });

  it("refuses to decide on a release that no longer verifies, with the verifier's reason", () => {
    expect(
      decide(request("STAGING"), rhea, { verification: { ok: false, reason: "SHA256SUMS.sig: revoked" } }),
    ).toEqual({
      ok: false,
      code: "PRECONDITION_FAILED",
      message: "the release cannot be promoted: SHA256SUMS.sig: revoked",
    });
  });
});

describe("rejection", () => {
  it("any eligible approver may veto, even when their role's approval is already given", () => {
    const afterRhea = request("PROD", [decision("rhea", "RELEASE_ENGINEER")]);
    expect(decide(afterRhea, ray, { decision: "REJECT" })).toMatchObject({
      ok: true,
      role: "RELEASE_ENGINEER",
    });
    expect(decide(afterRhea, ada, { decision: "REJECT" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("records an open role for a person with two roles who does not choose", () => {
    const afterRhea = request("PROD", [decision("rhea", "RELEASE_ENGINEER")]);
    expect(
      chooseRole({
        environment: "PROD",
        rule: rule("PROD"),
        tally: tallyApprovals(rule("PROD"), afterRhea, BOUND),
        viewer: both,
        decision: "REJECT",
      }),
    ).toEqual({ ok: true, role: "SECURITY_OFFICER" });
  });
});

describe("tally properties", () => {
  const roles = ["RELEASE_ENGINEER", "SECURITY_OFFICER"] as const;
  const arbitraryDecision = fc.record({
    approverId: fc.constantFrom("p1", "p2", "p3", "p4", "req"),
    role: fc.constantFrom(...roles, "AUDITOR"),
    decision: fc.constantFrom<Decision>("APPROVE", "REJECT"),
    bound: fc.boolean(),
  });
  const arbitraryRequirements = fc.uniqueArray(
    fc.record({ role: fc.constantFrom(...roles), count: fc.integer({ min: 1, max: 3 }) }),
    { selector: (requirement) => requirement.role, maxLength: 2 },
  );

  it("complete exactly when every role has enough distinct, bound, non-requester approvals", () => {
    fc.assert(
      fc.property(
        arbitraryRequirements,
        fc.array(arbitraryDecision, { maxLength: 8 }),
        (requirements, list) => {
          const decisions = list.map((entry) =>
            decision(entry.approverId, entry.role, {
              decision: entry.decision,
              binding: entry.bound ? BOUND : CHANGED,
            }),
          );
          const tally = tallyApprovals(
            { requiredApprovals: requirements },
            { requestedById: "req", decisions },
            BOUND,
          );
          const firstByPerson = new Map<string, DecisionFact>();
          for (const d of decisions) {
            if (
              d.decision === "APPROVE" &&
              d.verificationDigest === BOUND.verificationDigest &&
              d.approverId !== "req"
            ) {
              if (!firstByPerson.has(d.approverId)) firstByPerson.set(d.approverId, d);
            }
          }
          const expected = requirements.every(
            (requirement) =>
              [...firstByPerson.values()].filter((d) => d.role === requirement.role).length >=
              requirement.count,
          );
          expect(tally.complete).toBe(expected);
          const counted = tally.requirements.flatMap((line) => line.approvers.map((a) => a.id));
          expect(new Set(counted).size).toBe(counted.length);
          expect(counted).not.toContain("req");
        },
      ),
    );
  });

  it("no policy completes with fewer distinct people than it asks for in total", () => {
    fc.assert(
      fc.property(
        arbitraryRequirements,
        fc.array(arbitraryDecision, { maxLength: 8 }),
        (requirements, list) => {
          const decisions = list.map((entry) =>
            decision(entry.approverId, entry.role, { decision: entry.decision }),
          );
          const tally = tallyApprovals(
            { requiredApprovals: requirements },
            { requestedById: "req", decisions },
            BOUND,
          );
          const people = new Set(tally.requirements.flatMap((line) => line.approvers.map((a) => a.id)));
          const total = requirements.reduce((sum, requirement) => sum + requirement.count, 0);
          if (tally.complete) expect(people.size).toBeGreaterThanOrEqual(total);
        },
      ),
    );
  });
});

describe("verification verdict for promotion", () => {
  const report = (
    overrides: Partial<ReleaseBundleReport>,
  ): Pick<ReleaseBundleReport, "ok" | "summary" | "signatures"> => ({
    ok: true,
    summary: "2 files verified; signed by sha256:k",
    signatures: [],
    ...overrides,
  });
  const signature = (flags: ("retired_key" | "signed_before_revocation")[]) => ({
    source: "SHA256SUMS.sig" as const,
    index: 0,
    status: "ok" as const,
    ok: true,
    keyId: "sha256:k",
    flags,
    reason: "valid",
    signedAt: null,
    signedAtSource: null,
  });

  it("passes a verified bundle, also one signed by a key retired since (rotation is normal)", () => {
    expect(verificationVerdict(report({}))).toEqual({
      ok: true,
      reason: "2 files verified; signed by sha256:k",
    });
    expect(verificationVerdict(report({ signatures: [signature(["retired_key"])] })).ok).toBe(true);
  });

  it("refuses a failed verification with its summary, and a key revoked since registration", () => {
    expect(verificationVerdict(report({ ok: false, summary: "SHA256SUMS is not signed" }))).toEqual({
      ok: false,
      reason: "SHA256SUMS is not signed",
    });
    expect(verificationVerdict(report({ signatures: [signature(["signed_before_revocation"])] }))).toEqual({
      ok: false,
      reason:
        "SHA256SUMS.sig is signed by sha256:k, which has since been revoked: sign the release again with an active key",
    });
  });
});

describe("words", () => {
  it("describes requirements and target paths", () => {
    expect(describeRequirement([])).toBe("automatic (no approval)");
    expect(describeRequirement(rule("PROD").requiredApprovals)).toBe(
      "1 release engineer + 1 security officer",
    );
    expect(targetPathFor("STAGING", "payments-api", "2.4.0")).toBe("releases/staging/payments-api/2.4.0/");
  });
});
