// The words of releases, shared by the services, the REST answers and the UI.

/** In promotion order; the database's EnvironmentPolicy.position says the same. */
export const ENVIRONMENTS = ["DEV", "STAGING", "PROD"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const VERIFICATION_STATUSES = ["VERIFIED", "FAILED"] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const PROMOTION_REQUEST_STATUSES = [
  "PENDING",
  "PROMOTED",
  "REJECTED",
  "EXPIRED",
  "CANCELLED",
] as const;
export type PromotionRequestStatus = (typeof PROMOTION_REQUEST_STATUSES)[number];

export const verificationStatusLabels: Record<VerificationStatus, string> = {
  VERIFIED: "Verified",
  FAILED: "Verification failed",
};

export function isEnvironment(value: string): value is Environment {
  return (ENVIRONMENTS as readonly string[]).includes(value);
}

export function isVerificationStatus(value: string): value is VerificationStatus {
  return (VERIFICATION_STATUSES as readonly string[]).includes(value);
}

/**
 * The files of a bundle that describe it rather than ship in it: the verifier reads them as such, so an artifact
 * may not take these names. Spelled out rather than imported, so the UI does not pull the verifier's file-system
 * code into the browser; vocabulary.test.ts holds the two lists together.
 */
export const BUNDLE_METADATA_FILES: readonly string[] = [
  "SHA256SUMS",
  "SHA256SUMS.sig",
  "manifest.dsse",
  "public-key.pem",
  "SHA256SUMS.pub",
  "cosign.pub",
];
