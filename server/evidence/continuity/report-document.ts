// The continuity report as a document: what the JSON download holds, byte for byte (RFC 8785 canonical JSON), and
// the in-toto statement that is signed over it. The statement names the document by its SHA-256 (the subject) and
// repeats the verdict, counts and roots (the predicate), so the envelope stays small whatever the number of items,
// and `sha256sum continuity-report.json` ties the file to the signature. The zod schema is also what the offline
// verifier reads a downloaded report with.
import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../../lib/canonical-json";
import { type InTotoStatement, inTotoStatement } from "../../signing/in-toto";
import type { Comparison } from "./compare-snapshots";
import { EVIDENCE_LEAF_ENCODING } from "./evidence-tree";
import type { ComparisonItem } from "./schemas";
import { CONTINUITY_STATUSES, ITEM_STATUSES, VERDICTS } from "./vocabulary";

export const CONTINUITY_REPORT_TYPE = "https://release-governance-portal.dev/continuity-report/v1";
export const CONTINUITY_PREDICATE_TYPE = CONTINUITY_REPORT_TYPE;
export const CONTINUITY_REPORT_FILE = "continuity-report.json";

export const AUDIT_LEAF_ENCODING =
  "RFC 6962 leaf hash SHA-256(0x00 || the 32 bytes of the audit event's chain hash); leaf i is the event with seq i + 1";

const HEX64 = z.string().regex(/^[0-9a-f]{64}$/, "a hex SHA-256");

const ZSnapshotSide = z.object({
  id: z.string(),
  label: z.string(),
  appVersion: z.string(),
  finishedAt: z.string(),
  evidence: z.object({ root: HEX64, leaves: z.number().int().min(0) }),
  audit: z.object({ treeSize: z.number().int().min(0), root: HEX64 }),
  counts: z.object({
    ok: z.number().int(),
    changed: z.number().int(),
    missing: z.number().int(),
    badSignature: z.number().int(),
  }),
});

const ZSignedCheckpoint = z.object({ signedNote: z.string(), keyId: z.string() }).nullable();

const ZObservation = z.object({ sha256: HEX64.nullable(), status: z.enum(ITEM_STATUSES) }).nullable();

export const ZContinuityReportDocument = z.object({
  reportType: z.literal(CONTINUITY_REPORT_TYPE),
  generatedAt: z.string(),
  generatedBy: z.string(),
  portalVersion: z.string(),
  baseline: ZSnapshotSide,
  target: ZSnapshotSide,
  crossReference: z.object({
    leafEncoding: z.string(),
    oldRoot: HEX64,
    newRoot: HEX64,
    /** the baseline's root recomputed from the target's digests of the baseline's evidence */
    oldRootFromTarget: HEX64,
  }),
  audit: z.object({
    leafEncoding: z.string(),
    consistency: z.object({
      size1: z.number().int(),
      size2: z.number().int(),
      root1: HEX64,
      root2: HEX64,
      proof: z.array(HEX64),
      verified: z.boolean(),
      reason: z.string(),
    }),
    /** the signed checkpoints (c2sp.org/tlog-checkpoint notes) of the two heads, when they were signed */
    checkpoints: z.object({ baseline: ZSignedCheckpoint, target: ZSignedCheckpoint }),
  }),
  counts: z.object({
    UNCHANGED: z.number().int(),
    CHANGED: z.number().int(),
    MISSING: z.number().int(),
    ADDED: z.number().int(),
  }),
  verdict: z.enum(VERDICTS),
  reasons: z.array(z.string()),
  items: z.array(
    z.object({
      evidenceId: z.string(),
      fileName: z.string(),
      kind: z.string(),
      status: z.enum(CONTINUITY_STATUSES),
      reason: z.string(),
      baseline: ZObservation,
      target: ZObservation,
    }),
  ),
});
export type ContinuityReportDocument = z.infer<typeof ZContinuityReportDocument>;

const side = (ref: Comparison["baseline"]): ContinuityReportDocument["baseline"] => ({
  id: ref.id,
  label: ref.label,
  appVersion: ref.appVersion,
  finishedAt: ref.finishedAt.toISOString(),
  evidence: { root: ref.evidenceRoot, leaves: ref.evidenceLeaves },
  audit: { treeSize: ref.auditTreeSize, root: ref.auditRoot },
  counts: ref.counts,
});

export function buildReportDocument(input: {
  comparison: Comparison;
  items: readonly ComparisonItem[];
  generatedAt: Date;
  generatedBy: string;
  portalVersion: string;
}): ContinuityReportDocument {
  const { comparison } = input;
  return {
    reportType: CONTINUITY_REPORT_TYPE,
    generatedAt: input.generatedAt.toISOString(),
    generatedBy: input.generatedBy,
    portalVersion: input.portalVersion,
    baseline: side(comparison.baseline),
    target: side(comparison.target),
    crossReference: {
      leafEncoding: EVIDENCE_LEAF_ENCODING,
      oldRoot: comparison.baseline.evidenceRoot,
      newRoot: comparison.target.evidenceRoot,
      oldRootFromTarget: comparison.baselineRootInTarget,
    },
    audit: {
      leafEncoding: AUDIT_LEAF_ENCODING,
      consistency: {
        size1: comparison.baseline.auditTreeSize,
        size2: comparison.target.auditTreeSize,
        root1: comparison.baseline.auditRoot,
        root2: comparison.target.auditRoot,
        proof: comparison.audit.proof,
        verified: comparison.audit.verified,
        reason: comparison.audit.reason,
      },
      checkpoints: comparison.audit.checkpoints,
    },
    counts: comparison.counts,
    verdict: comparison.verdict,
    reasons: comparison.reasons,
    items: input.items.map((item) => ({
      evidenceId: item.evidenceId,
      fileName: item.fileName,
      kind: item.kind,
      status: item.status,
      reason: item.reason,
      baseline: item.baseline,
      target: item.target,
    })),
  };
}

/** The document's bytes: canonical JSON plus a final newline (so `cat` and editors leave it alone). */
export function documentBytes(document: ContinuityReportDocument): Buffer {
  return Buffer.from(`${canonicalJson(document)}\n`, "utf8");
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** What is signed: the document by digest, and its verdict, counts and roots, so the envelope reads on its own. */
export function reportStatement(document: ContinuityReportDocument, digest: string): InTotoStatement {
  return inTotoStatement({
    subject: [{ name: CONTINUITY_REPORT_FILE, digest: { sha256: digest } }],
    predicateType: CONTINUITY_PREDICATE_TYPE,
    predicate: {
      generatedAt: document.generatedAt,
      baseline: {
        id: document.baseline.id,
        label: document.baseline.label,
        evidenceRoot: document.baseline.evidence.root,
        auditTreeSize: document.baseline.audit.treeSize,
        auditRoot: document.baseline.audit.root,
      },
      target: {
        id: document.target.id,
        label: document.target.label,
        evidenceRoot: document.target.evidence.root,
        auditTreeSize: document.target.audit.treeSize,
        auditRoot: document.target.audit.root,
      },
      counts: document.counts,
      verdict: document.verdict,
      reasons: document.reasons,
      auditConsistencyVerified: document.audit.consistency.verified,
    },
  });
}
