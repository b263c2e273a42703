import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ApprovalFacts,
  describeNeeds,
  furthestEnvironment,
  isWaitingFor,
  type PipelineInput,
  type PolicyFacts,
  parseRequiredApprovals,
  pipelineStages,
  type RequestFacts,
  requestsWaitingFor,
  stillNeeded,
} from "./pipeline-state";
import { countApprovals, missingApprovals } from "./promotion/policy";

const now = new Date("2026-12-03T12:00:00.000Z");
const hour = 3_600_000;
const release = {
  verificationStatus: "VERIFIED",
  bundleDigest: "b".repeat(64),
  verificationDigest: "v".repeat(64),
};

// the default policy of the migration: DEV automatic, STAGING one release engineer, PROD dual control
const policies: PolicyFacts[] = [
  {
    environment: "PROD",
    position: 3,
    requiredApprovals: parseRequiredApprovals([
      { role: "RELEASE_ENGINEER", count: 1 },
      { role: "SECURITY_OFFICER", count: 1 },
    ]),
  },
  { environment: "DEV", position: 1, requiredApprovals: [] },
  { environment: "STAGING", position: 2, requiredApprovals: [{ role: "RELEASE_ENGINEER", count: 1 }] },
];

const rhea = { id: "u-rhea", roles: ["RELEASE_ENGINEER"] };
const sam = { id: "u-sam", roles: ["SECURITY_OFFICER"] };
const both = { id: "u-both", roles: ["RELEASE_ENGINEER", "SECURITY_OFFICER"] };
const ci = null;

function approval(approverId: string, role: string, overrides: Partial<ApprovalFacts> = {}): ApprovalFacts {
  return {
    approverId,
    role,
    decision: "APPROVE",
    bundleDigest: release.bundleDigest,
    verificationDigest: release.verificationDigest,
    ...overrides,
  };
}

function request(environment: string, overrides: Partial<RequestFacts> = {}): RequestFacts {
  return {
    id: `req-${environment}`,
    environment,
    status: "PENDING",
    requestedById: ci,
    requestedAt: new Date(now.getTime() - hour),
    expiresAt: new Date(now.getTime() + 71 * hour),
    bundleDigest: release.bundleDigest,
    verificationDigest: release.verificationDigest,
    approvals: [],
    ...overrides,
  };
}

const promoted = (environment: string) => ({ environment, promotedAt: new Date(now.getTime() - 2 * hour) });

const input = (overrides: Partial<PipelineInput> = {}): PipelineInput => ({
  release,
  policies,
  promotions: [],
  requests: [],
  now,
  ...overrides,
});

const lane = (overrides: Partial<PipelineInput> = {}) =>
  pipelineStages(input(overrides)).map((stage) => [stage.environment, stage.state, stage.reason]);

