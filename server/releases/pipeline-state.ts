// Where a release stands on its DEV -> STAGING -> PROD lane, and whose approval it waits for: pure functions over
// plain rows (policies, promotions, requests with their approvals), used by the list, the detail page, the REST
// status answer and the promotion workflow, so they all tell the same story.
//
// Rules (the promotion services enforce them; this module only reads them back):
// - a stage is done when the release has a promotion to that environment;
// - a release whose verification FAILED is blocked at its first stage not done: it can never be promoted;
// - a live request (PENDING, not past expiresAt) waits for the approvals the environment's policy requires, minus
//   the approvals that count: APPROVE decisions bound to the release's current bundle and verification digests,
//   each person once in the role they approved in. A request whose digests no longer match the release is void;
// - a viewer is waited for when a live, valid request still needs a role they hold, they did not request it, and
//   they have not decided on it yet.
import { z } from "zod";
import { ROLES, type Role, roleLabels } from "../authz/permissions";
import { type ApprovalRequirement, countApprovals, missingApprovals } from "./promotion/policy";

export type { ApprovalRequirement };

import type { Environment, PromotionRequestStatus, VerificationStatus } from "./vocabulary";
import { ENVIRONMENTS } from "./vocabulary";

export const ZRequiredApprovals = z.array(
  z.object({ role: z.enum(ROLES), count: z.number().int().min(1).max(10) }),
);

export type PolicyFacts = {
  environment: Environment;
  position: number;
  requiredApprovals: readonly ApprovalRequirement[];
};

export type ApprovalFacts = {
  approverId: string;
  role: string;
  decision: string;
  bundleDigest: string;
  verificationDigest: string;
};

export type RequestFacts = {
  id: string;
  environment: string;
  status: PromotionRequestStatus | string;
  requestedById: string | null;
  requestedAt: Date;
  expiresAt: Date;
  bundleDigest: string;
  verificationDigest: string;
  approvals: readonly ApprovalFacts[];
};

export type PromotionFacts = { environment: string; promotedAt: Date };

export type ReleaseFacts = {
  verificationStatus: VerificationStatus | string;
  bundleDigest: string;
  verificationDigest: string;
};

export type Viewer = { id: string; roles: readonly string[] };

export type StageState = "done" | "waiting" | "blocked" | "pending";

export type PipelineStage = {
  environment: Environment;
  state: StageState;
  promotedAt: Date | null;
  /** the live request of this stage, if any */
  requestId: string | null;
  /** approvals still required (waiting stages) */
  needs: ApprovalRequirement[];
  /** one line for people: what it waits for, why it is blocked, what happened to the last request */
  reason: string | null;
};

export type PipelineInput = {
  release: ReleaseFacts;
  policies: readonly PolicyFacts[];
  promotions: readonly PromotionFacts[];
  requests: readonly RequestFacts[];
  now: Date;
};

/** EnvironmentPolicy.requiredApprovals as stored (JSON); a malformed policy is a configuration error. */
export function parseRequiredApprovals(value: unknown): ApprovalRequirement[] {
  return ZRequiredApprovals.parse(value);
}

export function isRequestLive(request: Pick<RequestFacts, "status" | "expiresAt">, now: Date): boolean {
  return request.status === "PENDING" && request.expiresAt.getTime() > now.getTime();
}

/** Approvals are bound to the release as it was when requested: a different digest voids the request. */
export function isRequestVoid(
  request: Pick<RequestFacts, "bundleDigest" | "verificationDigest">,
  release: ReleaseFacts,
): boolean {
  return (
    request.bundleDigest !== release.bundleDigest || request.verificationDigest !== release.verificationDigest
  );
}

/** What a request still needs, counted by the promotion policy's own rule (promotion/policy.ts countApprovals). */
export function stillNeeded(
  required: readonly ApprovalRequirement[],
  request: Pick<RequestFacts, "approvals" | "requestedById">,
  release: ReleaseFacts,
): ApprovalRequirement[] {
  const { counted } = countApprovals(request.approvals, request.requestedById, release);
  return missingApprovals(required, counted);
}

function roleCount(need: ApprovalRequirement): string {
  const label = roleLabels[need.role];
  return `${need.count} ${need.count === 1 ? label : `${label}s`}`;
}

