// Audit events of verify-all runs (subject: the snapshot) and continuity reports (subject: the report). A run is
// asked for by a person (or the server console) and carried out by the server, so the start names the person and
// the end names the system; the end records the roots the snapshot saw, so the log itself vouches for them.
import { z } from "zod";

const ZCounts = z.object({
  ok: z.number().int(),
  changed: z.number().int(),
  missing: z.number().int(),
  badSignature: z.number().int(),
});

export const continuityAuditEvents = [
  z.object({
    type: z.literal("evidence.verify_all_started"),
    label: z.string(),
    appVersion: z.string(),
  }),
  z.object({
    type: z.literal("evidence.verify_all_finished"),
    label: z.string(),
    items: z.number().int(),
    counts: ZCounts,
    evidenceRoot: z.string(),
    evidenceLeaves: z.number().int(),
    auditTreeSize: z.number().int(),
    auditRoot: z.string(),
  }),
  z.object({
    type: z.literal("evidence.verify_all_failed"),
    label: z.string(),
    reason: z.string(),
    processedItems: z.number().int(),
  }),
  z.object({
    type: z.literal("evidence.continuity_reported"),
    baselineId: z.string(),
    targetId: z.string(),
    verdict: z.enum(["CONTINUOUS", "BROKEN"]),
    documentSha256: z.string(),
    keyId: z.string(),
  }),
] as const;

export const continuityAuditLabels = {
  "evidence.verify_all_started": "verify-all started",
  "evidence.verify_all_finished": "verify-all finished",
  "evidence.verify_all_failed": "verify-all failed",
  "evidence.continuity_reported": "Continuity report signed",
} as const;
