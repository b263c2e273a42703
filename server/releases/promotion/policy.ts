// The rules of promotion, as pure functions over plain data (no I/O: the services load the facts and write what
// these decide).
//
// Decisions written down here:
// - Environments are ordered by their policy's position: a release reaches an environment only after it reached
//   the one before, and (optionally) only after it soaked there for the policy's minutes.
// - A request is bound to the release's bundle digest and verification digest as they were when it was made; each
//   decision records both again. A decision counts only while both still match the release: a changed release
//   voids the request and every approval on it (they stay on record, they stop counting).
// - The requester never decides their own request. One person decides a request once, in one role: holding two
//   roles does not make two approvals. When the person could count in more than one still-missing role, they say
//   which (the role is recorded with the decision).
// - One rejection by an eligible approver closes the request (a veto, as in GitHub environments): a release
//   manager asks again with a better case.
// - Expiry is decided by comparing `expiresAt` with the clock at every check; the sweeper only records it.
// - Soak time and freeze windows hold the promotion itself, not the request: approvals can be collected while a
//   release soaks or an environment is frozen, and the promotion happens when the gates open (explicit
//   "promote"). A freeze is lifted for one promotion only by an active break-glass grant of
//   promotion:override-freeze, which is recorded with the promotion.
// - The policy that counts is the one in force at the moment of the check: an administrator who raises a
//   requirement raises it for pending requests too (never the other way round for promotions already made).
import type { Role } from "../../authz/permissions";
import type { ReleaseBundleReport } from "../../signing/bundle/report";
import { type Decision, type Environment, type RequestStatus, roleLabel } from "./vocabulary";

export const DEFAULT_REQUEST_TTL_HOURS = 72;
export const MAX_REQUEST_TTL_HOURS = 720;
export const MAX_SOAK_MINUTES = 30 * 24 * 60;
export const MAX_APPROVALS_PER_ROLE = 5;
/** every approval or rejection needs a sign-in at most this old (step-up per decision, not per session) */
export const DECISION_FRESH_AUTH_SECONDS = 300;

export type ApprovalRequirement = { role: Role; count: number };

export type EnvironmentRule = {
  environment: Environment;
  position: number;
  requiredApprovals: readonly ApprovalRequirement[];
  soakMinutes: number;
  requestTtlHours: number;
};

export type Binding = { bundleDigest: string; verificationDigest: string };

export type PromotionFact = { environment: Environment; promotedAt: Date };

export type FreezeFact = {
  id: string;
  environment: Environment;
  startsAt: Date;
  endsAt: Date;
  reason: string;
};

export type DecisionFact = Binding & {
  approverId: string;
  approverName: string;
  role: string;
  decision: Decision;
  comment: string;
  decidedAt: Date;
};

export type RequestFact = Binding & {
  status: RequestStatus;
  environment: Environment;
  requestedById: string | null;
  expiresAt: Date;
  decisions: readonly DecisionFact[];
};

export type Viewer = { id: string; roles: readonly string[] };

export type Refusal = {
  ok: false;
  code: "BAD_REQUEST" | "FORBIDDEN" | "CONFLICT" | "PRECONDITION_FAILED";
  message: string;
};

/** "a release engineer", "an auditor" */
export function aRole(role: string): string {
  const label = roleLabel(role).toLowerCase();
  return `${/^[aeiou]/.test(label) ? "an" : "a"} ${label}`;
}

const iso = (date: Date) => date.toISOString().replace(/\.000Z$/, "Z");
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export function describeRequirement(requirements: readonly ApprovalRequirement[]): string {
  if (requirements.length === 0) return "automatic (no approval)";
  return requirements
    .map((requirement) => `${requirement.count} ${roleLabel(requirement.role).toLowerCase()}`)
    .join(" + ");
}

export function ordered(rules: readonly EnvironmentRule[]): EnvironmentRule[] {
  return [...rules].sort((a, b) => a.position - b.position);
}

