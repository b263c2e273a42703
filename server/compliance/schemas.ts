// Inputs of the compliance procedures (zod) and the shapes the UI receives. The UI never sees Prisma rows.
import { z } from "zod";
import type { Role } from "../authz/permissions";
import type { TrackerExtraSection, TrackerHistoryEntry } from "./document";
import type { ItemReadiness } from "./policy";
import {
  type ProofState,
  READINESS_LEVELS,
  REQUIREMENT_STATUSES,
  type ReadinessLevel,
  type RequirementStatus,
} from "./vocabulary";

export * from "./vocabulary";

/** A tracker is text people write; 1 MB is far more than any real one. */
export const MAX_TRACKER_BYTES = 1024 * 1024;
/** Evidence attached through the browser; larger evidence belongs in the evidence store (issue 7). */
export const MAX_PROOF_BYTES = 5 * 1024 * 1024;

export const ZSlug = z
  .string()
  .trim()
  .min(1, "Enter a short name")
  .max(60, "At most 60 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Lower-case letters, digits and single hyphens only");

export const ZProgramRef = z.object({ slug: ZSlug });

export const ZImportInput = z.object({
  markdown: z
    .string()
    .min(1, "Paste or choose a tracker")
    .refine((text) => Buffer.byteLength(text, "utf8") <= MAX_TRACKER_BYTES, "A tracker may be at most 1 MB"),
  slug: ZSlug.optional(),
});
export type ImportInput = z.infer<typeof ZImportInput>;

const ZShortText = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

export const ZFrameworkTag = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9.-]+:[A-Za-z0-9.()-]+$/, "Write framework ids as FRAMEWORK:ID, e.g. SOC2:CC6.1");

export const ZUpdateRequirementInput = z.object({
  requirementId: z.uuid("Not a valid requirement id"),
  status: z.enum(REQUIREMENT_STATUSES, { error: () => `Use ${REQUIREMENT_STATUSES.join(", ")}` }).optional(),
  implementation: ZShortText(500).optional(),
  sprint: ZShortText(100).optional(),
  owner: ZShortText(200).optional(),
  notes: ZShortText(2000).optional(),
  frameworks: z.array(ZFrameworkTag).max(30, "At most 30 framework ids").optional(),
});
export type UpdateRequirementInput = z.infer<typeof ZUpdateRequirementInput>;

export const ZUpdateProgramInput = z.object({
  slug: ZSlug,
  status: ZShortText(40).min(1, "Enter a status").optional(),
  owner: ZShortText(200).optional(),
  version: ZShortText(40).min(1, "Enter a version").optional(),
});
export type UpdateProgramInput = z.infer<typeof ZUpdateProgramInput>;

export const ZAttachProofInput = z.object({
  proofId: z.uuid("Not a valid proof artifact id"),
  fileName: z.string().trim().min(1, "Name the file").max(200, "At most 200 characters"),
  contentBase64: z
    .string()
    .min(1, "Choose a file")
    .max(Math.ceil(MAX_PROOF_BYTES / 3) * 4, "Evidence attached here may be at most 5 MB")
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The file content must be base64"),
  /** sign an in-toto statement over the digest with the portal's attestation key */
  sign: z.boolean().default(false),
  /** or: a DSSE envelope made elsewhere (JSON text) */
  envelope: z.string().max(200_000, "At most 200 kB").optional(),
});
export type AttachProofInput = z.infer<typeof ZAttachProofInput>;

export const ZSignOffInput = z.object({
  slug: ZSlug,
  stakeholderRole: z.string().trim().min(1, "Choose the role you sign for").max(100),
  /** the revision the signer looked at; a newer one means they have not seen the latest change */
  revision: z.number().int().positive(),
});
export type SignOffInput = z.infer<typeof ZSignOffInput>;

export const ZChangeLogInput = z.object({ slug: ZSlug, itemNumber: z.number().int().positive().optional() });

export const ZLevel = z.enum(READINESS_LEVELS);

export type ImportPreviewItem = {
  number: number;
  title: string;
  targetLevel: ReadinessLevel;
  requirements: number;
  typedCoverage: number | null;
  computedCoverage: number | null;
  typedStatus: string | null;
  computedStatus: string;
};

export type ImportPreview =
  | { ok: false; errors: { line: number; message: string }[] }
  | {
      ok: true;
      warnings: { line: number; message: string }[];
      name: string;
      version: string;
      slug: string;
      slugTaken: boolean;
      coverage: number | null;
      counts: {
        items: number;
        requirements: number;
        phases: number;
        sprints: number;
        proofArtifacts: number;
        deliverables: number;
        stakeholders: number;
      };
      items: ImportPreviewItem[];
    };

export type RequirementView = {
  id: string;
  position: number;
  title: string;
  implementation: string;
  status: RequirementStatus;
  sprint: string;
  owner: string;
  notes: string;
  frameworks: string[];
  /** the first level this requirement is needed for (null: deferred) */
  neededFor: ReadinessLevel | null;
};

export type ProofView = {
  id: string;
  position: number;
  description: string;
  evidenceSha256: string | null;
  evidenceName: string | null;
  evidenceSize: number | null;
  signed: boolean;
  signatureKeyId: string | null;
  state: ProofState;
  detail: string;
};

