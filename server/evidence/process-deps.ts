// The evidence services of this server process: its database, its blob store and the configured limits.
import type { PortalPrisma } from "../db/connection";
import { env } from "../env";
import { systemClock } from "../lib/clock";
import { blobStore } from "./blob-store";
import type { EvidenceDeps } from "./deps";
import { MAX_BUNDLE_FILES, MIB } from "./limits";

export function processEvidenceDeps(prisma: PortalPrisma): EvidenceDeps {
  return {
    prisma,
    blobs: blobStore(),
    clock: systemClock,
    limits: {
      maxUploadBytes: env.EVIDENCE_MAX_UPLOAD_MB * MIB,
      maxBundleBytes: env.EVIDENCE_BUNDLE_MAX_MB * MIB,
      maxBundleFiles: MAX_BUNDLE_FILES,
    },
  };
}
