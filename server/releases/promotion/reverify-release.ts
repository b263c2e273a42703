// The verification gate: the release's registered bundle (rebuilt from what registration stored, exactly as
// registration verified it: server/releases/registered-bundle.ts) verified again, now, against the key registry as it is
// now (a key revoked or rotated since registration changes the answer). The registration time vouches that the
// signatures existed then, so a signature made before a later revocation is recognised as such, and refused for
// promotion all the same (policy.ts, verificationVerdict). Reads only: nothing here writes.
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import type { ReleaseBundleReport } from "../../signing/bundle/report";
import { verifyBundleContentsWithRegistry } from "../../signing/bundle/verify-with-registry";
import { registeredBundleContents } from "../registered-bundle";
import { verificationDigest } from "../verification-digest";
import type { ReleaseRow } from "./facts";
import { type Binding, type VerificationVerdict, verificationVerdict } from "./policy";

export type CurrentVerification = {
  report: ReleaseBundleReport;
  verdict: VerificationVerdict;
  /** what requests and approvals made now are bound to */
  binding: Binding;
  /** the verdict differs from the one recorded at registration */
  changedSinceRegistration: boolean;
};

export async function reverifyRelease(
  db: PortalTx,
  release: ReleaseRow,
  clock: Clock,
): Promise<CurrentVerification> {
  const report = await verifyBundleContentsWithRegistry(db, registeredBundleContents(release), {
    purpose: "release",
    clock,
    observedAt: release.createdAt,
  });
  const digest = verificationDigest(report);
  const verdict = verificationVerdict(report);
  return {
    report,
    verdict:
      release.verificationStatus !== "VERIFIED" && verdict.ok
        ? // registration said no; a later "yes" from rebuilt digests does not overrule what the bytes said then
          { ok: false, reason: `the bundle failed verification at registration: ${report.summary}` }
        : verdict,
    binding: { bundleDigest: release.bundleDigest, verificationDigest: digest },
    changedSinceRegistration: digest !== release.verificationDigest,
  };
}
