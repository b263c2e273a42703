// Verifies a registered release again, from what was stored at registration, against the key registry as it is
// now: what the promotion gate runs before every promotion. The signatures are judged as observed at registration
// (a key revoked since still vouches for what it signed before, flagged), so the same verdict gives the same
// verification digest and a changed one voids the approvals bound to the old digest.
import type { PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import type { ReleaseBundleReport } from "../signing/bundle/report";
import { verifyBundleContentsWithRegistry } from "../signing/bundle/verify-with-registry";
import { registeredBundleContents } from "./registered-bundle";
import { verificationDigest } from "./verification-digest";
import type { VerificationStatus } from "./vocabulary";

export type ReverificationResult = {
  report: ReleaseBundleReport;
  verificationStatus: VerificationStatus;
  verificationDigest: string;
  /** same verdict as the stored one */
  unchanged: boolean;
};

export async function verifyRegisteredRelease(
  db: PortalTx,
  releaseId: string,
  options: { clock: Clock },
): Promise<ReverificationResult> {
  const row = await db.release.findUnique({
    where: { id: releaseId },
    select: {
      product: true,
      version: true,
      checksums: true,
      checksumsSignature: true,
      manifestDsse: true,
      publicKeyHint: true,
      createdAt: true,
      verificationDigest: true,
      artifacts: { select: { path: true, sha256: true, size: true } },
    },
  });
  if (!row) throw new DomainError("NOT_FOUND", "No release with this id", { releaseId });
  const report = await verifyBundleContentsWithRegistry(db, registeredBundleContents(row), {
    clock: options.clock,
    observedAt: row.createdAt,
  });
  const digest = verificationDigest(report);
  return {
    report,
    verificationStatus: report.ok ? "VERIFIED" : "FAILED",
    verificationDigest: digest,
    unchanged: digest === row.verificationDigest,
  };
}