export function ruleFor(rules: readonly EnvironmentRule[], environment: Environment): EnvironmentRule {
  const rule = rules.find((candidate) => candidate.environment === environment);
  if (!rule) throw new Error(`no environment policy for ${environment}`);
  return rule;
}

/** The environment a release must have reached before this one; null for the first. */
export function previousOf(
  rules: readonly EnvironmentRule[],
  environment: Environment,
): EnvironmentRule | null {
  const sorted = ordered(rules);
  const index = sorted.findIndex((rule) => rule.environment === environment);
  return index > 0 ? (sorted[index - 1] ?? null) : null;
}

export function promotionTo(
  promotions: readonly PromotionFact[],
  environment: Environment,
): PromotionFact | null {
  return promotions.find((promotion) => promotion.environment === environment) ?? null;
}

/** When the soak after the previous environment ends; null when there is nothing to wait for. */
export function soakEndsAt(
  rules: readonly EnvironmentRule[],
  environment: Environment,
  promotions: readonly PromotionFact[],
): Date | null {
  const rule = ruleFor(rules, environment);
  const previous = previousOf(rules, environment);
  if (!previous || rule.soakMinutes <= 0) return null;
  const before = promotionTo(promotions, previous.environment);
  return before ? new Date(before.promotedAt.getTime() + rule.soakMinutes * 60_000) : null;
}

/** The freeze window holding `environment` at `now` (the one that lasts longest when several overlap). */
export function activeFreeze(
  freezes: readonly FreezeFact[],
  environment: Environment,
  now: Date,
): FreezeFact | null {
  const t = now.getTime();
  return (
    freezes
      .filter((freeze) => freeze.environment === environment)
      .filter((freeze) => freeze.startsAt.getTime() <= t && t < freeze.endsAt.getTime())
      .sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime())[0] ?? null
  );
}

/** Pending until closed; a pending request past its expiry is expired, whether or not the sweeper saw it. */
export function effectiveStatus(
  request: Pick<RequestFact, "status" | "expiresAt">,
  now: Date,
): RequestStatus {
  if (request.status === "PENDING" && now.getTime() >= request.expiresAt.getTime()) return "EXPIRED";
  return request.status;
}

export function expiresAtFor(rule: Pick<EnvironmentRule, "requestTtlHours">, now: Date): Date {
  return new Date(now.getTime() + rule.requestTtlHours * 3_600_000);
}

export function sameBinding(a: Binding, b: Binding): boolean {
  return a.bundleDigest === b.bundleDigest && a.verificationDigest === b.verificationDigest;
}

/** `releases/<env>/<product>/<version>/`: where the promoted bundle lives; the same bytes in every environment. */
export function targetPathFor(environment: Environment, product: string, version: string): string {
  return `releases/${environment.toLowerCase()}/${product}/${version}/`;
}

export type CountedApprover = { id: string; name: string; role: string; decidedAt: Date; comment: string };

export type ApprovalTally = {
  requirements: { role: Role; required: number; approvers: CountedApprover[] }[];
  complete: boolean;
  /** what is still needed, e.g. [{ role: SECURITY_OFFICER, count: 1 }] */
  missing: ApprovalRequirement[];
  /** approvals given for an earlier digest or verification of the release: on record, not counted */
  voided: CountedApprover[];
};

/** A decision as far as counting needs it: the list's lanes (pipeline-state.ts) pass their rows as they are. */
export type CountableDecision = Binding & { approverId: string; role: string; decision: string };

/**
 * Which approvals count: approvals bound to the release as it is now, never the requester's, one per person (the
 * database's unique key holds that too). Approvals bound to an earlier digest or verification are `voided`. The one
 * rule every view and every check uses: the list's lane, the detail page and the decision all count alike.
 */
