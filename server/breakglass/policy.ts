// The pure rules of break-glass: what may be requested, when a session grants, how far it may be extended, who
// may approve, close or review, and when a review is overdue. No I/O; the services decide with these.
import { ROLE_PERMISSIONS } from "../authz/matrix";
import type { Permission, Role } from "../authz/permissions";
import { DomainError } from "../lib/domain-error";
import type { BreakGlassPolicy, ScopeMode } from "./policy-config";

const MINUTE_MS = 60_000;

export const SESSION_STATUSES = [
  "PENDING",
  "ACTIVE",
  "CLOSED",
  "REVOKED",
  "EXPIRED",
  "REJECTED",
  "REQUEST_EXPIRED",
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const EXIT_STATUSES = ["CLOSED", "REVOKED", "EXPIRED"] as const;
export type ExitStatus = (typeof EXIT_STATUSES)[number];

export const REVIEW_OUTCOMES = ["ACKNOWLEDGED", "FLAGGED"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export type SessionFacts = {
  requesterId: string;
  status: SessionStatus;
  requestExpiresAt: Date | null;
  expiresAt: Date | null;
  hardExpiresAt: Date | null;
  extensionCount: number;
  endedAt: Date | null;
  reviewStatus: string | null;
};

/**
 * The status as of `now`: a stored ACTIVE row past its expiry is EXPIRED (and a pending request past its deadline
 * has lapsed) whether or not anything has recorded that yet. Grants and the UI both read this.
 */
export function statusAt(
  session: Pick<SessionFacts, "status" | "expiresAt" | "requestExpiresAt">,
  now: Date,
) {
  if (session.status === "ACTIVE" && session.expiresAt && now.getTime() >= session.expiresAt.getTime()) {
    return "EXPIRED" as const;
  }
  if (
    session.status === "PENDING" &&
    session.requestExpiresAt &&
    now.getTime() >= session.requestExpiresAt.getTime()
  ) {
    return "REQUEST_EXPIRED" as const;
  }
  return session.status;
}

export function isGranting(session: Pick<SessionFacts, "status" | "expiresAt">, now: Date): boolean {
  return statusAt({ ...session, requestExpiresAt: null }, now) === "ACTIVE";
}

export type OpenRequest = {
  reasonCode: string;
  scopes: readonly string[];
  durationMinutes?: number | undefined;
};

export type OpenDecision = {
  scopes: Permission[];
  durationMinutes: number;
  approvalRequired: boolean;
  /** scopes that made it need a second person (empty when self-service) */
  approvalScopes: Permission[];
};

/** Checks a request against the policy; throws a clear BAD_REQUEST for anything outside it. */
export function decideOpen(policy: BreakGlassPolicy, request: OpenRequest): OpenDecision {
  if (!policy.reasonCodes.some((reason) => reason.code === request.reasonCode)) {
    throw new DomainError("BAD_REQUEST", `Unknown reason code "${request.reasonCode}"`, {
      field: "reasonCode",
      allowed: policy.reasonCodes.map((reason) => reason.code),
    });
  }
  const scopes = [...new Set(request.scopes)];
  if (scopes.length === 0) {
    throw new DomainError("BAD_REQUEST", "Choose at least one scope", { field: "scopes" });
  }
  const outside = scopes.filter((scope) => !scopeModeOf(policy, scope));
  if (outside.length > 0) {
    throw new DomainError("BAD_REQUEST", `Not grantable by break-glass: ${outside.join(", ")}`, {
      field: "scopes",
      outside,
    });
  }
  const { min, max, default: fallback } = policy.durationMinutes;
  const durationMinutes = request.durationMinutes ?? fallback;
  if (!Number.isInteger(durationMinutes) || durationMinutes < min || durationMinutes > max) {
    throw new DomainError("BAD_REQUEST", `Duration must be between ${min} and ${max} minutes`, {
      field: "durationMinutes",
      min,
      max,
    });
  }
  const granted = scopes as Permission[];
  const approvalScopes = granted.filter((scope) => scopeModeOf(policy, scope) === "approval");
  return { scopes: granted, durationMinutes, approvalRequired: approvalScopes.length > 0, approvalScopes };
}

export function scopeModeOf(policy: BreakGlassPolicy, scope: string): ScopeMode | undefined {
  return Object.hasOwn(policy.scopes, scope) ? policy.scopes[scope as Permission] : undefined;
}

/** When an activated session ends at the latest: the requested duration, and the hard cap for extensions. */
export function activationTimes(policy: BreakGlassPolicy, durationMinutes: number, now: Date) {
  return {
    activatedAt: now,
    expiresAt: new Date(now.getTime() + durationMinutes * MINUTE_MS),
    hardExpiresAt: new Date(now.getTime() + policy.absoluteMaxMinutes * MINUTE_MS),
  };
}

export function requestExpiry(policy: BreakGlassPolicy, now: Date): Date {
  return new Date(now.getTime() + policy.pendingRequestMinutes * MINUTE_MS);
}

/** A second person decides: never the requester, and only while the request is still pending. */
export function assertCanDecide(session: SessionFacts, deciderId: string, now: Date): void {
  if (session.requesterId === deciderId) {
    throw new DomainError("FORBIDDEN", "You cannot approve or reject your own break-glass request");
  }
  const status = statusAt(session, now);
  if (status === "REQUEST_EXPIRED") {
    throw new DomainError("CONFLICT", "This request has lapsed; the requester must ask again");
  }
  if (status !== "PENDING") {
    throw new DomainError("CONFLICT", `This request is no longer pending (it is ${status.toLowerCase()})`);
  }
}

export type ExtensionPlan = { fromExpiresAt: Date; toExpiresAt: Date; capped: boolean };

/**
 * An extension continues from the current expiry (no gap, no overlapping second session), at most
 * `extension.maxCount` times, each by at most `extension.maxMinutes`, and never past the absolute maximum.
 */
export function planExtension(
  policy: BreakGlassPolicy,
  session: SessionFacts,
  request: { actorId: string; minutes: number },
  now: Date,
): ExtensionPlan {
  if (session.requesterId !== request.actorId) {
    throw new DomainError("FORBIDDEN", "Only the person who opened a session can extend it");
  }
  const status = statusAt(session, now);
  if (status !== "ACTIVE") {
    throw new DomainError(
      "CONFLICT",
      `Only an active session can be extended (this one is ${status.toLowerCase()})`,
    );
  }
  if (session.extensionCount >= policy.extension.maxCount) {
    throw new DomainError(
      "CONFLICT",
      `This session has been extended ${session.extensionCount} times, the most the policy allows`,
    );
  }
  if (
    !Number.isInteger(request.minutes) ||
    request.minutes < 1 ||
    request.minutes > policy.extension.maxMinutes
  ) {
    throw new DomainError("BAD_REQUEST", `An extension is 1 to ${policy.extension.maxMinutes} minutes`, {
      field: "minutes",
    });
  }
  // statusAt said ACTIVE, so both times are set
  const fromExpiresAt = session.expiresAt as Date;
  const hard = session.hardExpiresAt as Date;
  if (fromExpiresAt.getTime() >= hard.getTime()) {
    throw new DomainError(
      "CONFLICT",
      `This session already runs to the policy's absolute maximum of ${policy.absoluteMaxMinutes} minutes`,
    );
  }
  const wanted = fromExpiresAt.getTime() + request.minutes * MINUTE_MS;
  const toExpiresAt = new Date(Math.min(wanted, hard.getTime()));
  return { fromExpiresAt, toExpiresAt, capped: wanted > hard.getTime() };
}

export function assertCanClose(session: SessionFacts, actorId: string, now: Date): void {
  if (session.requesterId !== actorId) {
    throw new DomainError(
      "FORBIDDEN",
      "Only the person who opened a session can close it; security officers revoke",
    );
  }
  assertActive(session, now, "closed");
}

/**
 * Whether an account change ends the user's break-glass access, and why. A disabled account keeps nothing. A role
 * change keeps the sessions while the user may still open break-glass (the grants were justified by the incident,
 * not by the role); losing every role that may open one ends them, as if a security officer had revoked them.
 */
export function accountChangeEndsBreakGlass(account: {
  disabled: boolean;
  roles: readonly Role[];
}): "account disabled" | "roles changed: no longer allowed to open break-glass" | null {
  if (account.disabled) return "account disabled";
  const mayOpen = account.roles.some((role) => ROLE_PERMISSIONS[role].includes("breakglass:open"));
  return mayOpen ? null : "roles changed: no longer allowed to open break-glass";
}

export function assertCanRevoke(session: SessionFacts, now: Date): void {
  assertActive(session, now, "revoked");
}

function assertActive(session: SessionFacts, now: Date, verb: string): void {
  const status = statusAt(session, now);
  if (status !== "ACTIVE") {
    throw new DomainError(
      "CONFLICT",
      `Only an active session can be ${verb} (this one is ${status.toLowerCase()})`,
    );
  }
}

/** Review happens after the end, by someone other than the requester, once. */
export function assertCanReview(session: SessionFacts, reviewerId: string): void {
  if (session.requesterId === reviewerId) {
    throw new DomainError("FORBIDDEN", "You cannot review your own break-glass session");
  }
  if (!(EXIT_STATUSES as readonly string[]).includes(session.status)) {
    throw new DomainError("CONFLICT", "A session is reviewed after it has ended");
  }
  if (session.reviewStatus !== "PENDING") {
    throw new DomainError("CONFLICT", "This session has already been reviewed");
  }
}

export function isReviewOverdue(
  policy: BreakGlassPolicy,
  session: Pick<SessionFacts, "reviewStatus" | "endedAt">,
  now: Date,
): boolean {
  if (session.reviewStatus !== "PENDING" || !session.endedAt) return false;
  return now.getTime() - session.endedAt.getTime() > policy.reviewOverdueHours * 60 * MINUTE_MS;
}
