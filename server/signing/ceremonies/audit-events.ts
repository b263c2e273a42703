// Audit events of key ceremonies and Shamir escrow (spread into ZAuditPayload in server/audit/events.ts).
// Share material never appears here: only share numbers, custodians and fingerprints.
import { z } from "zod";
import { CEREMONY_DECISIONS, CEREMONY_OPERATIONS } from "./vocabulary";

const ZKeyId = z.string().regex(/^sha256:[0-9a-f]{64}$/);
const ZOperation = z.enum(CEREMONY_OPERATIONS);

export const ceremonyAuditEvents = [
  z.object({
    type: z.literal("signing.ceremony_started"),
    ceremonyId: z.string(),
    operation: ZOperation,
    purpose: z.string().nullable(),
    keyId: ZKeyId.nullable(),
    reason: z.string(),
    requiredApprovals: z.number().int(),
    custodianCount: z.number().int(),
    eligibleRole: z.string(),
    initiatorCounts: z.boolean(),
    expiresAt: z.string(),
  }),
  z.object({
    type: z.literal("signing.ceremony_decided"),
    ceremonyId: z.string(),
    operation: ZOperation,
    decision: z.enum(CEREMONY_DECISIONS),
    approvals: z.number().int(),
    requiredApprovals: z.number().int(),
    comment: z.string().nullable(),
  }),
  // a decision that was not taken (not a custodian, twice, too late, a wrong share set); nothing changed
  z.object({
    type: z.literal("signing.ceremony_decision_refused"),
    ceremonyId: z.string(),
    decision: z.enum(CEREMONY_DECISIONS),
    code: z.string(),
    message: z.string(),
  }),
  z.object({
    type: z.literal("signing.ceremony_executed"),
    ceremonyId: z.string(),
    operation: ZOperation,
    approvers: z.array(z.string()),
    result: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.number()), z.null()])),
  }),
  z.object({
    type: z.literal("signing.ceremony_failed"),
    ceremonyId: z.string(),
    operation: ZOperation,
    code: z.string(),
    message: z.string(),
  }),
  z.object({
    type: z.literal("signing.ceremony_closed"),
    ceremonyId: z.string(),
    operation: ZOperation,
    status: z.enum(["rejected", "expired"]),
  }),
  z.object({
    type: z.literal("signing.escrow_split"),
    escrowId: z.string(),
    keyId: ZKeyId,
    threshold: z.number().int(),
    shareCount: z.number().int(),
    custodians: z.array(z.object({ index: z.number().int(), name: z.string(), shareSha256: z.string() })),
    secretSha256: z.string(),
    supersededEscrowId: z.string().nullable(),
  }),
  z.object({
    type: z.literal("signing.escrow_recovered"),
    escrowId: z.string(),
    keyId: ZKeyId,
    sharesUsed: z.array(z.number().int()),
    kekId: z.string(),
    ceremonyId: z.string().nullable(),
  }),
] as const;

export const ceremonyAuditLabels = {
  "signing.ceremony_started": "Key ceremony started",
  "signing.ceremony_decided": "Key ceremony decision",
  "signing.ceremony_decision_refused": "Key ceremony decision refused",
  "signing.ceremony_executed": "Key ceremony executed",
  "signing.ceremony_failed": "Key ceremony failed",
  "signing.ceremony_closed": "Key ceremony closed",
  "signing.escrow_split": "Signing key split into escrow shares",
  "signing.escrow_recovered": "Signing key recovered from escrow",
} as const;