export function countApprovals<T extends CountableDecision>(
  decisions: readonly T[],
  requestedById: string | null,
  release: Binding,
): { counted: T[]; voided: T[] } {
  const seen = new Set<string>();
  const voided: T[] = [];
  const counted: T[] = [];
  for (const decision of decisions) {
    if (decision.decision !== "APPROVE") continue;
    if (!sameBinding(decision, release)) {
      voided.push(decision);
      continue;
    }
    if (decision.approverId === requestedById || seen.has(decision.approverId)) continue;
    seen.add(decision.approverId);
    counted.push(decision);
  }
  return { counted, voided };
}

/** What the policy still requires once the counted approvals are taken off, role by role. */
export function missingApprovals(
  required: readonly ApprovalRequirement[],
  counted: readonly Pick<CountableDecision, "role">[],
): ApprovalRequirement[] {
  return required
    .map((requirement) => ({
      role: requirement.role,
      count: requirement.count - counted.filter((approval) => approval.role === requirement.role).length,
    }))
    .filter((need) => need.count > 0);
}

export function tallyApprovals(
  rule: Pick<EnvironmentRule, "requiredApprovals">,
  request: Pick<RequestFact, "decisions" | "requestedById">,
  release: Binding,
): ApprovalTally {
  const approverOf = (decision: DecisionFact): CountedApprover => ({
    id: decision.approverId,
    name: decision.approverName,
    role: decision.role,
    decidedAt: decision.decidedAt,
    comment: decision.comment,
  });
  const { counted, voided } = countApprovals(request.decisions, request.requestedById, release);
  const requirements = rule.requiredApprovals.map((requirement) => ({
    role: requirement.role,
    required: requirement.count,
    approvers: counted.filter((decision) => decision.role === requirement.role).map(approverOf),
  }));
  const missing = missingApprovals(rule.requiredApprovals, counted);
  return { requirements, complete: missing.length === 0, missing, voided: voided.map(approverOf) };
}

export type RoleChoice = { ok: true; role: Role } | Refusal;

/** The role a decision counts for: the one asked for, or the only still-missing role the person holds. */
export function chooseRole(input: {
  environment: Environment;
  rule: Pick<EnvironmentRule, "requiredApprovals">;
  tally: ApprovalTally;
  viewer: Viewer;
  decision: Decision;
  requested?: string | undefined;
}): RoleChoice {
  const { environment, rule, tally, viewer, decision, requested } = input;
  const candidates = rule.requiredApprovals.map((r) => r.role).filter((role) => viewer.roles.includes(role));
  if (candidates.length === 0) {
    const needed = rule.requiredApprovals.map((r) => aRole(r.role));
    return {
      ok: false,
      code: "FORBIDDEN",
      message:
        needed.length === 0
          ? `${environment} needs no approval`
          : `${environment} is approved by ${needed.join(" or ")}; you do not hold that role`,
    };
  }
  const open = candidates.filter((role) => tally.missing.some((line) => line.role === role));
  if (requested !== undefined) {
    if (!candidates.includes(requested as Role)) {
      return {
        ok: false,
        code: viewer.roles.includes(requested) ? "BAD_REQUEST" : "FORBIDDEN",
        message: viewer.roles.includes(requested)
          ? `${environment} does not ask for ${aRole(requested)}`
          : `you are not ${aRole(requested)}`,
      };
    }
    if (decision === "APPROVE" && !open.includes(requested as Role)) {
      return alreadyGiven(environment, requested as Role, tally);
    }
    return { ok: true, role: requested as Role };
  }
  // a veto needs no open slot: any eligible approver may stop the promotion
  if (decision === "REJECT") return { ok: true, role: (open[0] ?? candidates[0]) as Role };
  if (open.length === 0) return alreadyGiven(environment, candidates[0] as Role, tally);
  if (open.length > 1) {
    return {
      ok: false,
      code: "BAD_REQUEST",
      message: `you could count as ${open.map(aRole).join(" or ")}: choose the role your approval counts for (one person counts once)`,
    };
  }
  return { ok: true, role: open[0] as Role };
}

