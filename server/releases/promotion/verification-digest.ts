// What approvals are bound to besides the bundle digest: a SHA-256 over the verdict of the bundle verifier's
// report, as canonical JSON (RFC 8785). Only what decides the outcome counts (which signatures verify with which
// key and why not, which files match), never when or from which file name it was checked, so verifying the same
// bundle against the same registry again gives the same digest, and a changed verdict (a key revoked since, a
// digest edited) gives another one.
import { createHash } from "node:crypto";
import { canonicalJson } from "../../lib/canonical-json";
import type { ReleaseBundleReport } from "../../signing/bundle/report";

export function verdictOf(report: ReleaseBundleReport) {
  return {
    ok: report.ok,
    purpose: report.purpose,
    checksums: report.checksums,
    manifest: { present: report.manifest.present, verified: report.manifest.verified },
    signatures: report.signatures.map((signature) => ({
      source: signature.source,
      status: signature.status,
      ok: signature.ok,
      keyId: signature.keyId,
      flags: [...signature.flags].sort(),
    })),
    files: report.files.map((file) => ({
      name: file.name,
      status: file.status,
      expectedSha256: file.expectedSha256,
      actualSha256: file.actualSha256,
    })),
  };
}

export function verificationDigest(report: ReleaseBundleReport): string {
  return createHash("sha256")
    .update(canonicalJson(verdictOf(report)), "utf8")
    .digest("hex");
}