/** "needs 1 Security officer", "needs 1 Release engineer and 1 Security officer". */
export function describeNeeds(needs: readonly ApprovalRequirement[]): string {
  if (needs.length === 0) return "approved; ready to promote";
  const parts = needs.map(roleCount);
  const last = parts.pop();
  return `needs ${parts.length > 0 ? `${parts.join(", ")} and ${last}` : last}`;
}

function latest<T extends { requestedAt: Date }>(rows: readonly T[]): T | undefined {
  return [...rows].sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime())[0];
}

function orderedPolicies(policies: readonly PolicyFacts[]): PolicyFacts[] {
  const known = policies.filter((policy) => (ENVIRONMENTS as readonly string[]).includes(policy.environment));
  return [...known].sort((a, b) => a.position - b.position);
}

export function pipelineStages(input: PipelineInput): PipelineStage[] {
  const { release, now } = input;
  const failed = release.verificationStatus !== "VERIFIED";
  let blockedShown = false;
  return orderedPolicies(input.policies).map((policy): PipelineStage => {
    const base = {
      environment: policy.environment,
      promotedAt: null,
      requestId: null,
      needs: [],
      reason: null,
    };
    const promotion = input.promotions.find((row) => row.environment === policy.environment);
    if (promotion) return { ...base, state: "done", promotedAt: promotion.promotedAt };
    if (failed) {
      if (blockedShown) return { ...base, state: "pending" };
      blockedShown = true;
      return { ...base, state: "blocked", reason: "failed verification" };
    }
    const requests = input.requests.filter((row) => row.environment === policy.environment);
    const live = latest(requests.filter((row) => isRequestLive(row, now)));
    if (live) {
      if (isRequestVoid(live, release)) {
        return {
          ...base,
          state: "blocked",
          requestId: live.id,
          reason: "release changed since the request: approvals void",
        };
      }
      const needs = stillNeeded(policy.requiredApprovals, live, release);
      const automatic = policy.requiredApprovals.length === 0;
      return {
        ...base,
        state: "waiting",
        requestId: live.id,
        needs,
        reason: automatic ? "automatic; promotion pending" : describeNeeds(needs),
      };
    }
    const last = latest(requests);
    const reason =
      last?.status === "REJECTED"
        ? "last request rejected"
        : last?.status === "EXPIRED" || (last?.status === "PENDING" && !isRequestLive(last, now))
          ? "last request expired"
          : last?.status === "CANCELLED"
            ? "last request cancelled"
            : null;
    return { ...base, state: "pending", reason };
  });
}

/** The furthest environment the release reached, or null before its first promotion. */
export function furthestEnvironment(
  promotions: readonly PromotionFacts[],
  policies: readonly PolicyFacts[],
): Environment | null {
  const reached = orderedPolicies(policies).filter((policy) =>
    promotions.some((row) => row.environment === policy.environment),
  );
  return reached.at(-1)?.environment ?? null;
}

export type WaitingRequest = { requestId: string; environment: Environment; roles: Role[] };

/** The live requests of a release that wait for this viewer's decision, with the roles they could count in. */
export function requestsWaitingFor(
  viewer: Viewer,
  input: Omit<PipelineInput, "promotions">,
): WaitingRequest[] {
  if (input.release.verificationStatus !== "VERIFIED") return [];
  const waiting: WaitingRequest[] = [];
  for (const policy of orderedPolicies(input.policies)) {
    for (const request of input.requests) {
      if (request.environment !== policy.environment || !isRequestLive(request, input.now)) continue;
      if (isRequestVoid(request, input.release)) continue;
      if (request.requestedById !== null && request.requestedById === viewer.id) continue;
      if (request.approvals.some((approval) => approval.approverId === viewer.id)) continue;
      const needs = stillNeeded(policy.requiredApprovals, request, input.release);
      const roles = needs.map((need) => need.role).filter((role) => viewer.roles.includes(role));
      if (roles.length > 0) waiting.push({ requestId: request.id, environment: policy.environment, roles });
    }
  }
  return waiting;
}

export function isWaitingFor(viewer: Viewer, input: Omit<PipelineInput, "promotions">): boolean {
  return requestsWaitingFor(viewer, input).length > 0;
}
