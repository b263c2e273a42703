// Audit events of promotion (spread into ZAuditPayload in server/audit/events.ts). Subject: the request
// ("promotion-request"), the promotion ("promotion"), or the environment policy ("environment-policy").
// A promotion done under a break-glass grant carries the session in its actor, like every action under a grant,
// and says which freeze window it went through.
import { z } from "zod";
import { DECISIONS, ENVIRONMENTS, REQUEST_STATUSES } from "./vocabulary";

const ZEnvironment = z.enum(ENVIRONMENTS);
const ZDigest = z.string().regex(/^[0-9a-f]{64}$/);
const ZVia = z.enum(["person", "api-token"]);

export const PROMOTION_ACTIONS = ["request", "approve", "reject", "promote", "cancel"] as const;

export const promotionAuditEvents = [
  z.object({
    type: z.literal("promotion.requested"),
    requestId: z.string(),
    releaseId: z.string(),
    product: z.string(),
    version: z.string(),
    environment: ZEnvironment,
    via: ZVia,
    comment: z.string().nullable(),
    requiredApprovals: z.string(),
    bundleDigest: ZDigest,
    verificationDigest: ZDigest,
    expiresAt: z.string(),
  }),
  z.object({
    type: z.literal("promotion.decided"),
    requestId: z.string(),
    releaseId: z.string(),
    environment: ZEnvironment,
    decision: z.enum(DECISIONS),
    // the role this decision counts for
    role: z.string(),
    comment: z.string(),
    // when the decider last authenticated (the step-up the decision relied on)
    authTime: z.string(),
    bundleDigest: ZDigest,
    verificationDigest: ZDigest,
    stillMissing: z.string().nullable(),
  }),
  z.object({
    type: z.literal("promotion.promoted"),
    promotionId: z.string(),
    requestId: z.string().nullable(),
    releaseId: z.string(),
    product: z.string(),
    version: z.string(),
    environment: ZEnvironment,
    bundleDigest: ZDigest,
    targetPath: z.string(),
    ciRunId: z.string(),
    approvers: z.array(z.object({ name: z.string(), role: z.string() })),
    attestationKeyId: z.string(),
    statementSha256: ZDigest,
    // non-null: a freeze window was lifted for this promotion by a break-glass grant (flagged for review)
    freezeOverride: z
      .object({ freezeWindowId: z.string(), reason: z.string(), breakGlassSessionId: z.string() })
      .nullable(),
  }),
  z.object({
    type: z.literal("promotion.request_closed"),
    requestId: z.string(),
    releaseId: z.string(),
    environment: ZEnvironment,
    status: z.enum(REQUEST_STATUSES).exclude(["PENDING", "PROMOTED"]),
    reason: z.string(),
  }),
  // an action that was not taken (not allowed, too late, a gate closed, a bad bundle); nothing else changed
  z.object({
    type: z.literal("promotion.refused"),
    action: z.enum(PROMOTION_ACTIONS),
    requestId: z.string().nullable(),
    releaseId: z.string().nullable(),
    environment: ZEnvironment.nullable(),
    code: z.string(),
    message: z.string(),
  }),
  z.object({
    type: z.literal("promotion.policy_changed"),
    environment: ZEnvironment,
    changes: z.array(z.object({ field: z.string(), from: z.string(), to: z.string() })).min(1),
  }),
  z.object({
    type: z.literal("promotion.freeze_created"),
    freezeWindowId: z.string(),
    environment: ZEnvironment,
    startsAt: z.string(),
    endsAt: z.string(),
    reason: z.string(),
  }),
  z.object({
    type: z.literal("promotion.freeze_deleted"),
    freezeWindowId: z.string(),
    environment: ZEnvironment,
    startsAt: z.string(),
    endsAt: z.string(),
    reason: z.string(),
  }),
] as const;

export const promotionAuditLabels = {
  "promotion.requested": "Promotion requested",
  "promotion.decided": "Promotion approved or rejected",
  "promotion.promoted": "Release promoted",
  "promotion.request_closed": "Promotion request closed",
  "promotion.refused": "Promotion action refused",
  "promotion.policy_changed": "Environment policy changed",
  "promotion.freeze_created": "Freeze window created",
  "promotion.freeze_deleted": "Freeze window removed",
} as const;
