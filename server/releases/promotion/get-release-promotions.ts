// What /releases/<id> shows of promotion, for the person looking: the lane per environment (where it is, what
// waits on whom), the open request with its decisions and what is still needed, whether this person may decide
// (and in which roles), the promotion history with attestations, and the verification as it stands now (the
// bundle is verified again on every read: a key revoked since registration shows at once). Reads only.
import type { Permission, Role } from "../../authz/permissions";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import {
  loadFreezes,
  loadPromotions,
  loadRelease,
  loadRules,
  type PromotionRow,
  promotionFactsOf,
  type RequestRow,
  requestFactOf,
  requestSelect,
} from "./facts";
import { type LaneDetail, type LaneState, laneOf } from "./lanes";
import {
  activeFreeze,
  type Binding,
  checkDecision,
  checkPromotionGates,
  checkRequest,
  describeRequirement,
  type EnvironmentRule,
  effectiveStatus,
  ordered,
  previousOf,
  sameBinding,
  soakEndsAt,
  tallyApprovals,
} from "./policy";
import { stillNeededText } from "./request-promotion";
import { reverifyRelease } from "./reverify-release";
import { type Environment, type RequestStatus, roleLabel } from "./vocabulary";

export type PromotionViewer = {
  id: string;
  roles: readonly string[];
  permissions: ReadonlySet<Permission>;
  /** the break-glass session granting promotion:override-freeze now, if any */
  freezeOverrideSessionId: string | null;
};

export type DecisionView = {
  approverName: string;
  role: string;
  roleLabel: string;
  decision: "APPROVE" | "REJECT";
  comment: string;
  decidedAt: Date;
  /** false: given for an earlier digest or verification of the release (void) */
  counts: boolean;
};

export type RequestView = {
  id: string;
  environment: Environment;
  status: RequestStatus;
  void: boolean;
  requestedByName: string;
  via: "person" | "api-token";
  requestedAt: Date;
  expiresAt: Date;
  comment: string | null;
  closedAt: Date | null;
  closedReason: string | null;
  decisions: DecisionView[];
  requirements: { role: string; label: string; required: number; approvers: string[] }[];
  stillNeeded: string | null;
  complete: boolean;
  /** approvals complete but a gate holds the promotion */
  held: { gate: string; message: string; until: Date | null } | null;
  viewer: {
    isRequester: boolean;
    /** may press approve (the server still decides); with `why` when it would refuse */
    canApprove: boolean;
    canReject: boolean;
    why: string | null;
    /** the roles this person could count in; more than one: they choose */
    roleChoices: Role[];
    canPromote: boolean;
    canOverrideFreeze: boolean;
    canCancel: boolean;
  };
};

export type PromotionView = {
  id: string;
  environment: Environment;
  promotedAt: Date;
  promotedByName: string;
  approvers: { name: string; role: string; roleLabel: string; decidedAt: string; comment: string }[];
  targetPath: string;
  bundleDigest: string;
  ciRunId: string;
  attestationKeyId: string;
  breakGlassSessionId: string | null;
  attestationUrl: string;
};

export type EnvironmentView = {
  environment: Environment;
  requirement: string;
  requiredApprovals: { role: string; label: string; count: number }[];
  soakMinutes: number;
  requestTtlHours: number;
  lane: { state: LaneState; detail: LaneDetail };
  promotion: PromotionView | null;
  openRequest: RequestView | null;
  /** whether the request button can work, and why not */
  request: { allowed: boolean; reason: string | null };
  freeze: { id: string; endsAt: Date; reason: string } | null;
  soakUntil: Date | null;
};

export type ReleasePromotionsView = {
  release: { id: string; product: string; version: string; bundleDigest: string };
  verification: { ok: boolean; reason: string; changedSinceRegistration: boolean; checkedAt: Date };
  environments: EnvironmentView[];
  /** closed requests, newest first */
  history: RequestView[];
  viewer: { canRequest: boolean; canApprove: boolean };
};

type ApproverJson = { name?: unknown; role?: unknown; decidedAt?: unknown; comment?: unknown };

export function attestationUrlOf(releaseId: string, environment: string): string {
  return `/releases/${releaseId}/promotions/${environment.toLowerCase()}/attestation`;
}

function promotionView(row: PromotionRow, releaseId: string): PromotionView {
  const approvers = (Array.isArray(row.approvers) ? (row.approvers as ApproverJson[]) : []).map((entry) => ({
    name: String(entry.name ?? ""),
    role: String(entry.role ?? ""),
    roleLabel: roleLabel(String(entry.role ?? "")),
    decidedAt: String(entry.decidedAt ?? ""),
    comment: String(entry.comment ?? ""),
  }));
  return {
    id: row.id,
    environment: row.environment as Environment,
    promotedAt: row.promotedAt,
    promotedByName: row.promotedByName,
    approvers,
    targetPath: row.targetPath,
    bundleDigest: row.bundleDigest,
    ciRunId: row.ciRunId,
    attestationKeyId: row.attestationKeyId,
    breakGlassSessionId: row.breakGlassSessionId,
    attestationUrl: attestationUrlOf(releaseId, row.environment),
  };
}

