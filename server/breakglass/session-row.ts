// The columns services read from a session row, and the DTO the UI receives.

import type { Permission } from "../authz/permissions";
import { isPermission } from "../authz/permissions";
import type { Prisma } from "../db/generated/client";
import {
  isReviewOverdue,
  type ReviewOutcome,
  type SessionFacts,
  type SessionStatus,
  statusAt,
} from "./policy";
import type { BreakGlassPolicy } from "./policy-config";
import type { SessionView } from "./schemas";

export const sessionSelect = {
  id: true,
  requesterId: true,
  requesterName: true,
  reasonCode: true,
  justification: true,
  ticketRef: true,
  scopes: true,
  durationMinutes: true,
  approvalRequired: true,
  status: true,
  requestedAt: true,
  requestExpiresAt: true,
  decidedByName: true,
  decidedAt: true,
  activatedAt: true,
  expiresAt: true,
  hardExpiresAt: true,
  extensionCount: true,
  endedAt: true,
  endedByName: true,
  endNote: true,
  reviewStatus: true,
  reviewedByName: true,
  reviewedAt: true,
  reviewNotes: true,
} satisfies Prisma.BreakGlassSessionSelect;

export type SessionRow = Prisma.BreakGlassSessionGetPayload<{ select: typeof sessionSelect }>;

export function factsOf(row: SessionRow): SessionFacts {
  return { ...row, status: row.status as SessionStatus };
}

export function toSessionView(row: SessionRow, policy: BreakGlassPolicy, now: Date): SessionView {
  const facts = factsOf(row);
  return {
    id: row.id,
    requester: { id: row.requesterId, name: row.requesterName },
    reasonCode: row.reasonCode,
    reasonLabel: policy.reasonCodes.find((reason) => reason.code === row.reasonCode)?.label ?? row.reasonCode,
    justification: row.justification,
    ticketRef: row.ticketRef,
    scopes: row.scopes.filter(isPermission) as Permission[],
    durationMinutes: row.durationMinutes,
    approvalRequired: row.approvalRequired,
    status: statusAt(facts, now),
    requestedAt: row.requestedAt,
    requestExpiresAt: row.requestExpiresAt,
    decidedBy: row.decidedByName,
    decidedAt: row.decidedAt,
    activatedAt: row.activatedAt,
    expiresAt: row.expiresAt,
    hardExpiresAt: row.hardExpiresAt,
    extensionCount: row.extensionCount,
    extensionsLeft: Math.max(0, policy.extension.maxCount - row.extensionCount),
    // an ACTIVE row past its expiry ended at its expiry, recorded or not
    endedAt: row.endedAt ?? (statusAt(facts, now) === "EXPIRED" ? row.expiresAt : null),
    endedBy: row.endedByName,
    endNote: row.endNote,
    review: {
      status: (row.reviewStatus as "PENDING" | ReviewOutcome | null) ?? null,
      by: row.reviewedByName,
      at: row.reviewedAt,
      notes: row.reviewNotes,
      overdue: isReviewOverdue(policy, facts, now),
    },
  };
}
