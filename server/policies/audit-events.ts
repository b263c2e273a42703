// Audit events of promotion policy gates: packs, VEX exceptions and evaluations (spread into ZAuditPayload in
// server/audit/events.ts). An evaluation is audited with its verdict and the digests it rests on, so the log alone
// says why a promotion was blocked or let through.
import { z } from "zod";

const ZGateVerdict = z.object({ id: z.string(), kind: z.string(), verdict: z.string() });

export const policyAuditEvents = [
  z.object({
    type: z.literal("policy.pack_version_saved"),
    pack: z.string(),
    version: z.number().int(),
    documentSha256: z.string(),
    // EDITED | IMPORTED
    source: z.string(),
    comment: z.string(),
    keyId: z.string().nullable(),
  }),
  z.object({ type: z.literal("policy.pack_activated"), pack: z.string(), previous: z.string().nullable() }),
  z.object({
    type: z.literal("policy.pack_exported"),
    pack: z.string(),
    version: z.number().int(),
    keyId: z.string(),
  }),
  // an import whose signature or document did not hold: nothing else was written
  z.object({ type: z.literal("policy.pack_import_refused"), reason: z.string(), fileSha256: z.string() }),
  z.object({
    type: z.literal("vex.exception_recorded"),
    vulnerability: z.string(),
    status: z.string(),
    justification: z.string().nullable(),
    scope: z.string(),
    expiresAt: z.string().nullable(),
    documentSha256: z.string(),
    keyId: z.string(),
    // CREATED | IMPORTED
    source: z.string(),
  }),
  z.object({ type: z.literal("vex.exception_revoked"), vulnerability: z.string(), reason: z.string() }),
  z.object({ type: z.literal("vex.import_refused"), reason: z.string() }),
  z.object({
    type: z.literal("gates.evaluated"),
    releaseId: z.string(),
    product: z.string(),
    version: z.string(),
    environment: z.string(),
    trigger: z.string(),
    pack: z.string().nullable(),
    packVersion: z.number().int().nullable(),
    verdict: z.string(),
    summary: z.string(),
    gates: z.array(ZGateVerdict),
    inputsDigest: z.string(),
  }),
] as const;

export const policyAuditLabels = {
  "policy.pack_version_saved": "Policy pack version saved",
  "policy.pack_activated": "Policy pack put in force",
  "policy.pack_exported": "Policy pack exported (signed)",
  "policy.pack_import_refused": "Policy pack import refused",
  "vex.exception_recorded": "VEX exception recorded (signed)",
  "vex.exception_revoked": "VEX exception revoked",
  "vex.import_refused": "VEX import refused",
  "gates.evaluated": "Promotion gates evaluated",
} as const;