function requestView(input: {
  row: RequestRow;
  rule: EnvironmentRule;
  binding: Binding;
  verificationOk: boolean;
  verificationReason: string;
  viewer: PromotionViewer;
  now: Date;
  held: RequestView["held"];
}): RequestView {
  const { row, rule, binding, viewer, now } = input;
  const fact = requestFactOf(row);
  const status = effectiveStatus(fact, now);
  const isVoid = status === "PENDING" && !sameBinding(fact, binding);
  const tally = tallyApprovals(rule, fact, binding);
  const pending = status === "PENDING";
  const mayApprove = viewer.permissions.has("promotion:approve");
  const probe = (decision: "APPROVE" | "REJECT") =>
    checkDecision({
      request: fact,
      release: binding,
      verification: { ok: input.verificationOk, reason: input.verificationReason },
      rule,
      viewer,
      decision,
      now,
    });
  const approve = pending && mayApprove ? probe("APPROVE") : null;
  const reject = pending && mayApprove ? probe("REJECT") : null;
  const mustChoose = approve && !approve.ok && approve.code === "BAD_REQUEST";
  const roleChoices = rule.requiredApprovals
    .map((line) => line.role)
    .filter((role) => viewer.roles.includes(role) && tally.missing.some((line) => line.role === role));
  const isRequester = row.requestedById !== null && row.requestedById === viewer.id;
  const alreadyDecided = row.approvals.some((decision) => decision.approverId === viewer.id);
  // the requester sees the button too: the refusal (and its reason) comes from the server, like any other
  const eligible = Boolean(approve?.ok) || Boolean(mustChoose) || isRequester;
  return {
    id: row.id,
    environment: row.environment as Environment,
    status,
    void: isVoid,
    requestedByName: row.requestedByName,
    via: row.requestedByTokenId ? "api-token" : "person",
    requestedAt: row.requestedAt,
    expiresAt: row.expiresAt,
    comment: row.comment,
    closedAt: row.closedAt ?? (status === "EXPIRED" ? row.expiresAt : null),
    closedReason: row.closedReason,
    decisions: row.approvals.map((decision) => ({
      approverName: decision.approverName,
      role: decision.role,
      roleLabel: roleLabel(decision.role),
      decision: decision.decision as "APPROVE" | "REJECT",
      comment: decision.comment,
      decidedAt: decision.decidedAt,
      counts: sameBinding(decision, binding),
    })),
    requirements: tally.requirements.map((line) => ({
      role: line.role,
      label: roleLabel(line.role),
      required: line.required,
      approvers: line.approvers.map((approver) => approver.name),
    })),
    stillNeeded: stillNeededText(rule, tally.missing),
    complete: tally.complete,
    held: input.held,
    viewer: {
      isRequester,
      canApprove: pending && mayApprove && !isVoid && !alreadyDecided && eligible,
      canReject: pending && mayApprove && !isVoid && (reject?.ok ?? false),
      why: approve && !approve.ok && !mustChoose ? approve.message : null,
      roleChoices: mustChoose ? roleChoices : [],
      canPromote: pending && !isVoid && tally.complete && viewer.permissions.has("promotion:request"),
      canOverrideFreeze:
        pending &&
        !isVoid &&
        tally.complete &&
        input.held?.gate === "freeze" &&
        viewer.freezeOverrideSessionId !== null,
      canCancel: pending && viewer.permissions.has("promotion:request"),
    },
  };
}

/** The summary of each environment's latest gate evaluation when it failed: what holds an approved request. */
async function latestPolicyHolds(db: PortalTx, releaseId: string): Promise<Map<string, string>> {
  const rows = await db.gateEvaluation.findMany({
    where: { releaseId },
    orderBy: { seq: "desc" },
    select: { environment: true, verdict: true, summary: true },
  });
  const holds = new Map<string, string>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.environment)) continue;
    seen.add(row.environment);
    if (row.verdict === "fail") holds.set(row.environment, row.summary);
  }
  return holds;
}

