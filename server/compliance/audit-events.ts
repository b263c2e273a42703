// Audit events of readiness programs (spread into ZAuditPayload). Every edit names the field with its old and new
// value: the change log of a program and of each item is read from these events, not kept a second time.
import { z } from "zod";

const ZFieldChange = z.object({
  field: z.string(),
  from: z.union([z.string(), z.array(z.string()), z.null()]),
  to: z.union([z.string(), z.array(z.string()), z.null()]),
});

export const COMPLIANCE_PARTS = ["item", "requirement", "proof", "deliverable"] as const;
export type CompliancePart = (typeof COMPLIANCE_PARTS)[number];

export const complianceAuditEvents = [
  z.object({
    type: z.literal("compliance.program_imported"),
    slug: z.string(),
    name: z.string(),
    version: z.string(),
    items: z.number().int(),
    requirements: z.number().int(),
    contentSha256: z.string(),
    source: z.enum(["import", "demo-seed"]),
  }),
  z.object({
    type: z.literal("compliance.program_updated"),
    slug: z.string(),
    changes: z.array(ZFieldChange).min(1),
  }),
  z.object({
    type: z.literal("compliance.requirement_updated"),
    slug: z.string(),
    itemNumber: z.number().int(),
    requirement: z.string(),
    changes: z.array(ZFieldChange).min(1),
  }),
  z.object({
    type: z.literal("compliance.proof_attached"),
    slug: z.string(),
    itemNumber: z.number().int(),
    proof: z.string(),
    changes: z.array(ZFieldChange).min(1),
    signed: z.boolean(),
  }),
  // a part (item, requirement, proof artifact, documentation deliverable) added to or removed from a program;
  // `changes` names what it held, so the change log shows it like a field edit (— -> value, value -> —)
  z.object({
    type: z.literal("compliance.part_added"),
    slug: z.string(),
    part: z.enum(COMPLIANCE_PARTS),
    itemNumber: z.number().int().nullable(),
    name: z.string(),
    changes: z.array(ZFieldChange).min(1),
  }),
  z.object({
    type: z.literal("compliance.part_removed"),
    slug: z.string(),
    part: z.enum(COMPLIANCE_PARTS),
    itemNumber: z.number().int().nullable(),
    name: z.string(),
    changes: z.array(ZFieldChange).min(1),
  }),
  z.object({
    type: z.literal("compliance.signed_off"),
    slug: z.string(),
    stakeholderRole: z.string(),
    revision: z.number().int(),
    contentSha256: z.string(),
    keyId: z.string(),
  }),
] as const;

export const complianceAuditLabels = {
  "compliance.program_imported": "Readiness program imported",
  "compliance.program_updated": "Readiness program changed",
  "compliance.requirement_updated": "Requirement changed",
  "compliance.proof_attached": "Proof evidence attached",
  "compliance.part_added": "Added to the readiness program",
  "compliance.part_removed": "Removed from the readiness program",
  "compliance.signed_off": "Readiness program signed off",
} as const;
