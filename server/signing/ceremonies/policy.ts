// The rules of key ceremonies, as pure functions over plain data.
//
// Decisions written down here:
// - The initiator counts as one approval when they are an eligible custodian: starting a ceremony is a deliberate,
//   freshly authenticated act, so a 2-of-3 ceremony needs the initiator and one other custodian (two people), the
//   usual two-person rule. An initiator who is not a custodian starts it without counting.
// - One person counts once: a custodian decides a ceremony once (approve or reject), whatever their roles.
// - One rejection by an eligible custodian closes the ceremony (a veto): key operations err on the side of not
//   happening, and the initiator can start a new one with a better reason.
// - Expiry is decided by comparing `expiresAt` with the clock at every read and decision; the sweeper only
//   records it.
// - Which operations need a ceremony is configuration (SIGNING_CEREMONY_POLICY); without it, create, rotate and
//   revoke run directly for security officers (the demo) and may still be put through a ceremony voluntarily.
//   Escrow recovery is always a ceremony: its M is the escrow's threshold.
import type { SigningKeyPurpose } from "../vocabulary";
import { isSigningKeyPurpose } from "../vocabulary";
import type { CeremonyDecision, CeremonyOperation, CeremonyStatus } from "./vocabulary";

export const DIRECT_OPERATIONS = ["create", "rotate", "revoke"] as const;
export type DirectOperation = (typeof DIRECT_OPERATIONS)[number];

export const MIN_APPROVALS = 2;
export const MAX_APPROVALS = 10;
export const DEFAULT_TTL_MINUTES = 24 * 60;
export const MIN_TTL_MINUTES = 5;
export const MAX_TTL_MINUTES = 7 * 24 * 60;
export const DEFAULT_CUSTODIAN_ROLE = "SECURITY_OFFICER";
export const INITIATOR_COUNTS = true;

export type CeremonyRule = {
  operation: DirectOperation;
  purpose: SigningKeyPurpose | "*";
  approvals: number;
};
export type CeremonyPolicy = readonly CeremonyRule[];

/**
 * "rotate=2, revoke:release=3" -> rules. An entry is `operation[:purpose]=M`; without a purpose it covers every
 * purpose; a purpose-specific entry wins over the general one.
 */
export function parseCeremonyPolicy(
  text: string | undefined,
): { ok: true; policy: CeremonyPolicy } | { ok: false; error: string } {
  const rules: CeremonyRule[] = [];
  const entries = (text ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const match = /^([a-z-]+)(?::([a-z-]+|\*))?\s*=\s*(\d+)$/.exec(entry);
    const operation = match?.[1] ?? "";
    const purpose = match?.[2] ?? "*";
    const approvals = Number(match?.[3]);
    if (!match || !(DIRECT_OPERATIONS as readonly string[]).includes(operation)) {
      return {
        ok: false,
        error: `"${entry}": write operation[:purpose]=M with operation one of ${DIRECT_OPERATIONS.join(", ")}`,
      };
    }
    if (purpose !== "*" && !isSigningKeyPurpose(purpose)) {
      return { ok: false, error: `"${entry}": unknown purpose ${purpose}` };
    }
    if (!Number.isInteger(approvals) || approvals < MIN_APPROVALS || approvals > MAX_APPROVALS) {
      return { ok: false, error: `"${entry}": M must be between ${MIN_APPROVALS} and ${MAX_APPROVALS}` };
    }
    if (rules.some((rule) => rule.operation === operation && rule.purpose === purpose)) {
      return { ok: false, error: `"${entry}": ${operation}:${purpose} is given twice` };
    }
    rules.push({
      operation: operation as DirectOperation,
      purpose: purpose as SigningKeyPurpose | "*",
      approvals,
    });
  }
  return { ok: true, policy: rules };
}

/** The M a policy demands for an operation on a purpose; null: the operation may run directly. */
export function requiredApprovalsFor(
  policy: CeremonyPolicy,
  operation: DirectOperation,
  purpose: SigningKeyPurpose,
): number | null {
  const specific = policy.find((rule) => rule.operation === operation && rule.purpose === purpose);
  const general = policy.find((rule) => rule.operation === operation && rule.purpose === "*");
  return (specific ?? general)?.approvals ?? null;
}

export type StartCheck = { ok: true } | { ok: false; message: string };

