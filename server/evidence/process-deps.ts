// The evidence services of this server process: its database, its blob store and the configured limits.
import type { PortalPrisma } from "../db/connection";
import { env } from "../env";
import { type Clock, systemClock } from "../lib/clock";
import { blobStore } from "./blob-store";
import type { ExportBundleDeps } from "./bundle/export-bundle";
import { withoutExtraFiles } from "./bundle/extra-files";
import { MAX_BUNDLE_FILES, MIB } from "./limits";

export function processEvidenceDeps(prisma: PortalPrisma, clock: Clock = systemClock): ExportBundleDeps {
  return {
    prisma,
    blobs: blobStore(),
    clock,
    // the files other modules add to every bundle export (bundle/extra-files.ts): the audit-log checkpoint and
    // its proofs go here once the checkpoint provider exists
    extraFiles: withoutExtraFiles,
    limits: {
      maxUploadBytes: env.EVIDENCE_MAX_UPLOAD_MB * MIB,
      maxBundleBytes: env.EVIDENCE_BUNDLE_MAX_MB * MIB,
      maxBundleFiles: MAX_BUNDLE_FILES,
    },
  };
}
