// verify-all as this server process runs it: its database, its blob store (the S3 bucket or the blob directory, see
// processBlobReader), the system clock, and a worker name that says which host and process holds a run (visible in
// the snapshot row while it runs).
import os from "node:os";
import type { PortalPrisma } from "../../db/connection";
import { systemClock } from "../../lib/clock";
import { processBlobReader } from "./blob-reader";
import type { VerifyAllDeps } from "./run-verify-all";

export function processVerifyAllDeps(prisma: PortalPrisma): VerifyAllDeps {
  return {
    prisma,
    clock: systemClock,
    reader: processBlobReader(),
    workerId: `${os.hostname()}:${process.pid}`,
  };
}
