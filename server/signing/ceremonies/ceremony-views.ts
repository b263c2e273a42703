// What callers see of a ceremony: its operation in words, progress, effective status (expiry by the clock) and,
// for the person looking, whether they may still decide and whether their approval would complete it.
import type { Prisma } from "../../db/generated/client";
import { isSigningKeyPurpose, signingKeyPurposeLabels } from "../vocabulary";
import { approvalsOf, type CeremonyState, checkDecision, effectiveStatus, progressText } from "./policy";
import {
  type CeremonyDecision,
  type CeremonyOperation,
  type CeremonyStatus,
  ceremonyOperationLabels,
} from "./vocabulary";

export const ceremonySelect = {
  id: true,
  operation: true,
  parameters: true,
  purpose: true,
  keyId: true,
  reason: true,
  requiredApprovals: true,
  eligibleRole: true,
  custodianIds: true,
  custodianCount: true,
  initiatorCounts: true,
  status: true,
  initiatorId: true,
  initiatorName: true,
  createdAt: true,
  expiresAt: true,
  closedAt: true,
  result: true,
  failure: true,
  approvals: {
    select: { userId: true, userName: true, decision: true, comment: true, decidedAt: true },
    orderBy: { decidedAt: "asc" },
  },
} satisfies Prisma.KeyCeremonySelect;

export type CeremonyRow = Prisma.KeyCeremonyGetPayload<{ select: typeof ceremonySelect }>;

export type CeremonyDto = {
  id: string;
  operation: CeremonyOperation;
  title: string;
  parameters: Record<string, unknown>;
  purpose: string | null;
  keyId: string | null;
  reason: string;
  requiredApprovals: number;
  approvalCount: number;
  progress: string;
  custodianCount: number;
  eligibleRole: string;
  namedCustodians: boolean;
  initiatorCounts: boolean;
  status: CeremonyStatus;
  initiatorName: string;
  createdAt: Date;
  expiresAt: Date;
  closedAt: Date | null;
  result: Record<string, unknown> | null;
  failure: string | null;
  decisions: { userName: string; decision: CeremonyDecision; comment: string | null; decidedAt: Date }[];
  /** for the viewer: may they decide now, and would their approval be the one that executes it */
  viewer: { canDecide: boolean; completes: boolean; why: string | null };
};

export function stateOf(row: CeremonyRow): CeremonyState {
  return {
    status: row.status as CeremonyStatus,
    requiredApprovals: row.requiredApprovals,
    expiresAt: row.expiresAt,
    eligibleRole: row.eligibleRole,
    custodianIds: row.custodianIds,
    approvals: row.approvals.map((approval) => ({
      userId: approval.userId,
      decision: approval.decision as CeremonyDecision,
    })),
  };
}

export function titleOf(operation: CeremonyOperation, purpose: string | null, keyId: string | null): string {
  const what = purpose && isSigningKeyPurpose(purpose) ? signingKeyPurposeLabels[purpose].toLowerCase() : "";
  switch (operation) {
    case "create":
      return `Create a ${what} key`;
    case "rotate":
      return `Rotate the ${what} key`;
    case "revoke":
      return `Revoke ${what} key ${keyId?.slice(0, 19) ?? ""}…`;
    case "escrow-recover":
      return `Recover ${what} key ${keyId?.slice(0, 19) ?? ""}… from escrow`;
    default:
      return ceremonyOperationLabels[operation];
  }
}

export function toCeremonyDto(
  row: CeremonyRow,
  now: Date,
  viewer: { id: string; roles: readonly string[] } | null,
): CeremonyDto {
  const state = stateOf(row);
  const operation = row.operation as CeremonyOperation;
  const approvals = approvalsOf(state);
  const check = viewer ? checkDecision(state, viewer, "approve", now) : null;
  return {
    id: row.id,
    operation,
    title: titleOf(operation, row.purpose, row.keyId),
    parameters: row.parameters as Record<string, unknown>,
    purpose: row.purpose,
    keyId: row.keyId,
    reason: row.reason,
    requiredApprovals: row.requiredApprovals,
    approvalCount: approvals,
    progress: progressText(approvals, row.requiredApprovals),
    custodianCount: row.custodianCount,
    eligibleRole: row.eligibleRole,
    namedCustodians: row.custodianIds.length > 0,
    initiatorCounts: row.initiatorCounts,
    status: effectiveStatus(state, now),
    initiatorName: row.initiatorName,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    closedAt: row.closedAt ?? (effectiveStatus(state, now) === "expired" ? row.expiresAt : null),
    result: (row.result as Record<string, unknown> | null) ?? null,
    failure: row.failure,
    decisions: row.approvals.map((approval) => ({
      userName: approval.userName,
      decision: approval.decision as CeremonyDecision,
      comment: approval.comment,
      decidedAt: approval.decidedAt,
    })),
    viewer: check?.ok
      ? { canDecide: true, completes: check.completes, why: null }
      : { canDecide: false, completes: false, why: check && !check.ok ? check.message : null },
  };
}