describe("pipelineStages", () => {
  it("lists the environments in policy order, all pending for a new release", () => {
    expect(lane()).toEqual([
      ["DEV", "pending", null],
      ["STAGING", "pending", null],
      ["PROD", "pending", null],
    ]);
  });

  it("marks promoted environments done with their time, and says what a live request still needs", () => {
    const stages = pipelineStages(
      input({
        promotions: [promoted("DEV"), promoted("STAGING")],
        requests: [
          request("PROD", {
            requestedById: rhea.id,
            approvals: [approval("u-other-re", "RELEASE_ENGINEER")],
          }),
        ],
      }),
    );
    expect(stages.map((stage) => [stage.environment, stage.state, stage.reason])).toEqual([
      ["DEV", "done", null],
      ["STAGING", "done", null],
      ["PROD", "waiting", "needs 1 Security officer"],
    ]);
    expect(stages[0]?.promotedAt).toEqual(new Date(now.getTime() - 2 * hour));
    expect(stages[2]).toMatchObject({
      requestId: "req-PROD",
      needs: [{ role: "SECURITY_OFFICER", count: 1 }],
    });
  });

  it("says both roles when nobody approved a PROD request yet, and that DEV is automatic", () => {
    expect(
      lane({ promotions: [promoted("DEV"), promoted("STAGING")], requests: [request("PROD")] })[2],
    ).toEqual(["PROD", "waiting", "needs 1 Release engineer and 1 Security officer"]);
    expect(lane({ requests: [request("DEV")] })[0]).toEqual([
      "DEV",
      "waiting",
      "automatic; promotion pending",
    ]);
  });

  it("blocks a release whose verification failed at its first stage not done, whatever requests exist", () => {
    const failed = { ...release, verificationStatus: "FAILED" };
    expect(lane({ release: failed, requests: [request("DEV")] })).toEqual([
      ["DEV", "blocked", "failed verification"],
      ["STAGING", "pending", null],
      ["PROD", "pending", null],
    ]);
    expect(lane({ release: failed, promotions: [promoted("DEV")] }).map((stage) => stage[1])).toEqual([
      "done",
      "blocked",
      "pending",
    ]);
  });

  it("blocks a stage whose live request was made for other digests", () => {
    const changed = { ...release, verificationDigest: "w".repeat(64) };
    expect(lane({ release: changed, requests: [request("DEV")] })[0]).toEqual([
      "DEV",
      "blocked",
      "release changed since the request: approvals void",
    ]);
  });

  it("tells what became of the last request when none is live", () => {
    const at = (hours: number) => new Date(now.getTime() - hours * hour);
    expect(lane({ requests: [request("DEV", { status: "REJECTED" })] })[0]).toEqual([
      "DEV",
      "pending",
      "last request rejected",
    ]);
    expect(lane({ requests: [request("DEV", { status: "EXPIRED" })] })[0]?.[2]).toBe("last request expired");
    expect(lane({ requests: [request("DEV", { status: "CANCELLED" })] })[0]?.[2]).toBe(
      "last request cancelled",
    );
    // still PENDING in the database, but its time is up: expiry is decided by the clock, not by a sweeper
    expect(lane({ requests: [request("DEV", { expiresAt: now })] })[0]).toEqual([
      "DEV",
      "pending",
      "last request expired",
    ]);
    // a newer live request wins over an older rejected one
    const older = request("DEV", { id: "old", status: "REJECTED", requestedAt: at(5) });
    expect(lane({ requests: [older, request("DEV")] })[0]?.[1]).toBe("waiting");
  });
});

describe("approvals that count", () => {
  it("are APPROVE decisions bound to the current digests, one per person, never the requester's", () => {
    const live = request("PROD", {
      requestedById: "r",
      approvals: [
        approval("r", "SECURITY_OFFICER"),
        approval("a", "RELEASE_ENGINEER"),
        approval("a", "SECURITY_OFFICER"),
        approval("b", "SECURITY_OFFICER", { decision: "REJECT" }),
        approval("c", "SECURITY_OFFICER", { bundleDigest: "0".repeat(64) }),
        approval("d", "SECURITY_OFFICER", { verificationDigest: "0".repeat(64) }),
      ],
    });
    const { counted } = countApprovals(live.approvals, live.requestedById, release);
    expect(counted.map((row) => [row.approverId, row.role])).toEqual([["a", "RELEASE_ENGINEER"]]);
    // policies[0] is PROD: the requester's own approval as security officer does not count
    expect(stillNeeded(policies[0]?.requiredApprovals ?? [], live, release)).toEqual([
      { role: "SECURITY_OFFICER", count: 1 },
    ]);
  });

  it("are taken off the policy role by role", () => {
    const required = policies[0]?.requiredApprovals ?? [];
    expect(missingApprovals(required, [{ role: "SECURITY_OFFICER" }])).toEqual([
      { role: "RELEASE_ENGINEER", count: 1 },
    ]);
    expect(missingApprovals(required, [{ role: "SECURITY_OFFICER" }, { role: "RELEASE_ENGINEER" }])).toEqual(
      [],
    );
    expect(
      missingApprovals([{ role: "SECURITY_OFFICER", count: 2 }], [{ role: "SECURITY_OFFICER" }]),
    ).toEqual([{ role: "SECURITY_OFFICER", count: 1 }]);
    expect(describeNeeds([{ role: "SECURITY_OFFICER", count: 2 }])).toBe("needs 2 Security officers");
    expect(
      describeNeeds([
        { role: "ADMIN", count: 1 },
        { role: "AUDITOR", count: 1 },
        { role: "SECURITY_OFFICER", count: 3 },
      ]),
    ).toBe("needs 1 Administrator, 1 Auditor and 3 Security officers");
  });

  it("refuses a malformed stored policy", () => {
    expect(() => parseRequiredApprovals([{ role: "CEO", count: 1 }])).toThrow();
    expect(() => parseRequiredApprovals([{ role: "AUDITOR", count: 0 }])).toThrow();
  });
});