function alreadyGiven(environment: Environment, role: Role, tally: ApprovalTally): Refusal {
  const by = tally.requirements.find((line) => line.role === role)?.approvers.map((a) => a.name) ?? [];
  const still = tally.missing.map((line) => `${line.count} ${roleLabel(line.role).toLowerCase()}`);
  return {
    ok: false,
    code: "CONFLICT",
    message: `the ${roleLabel(role).toLowerCase()} approval${by.length ? ` is already given by ${by.join(", ")}` : " is complete"}${still.length ? `; ${environment} still needs ${still.join(" + ")}` : ""}`,
  };
}

const closedMessages: Record<Exclude<RequestStatus, "PENDING">, string> = {
  PROMOTED: "this request has already been promoted",
  REJECTED: "this request was rejected",
  EXPIRED: "this request has expired: request the promotion again",
  CANCELLED: "this request was cancelled",
};

export function closedRefusal(status: Exclude<RequestStatus, "PENDING">): Refusal {
  return {
    ok: false,
    code: status === "EXPIRED" ? "PRECONDITION_FAILED" : "CONFLICT",
    message: closedMessages[status],
  };
}

export const VOID_MESSAGE =
  "the release changed since this request was made (its artifacts or its verification): the request and its approvals are void; request the promotion again";

export type VerificationVerdict = { ok: boolean; reason: string };

export type DecisionCheck = { ok: true; role: Role; completes: boolean; tally: ApprovalTally } | Refusal;

/** Whether `viewer` may approve or reject now, in which role, and whether an approval completes the request. */
export function checkDecision(input: {
  request: RequestFact;
  release: Binding;
  verification: VerificationVerdict;
  rule: EnvironmentRule;
  viewer: Viewer;
  decision: Decision;
  role?: string | undefined;
  now: Date;
}): DecisionCheck {
  const { request, release, rule, viewer, decision, now } = input;
  const status = effectiveStatus(request, now);
  if (status !== "PENDING") return closedRefusal(status);
  if (!sameBinding(request, release))
    return { ok: false, code: "PRECONDITION_FAILED", message: VOID_MESSAGE };
  if (!input.verification.ok) {
    return {
      ok: false,
      code: "PRECONDITION_FAILED",
      message: `the release cannot be promoted: ${input.verification.reason}`,
    };
  }
  if (request.requestedById !== null && request.requestedById === viewer.id) {
    return {
      ok: false,
      code: "FORBIDDEN",
      message: "you requested this promotion: another person must approve it",
    };
  }
  const earlier = request.decisions.find((d) => d.approverId === viewer.id);
  if (earlier) {
    return {
      ok: false,
      code: "CONFLICT",
      message: `you already ${earlier.decision === "APPROVE" ? "approved" : "rejected"} this request as ${roleLabel(earlier.role).toLowerCase()}: one person counts once`,
    };
  }
  const tally = tallyApprovals(rule, request, release);
  const role = chooseRole({
    environment: request.environment,
    rule,
    tally,
    viewer,
    decision,
    requested: input.role,
  });
  if (!role.ok) return role;
  if (decision === "REJECT") return { ok: true, role: role.role, completes: false, tally };
  const after = tallyApprovals(
    rule,
    {
      requestedById: request.requestedById,
      decisions: [
        ...request.decisions,
        {
          ...release,
          approverId: viewer.id,
          approverName: "",
          role: role.role,
          decision: "APPROVE",
          comment: "",
          decidedAt: now,
        },
      ],
    },
    release,
  );
  return { ok: true, role: role.role, completes: after.complete, tally: after };
}

export type RequestCheck = { ok: true } | Refusal;