export async function getReleasePromotions(
  db: PortalTx,
  options: { releaseId: string; viewer: PromotionViewer; clock: Clock },
): Promise<ReleasePromotionsView> {
  const now = options.clock.now();
  const release = await loadRelease(db, options.releaseId);
  const rules = ordered(await loadRules(db));
  const verification = await reverifyRelease(db, release, options.clock);
  const promotionRows = await loadPromotions(db, release.id);
  const promotions = promotionFactsOf(promotionRows);
  const freezes = await loadFreezes(db, now);
  const policyHolds = await latestPolicyHolds(db, release.id);
  const requests = await db.promotionRequest.findMany({
    where: { releaseId: release.id },
    select: requestSelect,
    orderBy: { requestedAt: "desc" },
  });
  const viewer = options.viewer;
  const verdict = verification.verdict;
  const views = new Map<string, RequestView>();
  const viewOf = (row: RequestRow, held: RequestView["held"]) => {
    const view = requestView({
      row,
      rule: rules.find((rule) => rule.environment === row.environment) as EnvironmentRule,
      binding: verification.binding,
      verificationOk: verdict.ok,
      verificationReason: verdict.reason,
      viewer,
      now,
      held,
    });
    views.set(row.id, view);
    return view;
  };

  const environments = rules.map((rule): EnvironmentView => {
    const environment = rule.environment;
    const promotionRow = promotionRows.find((row) => row.environment === environment) ?? null;
    const openRow =
      requests.find(
        (row) => row.environment === environment && effectiveStatus(requestFactOf(row), now) === "PENDING",
      ) ?? null;
    const lastClosed = requests.find(
      (row) => row.environment === environment && effectiveStatus(requestFactOf(row), now) !== "PENDING",
    );
    const previous = previousOf(rules, environment);
    const openFact = openRow ? requestFactOf(openRow) : null;
    const tally = openFact ? tallyApprovals(rule, openFact, verification.binding) : null;
    const gates =
      openFact && tally?.complete
        ? checkPromotionGates({ environment, rules, promotions, freezes, now, canOverrideFreeze: false })
        : null;
    // order, soak and freeze first; past them, the latest gate evaluation's failure is what holds it
    const policyHold = gates?.ok ? (policyHolds.get(environment) ?? null) : null;
    const held =
      gates && !gates.ok
        ? { gate: gates.gate, message: gates.message, until: gates.until }
        : policyHold
          ? { gate: "policy" as const, message: policyHold, until: null }
          : null;
    const openRequest = openRow ? viewOf(openRow, held) : null;
    const requestCheck = checkRequest({ environment, rules, promotions, verification: verdict });
    const lastClosedStatus = lastClosed ? effectiveStatus(requestFactOf(lastClosed), now) : null;
    const freeze = activeFreeze(freezes, environment, now);
    return {
      environment,
      requirement: describeRequirement(rule.requiredApprovals),
      requiredApprovals: rule.requiredApprovals.map((line) => ({
        role: line.role,
        label: roleLabel(line.role),
        count: line.count,
      })),
      soakMinutes: rule.soakMinutes,
      requestTtlHours: rule.requestTtlHours,
      lane: laneOf({
        environment,
        rule,
        promotion: promotionRow,
        previous: previous
          ? {
              environment: previous.environment,
              promoted: promotions.some((p) => p.environment === previous.environment),
            }
          : null,
        verification: verdict,
        open:
          openFact && tally
            ? {
                void: !sameBinding(openFact, verification.binding),
                tally,
                gates:
                  gates?.ok && policyHold
                    ? {
                        ok: false,
                        code: "PRECONDITION_FAILED",
                        gate: "policy",
                        message: policyHold,
                        until: null,
                      }
                    : gates,
                expiresAt: openFact.expiresAt,
              }
            : null,
        lastClosed:
          lastClosed && lastClosedStatus && lastClosedStatus !== "PENDING"
            ? {
                status: lastClosedStatus,
                by:
                  lastClosed.approvals.find((decision) => decision.decision === "REJECT")?.approverName ??
                  null,
              }
            : null,
        stillNeeded: tally ? stillNeededText(rule, tally.missing) : null,
      }),
      promotion: promotionRow ? promotionView(promotionRow, release.id) : null,
      openRequest,
      request: openRow
        ? { allowed: false, reason: "a request is open" }
        : requestCheck.ok
          ? { allowed: true, reason: null }
          : { allowed: false, reason: requestCheck.message },
      freeze: freeze ? { id: freeze.id, endsAt: freeze.endsAt, reason: freeze.reason } : null,
      soakUntil: soakEndsAt(rules, environment, promotions),
    };
  });

  const history = requests
    .filter((row) => effectiveStatus(requestFactOf(row), now) !== "PENDING")
    .map((row) => views.get(row.id) ?? viewOf(row, null));

  return {
    release: {
      id: release.id,
      product: release.product,
      version: release.version,
      bundleDigest: release.bundleDigest,
    },
    verification: {
      ok: verdict.ok,
      reason: verdict.reason,
      changedSinceRegistration: verification.changedSinceRegistration,
      checkedAt: now,
    },
    environments,
    history,
    viewer: {
      canRequest: viewer.permissions.has("promotion:request"),
      canApprove: viewer.permissions.has("promotion:approve"),
    },
  };
}
