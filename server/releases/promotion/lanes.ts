// Where a release stands in each environment, in the words of the pipeline lanes: done, waiting (and on whom or
// on what), blocked (and why), or not yet. Pure: the view computes the facts, this picks the words.
import type { ApprovalTally, EnvironmentRule, GateCheck, VerificationVerdict } from "./policy";
import type { Environment, RequestStatus } from "./vocabulary";

export type LaneState = "done" | "waiting" | "blocked" | "pending";

/** A short line under the state; `at` (when present) is rendered after the text in the reader's time zone. */
export type LaneDetail = { text: string; at: Date | null };

export type LaneFacts = {
  environment: Environment;
  rule: Pick<EnvironmentRule, "requiredApprovals">;
  promotion: { promotedAt: Date; promotedByName: string } | null;
  previous: { environment: Environment; promoted: boolean } | null;
  verification: VerificationVerdict;
  open: {
    void: boolean;
    tally: ApprovalTally;
    /** the gates as they are now, once approvals are complete */
    gates: GateCheck | null;
    expiresAt: Date;
  } | null;
  lastClosed: { status: Exclude<RequestStatus, "PENDING">; by: string | null } | null;
  stillNeeded: string | null;
};

export function laneOf(facts: LaneFacts): { state: LaneState; detail: LaneDetail } {
  if (facts.promotion) {
    return {
      state: "done",
      detail: { text: `promoted by ${facts.promotion.promotedByName}`, at: facts.promotion.promotedAt },
    };
  }
  // blocked shows where the release stands; what lies behind it is simply not reached yet
  if (facts.previous && !facts.previous.promoted && !facts.open) {
    return { state: "pending", detail: { text: `after ${facts.previous.environment}`, at: null } };
  }
  if (!facts.verification.ok) {
    return { state: "blocked", detail: { text: "the release does not verify", at: null } };
  }
  if (facts.open) {
    if (facts.open.void)
      return { state: "blocked", detail: { text: "request void: the release changed", at: null } };
    if (!facts.open.tally.complete) {
      return { state: "waiting", detail: { text: `waits for ${facts.stillNeeded ?? "approval"}`, at: null } };
    }
    const gates = facts.open.gates;
    if (gates && !gates.ok) {
      const text =
        gates.gate === "soak"
          ? "approved; soaking until"
          : gates.gate === "freeze"
            ? "approved; frozen until"
            : gates.gate === "policy"
              ? "approved; held by the policy gates"
              : "approved; waits for the previous environment";
      return { state: "waiting", detail: { text, at: gates.until } };
    }
    return { state: "waiting", detail: { text: "approved; ready to promote", at: null } };
  }
  if (facts.lastClosed?.status === "REJECTED") {
    return {
      state: "blocked",
      detail: {
        text: `rejected${facts.lastClosed.by ? ` by ${facts.lastClosed.by}` : ""}; request again`,
        at: null,
      },
    };
  }
  if (facts.lastClosed?.status === "EXPIRED") {
    return { state: "pending", detail: { text: "last request expired; request again", at: null } };
  }
  return {
    state: "pending",
    detail: {
      text: facts.rule.requiredApprovals.length === 0 ? "ready: promotes on request" : "ready to request",
      at: null,
    },
  };
}
