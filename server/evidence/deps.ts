// What the evidence services run on. Tests pass their own database, blob store, clock and limits.
import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";
import type { BlobStore } from "./blob-store";
import type { EvidenceLimits } from "./limits";

export type EvidenceDeps = { prisma: PortalPrisma; blobs: BlobStore; clock: Clock; limits: EvidenceLimits };
