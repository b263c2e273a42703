// What approvals are bound to besides the bundle digest: the verdict of the release's verification, hashed. The
// verdict is what the verifier decided (per file and per signature: status, key, flags; counts; problems), not when
// it ran or how it phrased it: re-verifying later and reaching the same verdict gives the same digest, and any change
// of verdict (a key revoked since, a flag added) gives another one, which voids the approvals given for the old one.
import { createHash } from "node:crypto";
import { canonicalJson } from "../lib/canonical-json";
import type { ReleaseBundleReport } from "../signing/bundle/report";

export function verificationVerdict(report: ReleaseBundleReport) {
  return {
    ok: report.ok,
    flagged: report.flagged,
    purpose: report.purpose,
    checksums: report.checksums,
    manifest: report.manifest,
    counts: report.counts,
    problems: [...report.problems].sort(),
    files: report.files.map((file) => ({
      name: file.name,
      status: file.status,
      size: file.size,
      expectedSha256: file.expectedSha256,
      actualSha256: file.actualSha256,
      listedIn: [...file.listedIn].sort(),
    })),
    // reason and signedAt are left out: wording, and "when" for signatures judged at the time of checking
    signatures: report.signatures.map((signature) => ({
      source: signature.source,
      index: signature.index,
      status: signature.status,
      ok: signature.ok,
      keyId: signature.keyId,
      flags: [...signature.flags].sort(),
    })),
  };
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of the report's verdict. */
export function verificationDigest(report: ReleaseBundleReport): string {
  return createHash("sha256")
    .update(canonicalJson(verificationVerdict(report)), "utf8")
    .digest("hex");
}
