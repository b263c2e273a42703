// The evidence services of this server process: its database, its blob store and the configured limits.
import { checkpointOrigin } from "../audit/checkpoints/checkpoint-origin";
import type { PortalPrisma } from "../db/connection";
import { env } from "../env";
import { type Clock, systemClock } from "../lib/clock";
import { blobStore } from "./blob-store";
import { auditProofFiles } from "./bundle/audit-proof-files";
import type { ExportBundleDeps } from "./bundle/export-bundle";
import { MAX_BUNDLE_FILES, MIB } from "./limits";

export function processEvidenceDeps(prisma: PortalPrisma, clock: Clock = systemClock): ExportBundleDeps {
  return {
    prisma,
    blobs: blobStore(),
    clock,
    // the files other modules add to every bundle export (bundle/extra-files.ts): the audit-log checkpoint, the
    // inclusion proofs of the exported evidence's upload events and the checkpoint's key
    extraFiles: auditProofFiles({ origin: checkpointOrigin() }),
    limits: {
      maxUploadBytes: env.EVIDENCE_MAX_UPLOAD_MB * MIB,
      maxBundleBytes: env.EVIDENCE_BUNDLE_MAX_MB * MIB,
      maxBundleFiles: MAX_BUNDLE_FILES,
    },
  };
}
