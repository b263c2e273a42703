// Audit events of the evidence store (subject: the evidence record, or the bundle for exports). Downloads are reads
// and are not recorded; everything that adds evidence, links it or signs a bundle is.
import { z } from "zod";

const ZLinkIds = z.object({
  releaseIds: z.array(z.string()),
  proofArtifactIds: z.array(z.string()),
  breakGlassSessionIds: z.array(z.string()),
});

export const evidenceAuditEvents = [
  z.object({
    type: z.literal("evidence.uploaded"),
    kind: z.string(),
    sha256: z.string(),
    size: z.number().int(),
    mediaType: z.string(),
    fileName: z.string(),
    subjectDigest: z.string().nullable(),
    // USER | API_TOKEN | SYSTEM: the producer itself is the event's actor
    producerKind: z.string(),
    links: ZLinkIds,
  }),
  // the same bytes, kind and subject again (an idempotent re-upload) with links the record did not have yet
  z.object({ type: z.literal("evidence.linked"), sha256: z.string(), links: ZLinkIds }),
  z.object({
    type: z.literal("evidence.bundle_exported"),
    title: z.string(),
    selection: z.string(),
    fileCount: z.number().int(),
    totalBytes: z.number().int(),
    merkleRoot: z.string(),
    manifestSha256: z.string(),
    archiveSha256: z.string(),
    archiveEvidenceId: z.string(),
    keyId: z.string(),
  }),
] as const;

export const evidenceAuditLabels = {
  "evidence.uploaded": "Evidence uploaded",
  "evidence.linked": "Evidence linked",
  "evidence.bundle_exported": "Evidence bundle exported",
} as const;
