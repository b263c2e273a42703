// Inputs and outputs of verify-all and continuity reports (tRPC, the server console and the downloads share them).
import { z } from "zod";
import {
  CONTINUITY_STATUSES,
  type ContinuityStatus,
  type ItemStatus,
  type SnapshotStatus,
  type Verdict,
} from "./vocabulary";

export const ZSnapshotLabel = z
  .string({ error: "Give the run a label, e.g. “pre-upgrade 2026.11”" })
  .trim()
  .min(1, "Give the run a label, e.g. “pre-upgrade 2026.11”")
  .max(120, "A label is at most 120 characters")
  .regex(/^[^\p{Cc}]*$/u, "A label is one line of text");

export const ZStartVerifyAllInput = z.object({ label: ZSnapshotLabel });
export type StartVerifyAllInput = z.input<typeof ZStartVerifyAllInput>;

const ZSnapshotId = (what: string) => z.uuid({ error: `The ${what} is not a snapshot id` });

export const ZSnapshotIdInput = z.object({ id: ZSnapshotId("snapshot") });

export const ZSnapshotListInput = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  after: z.string().max(200).optional(),
  /** only finished snapshots (the ones a report can compare) */
  finishedOnly: z.boolean().default(false),
});
export type SnapshotListInput = z.input<typeof ZSnapshotListInput>;

export const ZComparisonInput = z.object({
  baselineId: ZSnapshotId("baseline"),
  targetId: ZSnapshotId("target"),
});
export type ComparisonInput = z.input<typeof ZComparisonInput>;

export const ZComparisonItemsInput = ZComparisonInput.extend({
  status: z.enum(CONTINUITY_STATUSES).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** the last evidence id of the previous page */
  after: z.uuid().optional(),
});
export type ComparisonItemsInput = z.input<typeof ZComparisonItemsInput>;

export type SnapshotCounts = { ok: number; changed: number; missing: number; badSignature: number };

export type SnapshotView = {
  id: string;
  label: string;
  appVersion: string;
  status: SnapshotStatus;
  requestedAt: Date;
  requestedByName: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  totalItems: number;
  totalBytes: number;
  processedItems: number;
  processedBytes: number;
  counts: SnapshotCounts;
  evidenceRoot: string | null;
  evidenceLeaves: number | null;
  auditTreeSize: number | null;
  auditRoot: string | null;
  failureReason: string | null;
};

export type SnapshotPage = { snapshots: SnapshotView[]; nextCursor: string | null };

export type ComparisonItem = {
  evidenceId: string;
  fileName: string;
  kind: string;
  status: ContinuityStatus;
  reason: string;
  baseline: { sha256: string | null; status: ItemStatus } | null;
  target: { sha256: string | null; status: ItemStatus } | null;
};

export type ComparisonItemsPage = { items: ComparisonItem[]; nextCursor: string | null };

export type SnapshotRef = {
  id: string;
  label: string;
  appVersion: string;
  finishedAt: Date;
  evidenceRoot: string;
  evidenceLeaves: number;
  auditTreeSize: number;
  auditRoot: string;
  counts: SnapshotCounts;
};

export type ComparisonSummary = {
  baseline: SnapshotRef;
  target: SnapshotRef;
  counts: Record<ContinuityStatus, number>;
  verdict: Verdict;
  reasons: string[];
  /** the baseline's evidence root recomputed from what the target saw for the baseline's evidence */
  baselineRootInTarget: string;
  audit: {
    verified: boolean;
    reason: string;
    proof: string[];
    /** the signed audit checkpoints of the two tree heads, when the audit-checkpoint key made them */
    checkpoints: { baseline: SignedCheckpoint | null; target: SignedCheckpoint | null };
  };
  /** the signed report of this pair, once someone made it */
  report: ContinuityReportRef | null;
};

export type SignedCheckpoint = { signedNote: string; keyId: string };

export type ContinuityReportRef = {
  id: string;
  verdict: Verdict;
  documentSha256: string;
  keyId: string;
  createdAt: Date;
  createdByName: string;
};