/** Whether M works: at least 2, at least what the policy demands, at most the custodians there are. */
export function checkStart(input: {
  requiredApprovals: number;
  policyMinimum: number | null;
  eligibleCustodians: number;
}): StartCheck {
  const { requiredApprovals: m, policyMinimum, eligibleCustodians: n } = input;
  if (!Number.isInteger(m) || m < MIN_APPROVALS) {
    return { ok: false, message: `a ceremony needs at least ${MIN_APPROVALS} approvals` };
  }
  if (m > MAX_APPROVALS) return { ok: false, message: `a ceremony needs at most ${MAX_APPROVALS} approvals` };
  if (policyMinimum !== null && m < policyMinimum) {
    return {
      ok: false,
      message: `the ceremony policy requires at least ${policyMinimum} approvals for this`,
    };
  }
  if (m > n) {
    return {
      ok: false,
      message: `${m} approvals are needed but only ${n} custodian${n === 1 ? " is" : "s are"} eligible`,
    };
  }
  return { ok: true };
}

export type CeremonyState = {
  status: CeremonyStatus;
  requiredApprovals: number;
  expiresAt: Date;
  eligibleRole: string;
  custodianIds: readonly string[];
  approvals: ReadonlyArray<{ userId: string; decision: CeremonyDecision }>;
};

export type Custodian = { id: string; roles: readonly string[] };

/** Pending until it closes; a pending ceremony past its expiry is expired, whether or not the sweeper saw it. */
export function effectiveStatus(
  ceremony: Pick<CeremonyState, "status" | "expiresAt">,
  now: Date,
): CeremonyStatus {
  if (ceremony.status === "pending" && now.getTime() >= ceremony.expiresAt.getTime()) return "expired";
  return ceremony.status;
}

export function approvalsOf(ceremony: Pick<CeremonyState, "approvals">): number {
  return ceremony.approvals.filter((approval) => approval.decision === "approve").length;
}

export function isEligible(
  ceremony: Pick<CeremonyState, "eligibleRole" | "custodianIds">,
  user: Custodian,
): boolean {
  if (!user.roles.includes(ceremony.eligibleRole)) return false;
  return ceremony.custodianIds.length === 0 || ceremony.custodianIds.includes(user.id);
}

export type DecisionCheck =
  | { ok: true; completes: boolean }
  | { ok: false; code: "CONFLICT" | "FORBIDDEN" | "PRECONDITION_FAILED"; message: string };

const closedMessages: Record<Exclude<CeremonyStatus, "pending">, string> = {
  executed: "this ceremony has already been executed",
  rejected: "this ceremony was rejected",
  expired: "this ceremony has expired: start a new one",
  failed: "this ceremony has already ended (its execution failed)",
};

/** Whether `user` may decide now, and whether an approval would be the M-th (the one that executes). */
export function checkDecision(
  ceremony: CeremonyState,
  user: Custodian,
  decision: CeremonyDecision,
  now: Date,
): DecisionCheck {
  const status = effectiveStatus(ceremony, now);
  if (status !== "pending") {
    return {
      ok: false,
      code: status === "expired" ? "PRECONDITION_FAILED" : "CONFLICT",
      message: closedMessages[status],
    };
  }
  if (!isEligible(ceremony, user)) {
    return { ok: false, code: "FORBIDDEN", message: "you are not one of the custodians of this ceremony" };
  }
  const earlier = ceremony.approvals.find((approval) => approval.userId === user.id);
  if (earlier) {
    return {
      ok: false,
      code: "CONFLICT",
      message: `you already ${earlier.decision === "approve" ? "approved" : "rejected"} this ceremony: each custodian counts once`,
    };
  }
  if (decision === "reject") return { ok: true, completes: false };
  return { ok: true, completes: approvalsOf(ceremony) + 1 >= ceremony.requiredApprovals };
}

export function progressText(approvals: number, required: number): string {
  return `${approvals} of ${required} approval${required === 1 ? "" : "s"}`;
}

export function expiryFor(createdAt: Date, ttlMinutes: number): Date {
  return new Date(createdAt.getTime() + ttlMinutes * 60_000);
}

export function operationNeedsKey(operation: CeremonyOperation): boolean {
  return operation === "revoke" || operation === "escrow-recover";
}
