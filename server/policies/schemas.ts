// Inputs of the policy-gate procedures. Documents (packs, OpenVEX) arrive as JSON values or text and are read by
// server/gates, which names the path of every problem; these schemas check only the envelope around them.
import { z } from "zod";
import { VEX_JUSTIFICATIONS, VEX_STATUSES } from "../gates/openvex";
import { ENVIRONMENTS } from "../releases/vocabulary";

export const ZVulnerabilityId = z
  .string()
  .trim()
  .regex(/^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|[A-Z][A-Z0-9]+-[A-Za-z0-9:._-]+)$/, {
    message: "must be a vulnerability id such as CVE-2024-12345 or GHSA-xxxx-xxxx-xxxx",
  });

const ZPurl = z
  .string()
  .trim()
  .regex(/^pkg:[a-z][a-z0-9.+-]*\/.+/, "must be a package URL (pkg:type/name@version)");

export const ZVexScopeInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("RELEASE"), releaseId: z.uuid({ message: "must be a release id" }) }),
  z.object({
    kind: z.literal("PRODUCT"),
    product: z.string().trim().min(1, "name the product"),
    /** empty: every version of the product */
    versions: z.array(z.string().trim().min(1)).max(50).default([]),
  }),
  z.object({ kind: z.literal("ALL") }),
]);
export type VexScopeInput = z.infer<typeof ZVexScopeInput>;

const ZExpiry = z.coerce.date({ message: "must be a date" });

export const ZRecordVexInput = z
  .object({
    vulnerability: ZVulnerabilityId,
    status: z.enum(VEX_STATUSES),
    justification: z.enum(VEX_JUSTIFICATIONS).optional(),
    impactStatement: z.string().trim().max(2000).optional(),
    actionStatement: z.string().trim().max(2000).optional(),
    /** the vulnerable package, when the finding names one */
    packagePurl: ZPurl.optional(),
    scope: ZVexScopeInput,
    expiresAt: ZExpiry,
  })
  .superRefine((input, context) => {
    if (input.status === "not_affected" && !input.justification) {
      context.addIssue({
        code: "custom",
        path: ["justification"],
        message: "a not_affected exception needs a justification (why the code is not affected)",
      });
    }
    if (input.status === "affected" && !input.actionStatement) {
      context.addIssue({
        code: "custom",
        path: ["actionStatement"],
        message: "say what is being done about it",
      });
    }
  });
export type RecordVexInput = z.input<typeof ZRecordVexInput>;

export const ZImportVexInput = z.object({
  /** an OpenVEX v0.2 document, as JSON text or value */
  document: z.unknown(),
  scope: ZVexScopeInput,
  expiresAt: ZExpiry,
});
export type ImportVexInput = z.input<typeof ZImportVexInput>;

export const ZRevokeVexInput = z.object({
  id: z.uuid({ message: "must be an exception id" }),
  reason: z.string().trim().min(5, "give a reason (at least 5 characters)").max(500),
});

export const ZPackName = z
  .string()
  .trim()
  .min(1, "name the pack")
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "letters, digits, spaces, dots, dashes and underscores");

export const ZSavePackInput = z.object({
  name: ZPackName,
  /** the pack document (server/gates/policy-pack.ts); its name and version are set by the portal */
  document: z.unknown(),
  comment: z.string().trim().min(3, "say what changed (at least 3 characters)").max(500),
});
export type SavePackInput = z.input<typeof ZSavePackInput>;

export const ZPackRefInput = z.object({ name: ZPackName, version: z.number().int().min(1).optional() });

export const ZImportPackInput = z.object({
  /** the exported file: a DSSE envelope (JSON text) */
  file: z.string().min(2, "choose the exported pack file").max(2_000_000, "the file is larger than 2 MB"),
  comment: z.string().trim().max(500).default("imported"),
});

export const ZEvaluateInput = z.object({
  releaseId: z.uuid({ message: "must be a release id" }),
  environment: z.enum(ENVIRONMENTS),
});

export const ZPreviewPackInput = z.object({
  document: z.unknown(),
  environment: z.enum(ENVIRONMENTS).optional(),
});