export type ItemView = {
  id: string;
  number: number;
  title: string;
  summary: string;
  whyItMatters: string;
  targetLevel: ReadinessLevel;
  coverage: number | null;
  status: string;
  readiness: ItemReadiness;
  atTarget: boolean;
  counts: Record<RequirementStatus, number>;
  documentCoverage: number | null;
  documentStatus: string | null;
  requirements: RequirementView[];
  proofs: ProofView[];
};

export type SignOffState = "current" | "superseded" | "invalid";

export type SignOffView = {
  id: string;
  stakeholderRole: string;
  signerName: string;
  signedAt: Date;
  revision: number;
  contentSha256: string;
  keyId: string;
  state: SignOffState;
  detail: string;
};

export type ProgramView = {
  id: string;
  slug: string;
  name: string;
  version: string;
  status: string;
  owner: string;
  description: string;
  createdOn: string | null;
  updatedOn: string | null;
  revision: number;
  updatedAt: Date;
  contentSha256: string;
  coverage: number | null;
  itemsAtTarget: number;
  readyCounts: Record<ReadinessLevel, number>;
  requirementCount: number;
  items: ItemView[];
  phases: {
    number: number;
    name: string;
    code: string;
    target: string;
    level: ReadinessLevel;
    sprints: { code: string; module: string; description: string; status: string }[];
  }[];
  deliverables: { id: string; title: string; path: string; status: string }[];
  stakeholders: { role: string; portalRole: Role | null }[];
  documentHistory: TrackerHistoryEntry[];
  extraSections: TrackerExtraSection[];
  signOffs: SignOffView[];
  snapshots: { takenAt: Date; revision: number; coverage: number | null }[];
};

export type ProgramListEntry = {
  slug: string;
  name: string;
  version: string;
  status: string;
  owner: string;
  revision: number;
  updatedAt: Date;
  coverage: number | null;
  itemCount: number;
  itemsAtTarget: number;
  readyCounts: Record<ReadinessLevel, number>;
  currentSignOffs: number;
  stakeholderCount: number;
};

export type ChangeLogEntry = {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  label: string;
  itemNumber: number | null;
  subject: string;
  changes: { field: string; from: string | string[] | null; to: string | string[] | null }[];
};

// Adding and removing the parts of a program. Text that becomes a Markdown table cell or heading may not span
// lines (the export would join them and the round trip would change the text).
const ZOneLine = (max: number, empty: string) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(max, `At most ${max} characters`)
    .regex(/^[^\r\n]*$/, "Keep it on one line");
const ZOneLineOptional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .regex(/^[^\r\n]*$/, "Keep it on one line");

export const ZAddRequirementInput = z.object({
  itemId: z.uuid("Not a valid item id"),
  title: ZOneLine(300, "Enter a title"),
  implementation: ZOneLineOptional(500).default(""),
  status: z
    .enum(REQUIREMENT_STATUSES, { error: () => `Use ${REQUIREMENT_STATUSES.join(", ")}` })
    .default("TODO"),
  sprint: ZOneLineOptional(100).default(""),
  owner: ZOneLineOptional(200).default(""),
  notes: ZOneLineOptional(2000).default(""),
  frameworks: z.array(ZFrameworkTag).max(30, "At most 30 framework ids").default([]),
});
export type AddRequirementInput = z.input<typeof ZAddRequirementInput>;

export const ZRemoveRequirementInput = z.object({ requirementId: z.uuid("Not a valid requirement id") });

export const ZAddItemInput = z.object({
  slug: ZSlug,
  /** left out: the next free number */
  number: z
    .number({ error: () => "Enter a whole number" })
    .int("Enter a whole number")
    .min(1, "Item numbers start at 1")
    .max(999, "At most 999")
    .optional(),
  title: ZOneLine(200, "Enter a title"),
  summary: ZOneLineOptional(300).default(""),
  whyItMatters: ZOneLineOptional(1000).default(""),
  targetLevel: z
    .enum(READINESS_LEVELS, { error: () => `Use ${READINESS_LEVELS.join(", ")}` })
    .default("DEMO"),
});
export type AddItemInput = z.input<typeof ZAddItemInput>;

export const ZRemoveItemInput = z.object({ itemId: z.uuid("Not a valid item id") });

export const ZAddProofInput = z.object({
  itemId: z.uuid("Not a valid item id"),
  description: ZOneLine(500, "Describe the proof"),
});
export type AddProofInput = z.input<typeof ZAddProofInput>;

export const ZRemoveProofInput = z.object({ proofId: z.uuid("Not a valid proof artifact id") });

export const ZAddDeliverableInput = z.object({
  slug: ZSlug,
  title: ZOneLine(200, "Enter a title"),
  path: ZOneLineOptional(500).default(""),
  status: ZOneLine(40, "Enter a status").default("TODO"),
});
export type AddDeliverableInput = z.input<typeof ZAddDeliverableInput>;

export const ZRemoveDeliverableInput = z.object({ deliverableId: z.uuid("Not a valid deliverable id") });
