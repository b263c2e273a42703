// Audit events of release registration and publication (subject: the release). Promotion requests, approvals and
// promotions have their own events beside their code (server/releases/promotion).
import { z } from "zod";

export const releaseAuditEvents = [
  z.object({
    type: z.literal("release.registered"),
    product: z.string(),
    version: z.string(),
    bundleDigest: z.string(),
    verificationStatus: z.enum(["VERIFIED", "FAILED"]),
    verificationDigest: z.string(),
    summary: z.string(),
    artifacts: z.number().int(),
    // how many artifacts came with their bytes (the rest were registered by digest and size)
    storedArtifacts: z.number().int(),
    sourceCommit: z.string(),
    ciRunId: z.string(),
  }),
  z.object({
    type: z.literal("release.registration_refused"),
    // what could be read of the submission before it was refused (null when not even that)
    product: z.string().nullable(),
    version: z.string().nullable(),
    bundleDigest: z.string().nullable(),
    code: z.string(),
    reason: z.string(),
  }),
  z.object({
    type: z.literal("release.published"),
    bundleName: z.string(),
    bundleDigest: z.string(),
    size: z.number().int(),
    target: z.string(),
    downloadUrl: z.string(),
  }),
  z.object({ type: z.literal("release.publication_refused"), code: z.string(), reason: z.string() }),
] as const;

export const releaseAuditLabels = {
  "release.registered": "Release registered",
  "release.registration_refused": "Release registration refused",
  "release.published": "Release published",
  "release.publication_refused": "Release publication refused",
} as const;