describe("waiting for me", () => {
  const prod = (overrides: Partial<RequestFacts> = {}) => request("PROD", overrides);
  const waiting = (
    viewer: { id: string; roles: string[] },
    requests: RequestFacts[],
    overrides: Partial<PipelineInput> = {},
  ) => requestsWaitingFor(viewer, { release, policies, requests, now, ...overrides });

  it("is a live request that still needs one of my roles, which I did not make and did not decide", () => {
    expect(waiting(sam, [prod()])).toEqual([
      { requestId: "req-PROD", environment: "PROD", roles: ["SECURITY_OFFICER"] },
    ]);
    expect(waiting(both, [prod()])[0]?.roles).toEqual(["RELEASE_ENGINEER", "SECURITY_OFFICER"]);
    // the requester cannot approve their own request
    expect(waiting(rhea, [prod({ requestedById: rhea.id })])).toEqual([]);
    // decided already, either way
    expect(waiting(sam, [prod({ approvals: [approval(sam.id, "SECURITY_OFFICER")] })])).toEqual([]);
    expect(
      waiting(sam, [prod({ approvals: [approval(sam.id, "SECURITY_OFFICER", { decision: "REJECT" })] })]),
    ).toEqual([]);
  });

  it("is not a role that is already covered, a role the policy does not ask for, or an automatic stage", () => {
    expect(waiting(rhea, [prod({ approvals: [approval("u-other", "RELEASE_ENGINEER")] })])).toEqual([]);
    expect(waiting(sam, [request("STAGING")])).toEqual([]);
    expect(waiting({ id: "u-audit", roles: ["AUDITOR"] }, [prod()])).toEqual([]);
    expect(waiting(rhea, [request("DEV")])).toEqual([]);
  });

  it("is nothing on an expired, closed or void request, or a release that failed verification", () => {
    expect(waiting(sam, [prod({ expiresAt: now })])).toEqual([]);
    expect(waiting(sam, [prod({ status: "REJECTED" })])).toEqual([]);
    expect(waiting(sam, [prod({ bundleDigest: "0".repeat(64) })])).toEqual([]);
    expect(waiting(sam, [prod()], { release: { ...release, verificationStatus: "FAILED" } })).toEqual([]);
  });

  it("never waits for a viewer who requested or decided, whatever else holds (property)", () => {
    const roles = fc.subarray(["RELEASE_ENGINEER", "SECURITY_OFFICER", "AUDITOR"]);
    fc.assert(
      fc.property(
        roles,
        fc.constantFrom("DEV", "STAGING", "PROD"),
        fc.boolean(),
        fc.array(
          fc.tuple(
            fc.constantFrom("x", "y", "me"),
            fc.constantFrom("RELEASE_ENGINEER", "SECURITY_OFFICER"),
            fc.constantFrom("APPROVE", "REJECT"),
          ),
          { maxLength: 4 },
        ),
        (viewerRoles, environment, requestedByMe, decisions) => {
          const viewer = { id: "me", roles: viewerRoles };
          const approvals = decisions.map(([id, role, decision]) => approval(id, role, { decision }));
          const live = request(environment, { requestedById: requestedByMe ? "me" : "someone", approvals });
          const result = isWaitingFor(viewer, { release, policies, requests: [live], now });
          if (requestedByMe || approvals.some((row) => row.approverId === "me")) expect(result).toBe(false);
          if (result) {
            const policy = policies.find((row) => row.environment === environment);
            const needs = stillNeeded(policy?.requiredApprovals ?? [], live, release);
            expect(needs.some((need) => viewerRoles.includes(need.role))).toBe(true);
          }
        },
      ),
    );
  });
});

describe("furthestEnvironment", () => {
  it("is the last environment in policy order with a promotion", () => {
    expect(furthestEnvironment([], policies)).toBeNull();
    expect(furthestEnvironment([promoted("DEV")], policies)).toBe("DEV");
    expect(furthestEnvironment([promoted("PROD"), promoted("DEV"), promoted("STAGING")], policies)).toBe(
      "PROD",
    );
  });
});