/** Whether a promotion of the release to `environment` may be requested at all. */
export function checkRequest(input: {
  environment: Environment;
  rules: readonly EnvironmentRule[];
  promotions: readonly PromotionFact[];
  verification: VerificationVerdict;
}): RequestCheck {
  const { environment, rules, promotions } = input;
  const done = promotionTo(promotions, environment);
  if (done) {
    return {
      ok: false,
      code: "CONFLICT",
      message: `this release was already promoted to ${environment} at ${iso(done.promotedAt)}`,
    };
  }
  if (!input.verification.ok) {
    return {
      ok: false,
      code: "PRECONDITION_FAILED",
      message: `the release cannot be promoted: ${input.verification.reason}`,
    };
  }
  const order = checkOrder(rules, environment, promotions);
  return order.ok ? { ok: true } : order;
}

export function checkOrder(
  rules: readonly EnvironmentRule[],
  environment: Environment,
  promotions: readonly PromotionFact[],
): { ok: true } | Refusal {
  const previous = previousOf(rules, environment);
  if (previous && !promotionTo(promotions, previous.environment)) {
    return {
      ok: false,
      code: "PRECONDITION_FAILED",
      message: `${environment} comes after ${previous.environment}: promote the release to ${previous.environment} first`,
    };
  }
  return { ok: true };
}

// policy: the promotion policy gates (server/policies) failed at the moment of promotion
export type GateKind = "order" | "soak" | "freeze" | "promoted" | "policy";

export type GateCheck =
  | { ok: true; overriddenFreeze: FreezeFact | null }
  | (Refusal & { gate: GateKind; until: Date | null });

/**
 * The gates at the moment of promotion (approvals and verification are checked by the caller): order, soak,
 * freeze. A freeze yields only to an override (an active break-glass grant of promotion:override-freeze).
 */
export function checkPromotionGates(input: {
  environment: Environment;
  rules: readonly EnvironmentRule[];
  promotions: readonly PromotionFact[];
  freezes: readonly FreezeFact[];
  now: Date;
  canOverrideFreeze: boolean;
}): GateCheck {
  const { environment, rules, promotions, now } = input;
  const done = promotionTo(promotions, environment);
  if (done) {
    return {
      ok: false,
      code: "CONFLICT",
      gate: "promoted",
      until: null,
      message: `this release was already promoted to ${environment} at ${iso(done.promotedAt)}`,
    };
  }
  const order = checkOrder(rules, environment, promotions);
  if (!order.ok) return { ...order, gate: "order", until: null };
  const soak = soakEndsAt(rules, environment, promotions);
  if (soak && now.getTime() < soak.getTime()) {
    const previous = previousOf(rules, environment);
    return {
      ok: false,
      code: "PRECONDITION_FAILED",
      gate: "soak",
      until: soak,
      message: `the release soaks in ${previous?.environment ?? "the previous environment"} until ${iso(soak)} (${plural(ruleFor(rules, environment).soakMinutes, "minute")} before ${environment})`,
    };
  }
  const freeze = activeFreeze(input.freezes, environment, now);
  if (freeze && !input.canOverrideFreeze) {
    return {
      ok: false,
      code: "PRECONDITION_FAILED",
      gate: "freeze",
      until: freeze.endsAt,
      message: `${environment} is frozen until ${iso(freeze.endsAt)} (${freeze.reason}): promotions wait, or go ahead under a break-glass session with promotion:override-freeze`,
    };
  }
  return { ok: true, overriddenFreeze: freeze };
}

/**
 * What the bundle verifier's report means for promotion: it must verify, and a signature by a key revoked after
 * the release was registered does not carry a release forward (the signature may predate the revocation, but the
 * key is no longer trusted to vouch for anything new).
 */
export function verificationVerdict(
  report: Pick<ReleaseBundleReport, "ok" | "summary" | "signatures">,
): VerificationVerdict {
  if (!report.ok) return { ok: false, reason: report.summary };
  const revoked = report.signatures.find(
    (signature) => signature.ok && signature.flags.includes("signed_before_revocation"),
  );
  if (revoked) {
    return {
      ok: false,
      reason: `${revoked.source} is signed by ${revoked.keyId ?? "a key"}, which has since been revoked: sign the release again with an active key`,
    };
  }
  return { ok: true, reason: report.summary };
}
