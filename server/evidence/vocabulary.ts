// The words of the evidence store, shared by the services, the API, the UI and the offline verifier.

export const EVIDENCE_KINDS = [
  "SBOM",
  "ATTESTATION",
  "SCAN_REPORT",
  "RELEASE_BUNDLE",
  "AUDIT_EXPORT",
  "OTHER",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const evidenceKindLabels: Record<EvidenceKind, string> = {
  SBOM: "SBOM",
  ATTESTATION: "Attestation",
  SCAN_REPORT: "Scan report",
  RELEASE_BUNDLE: "Release bundle",
  AUDIT_EXPORT: "Audit export",
  OTHER: "Other",
};

/** What each kind must be, said once for the upload form's hints and the API's refusals. */
export const evidenceKindFormats: Record<EvidenceKind, string> = {
  SBOM: "CycloneDX (JSON or XML) or SPDX (JSON or tag-value)",
  ATTESTATION: "a DSSE envelope, a Sigstore bundle or an in-toto statement (JSON)",
  SCAN_REPORT: "SARIF, JSON, XML, HTML, PDF, CSV or text",
  RELEASE_BUNDLE: "a .tar, .tar.gz or .zip archive",
  AUDIT_EXPORT: "any file (JSON must parse)",
  OTHER: "any file (JSON must parse)",
};

/** Folder names inside an evidence bundle (files/<slug>/...). */
export const evidenceKindSlugs: Record<EvidenceKind, string> = {
  SBOM: "sbom",
  ATTESTATION: "attestation",
  SCAN_REPORT: "scan-report",
  RELEASE_BUNDLE: "release-bundle",
  AUDIT_EXPORT: "audit-export",
  OTHER: "other",
};

export function isEvidenceKind(value: string): value is EvidenceKind {
  return (EVIDENCE_KINDS as readonly string[]).includes(value);
}

export const PRODUCER_KINDS = ["USER", "API_TOKEN", "SYSTEM"] as const;
export type ProducerKind = (typeof PRODUCER_KINDS)[number];

/** What re-hashing the stored bytes said, now. */
export const BLOB_STATES = ["ok", "mismatch", "missing"] as const;
export type BlobState = (typeof BLOB_STATES)[number];

export const LINK_TARGETS = ["release", "proofArtifact", "breakGlassSession"] as const;
export type LinkTarget = (typeof LINK_TARGETS)[number];

export const linkTargetLabels: Record<LinkTarget, string> = {
  release: "Release",
  proofArtifact: "Proof artifact",
  breakGlassSession: "Break-glass session",
};
