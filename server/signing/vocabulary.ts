// The words of the key registry, shared by the services, the verifier, the UI and the trust-root export.
import type { BackendKind } from "./signer";

export const SIGNING_KEY_PURPOSES = ["release", "attestation", "audit-checkpoint", "mirror", "dev"] as const;
export type SigningKeyPurpose = (typeof SIGNING_KEY_PURPOSES)[number];

export const signingKeyPurposeLabels: Record<SigningKeyPurpose, string> = {
  release: "Release",
  attestation: "Attestation",
  "audit-checkpoint": "Audit checkpoint",
  mirror: "Mirror",
  dev: "Development",
};

export const signingKeyPurposeUses: Record<SigningKeyPurpose, string> = {
  release: "SHA256SUMS and release manifests",
  attestation: "promotion, sign-off and SBOM attestations",
  "audit-checkpoint": "Merkle checkpoints of the audit log",
  mirror: "air-gap bundles and catalogs",
  dev: "development and testing only",
};

export const SIGNING_KEY_STATUSES = ["active", "retired", "revoked"] as const;
export type SigningKeyStatus = (typeof SIGNING_KEY_STATUSES)[number];

export const backendLabels: Record<BackendKind, string> = {
  software: "Software keystore",
  pkcs11: "PKCS#11 HSM",
  "aws-kms": "AWS KMS",
  "gcp-kms": "Google Cloud KMS",
  "vault-transit": "Vault transit",
};

export function isSigningKeyPurpose(value: string): value is SigningKeyPurpose {
  return (SIGNING_KEY_PURPOSES as readonly string[]).includes(value);
}

export function isSigningKeyStatus(value: string): value is SigningKeyStatus {
  return (SIGNING_KEY_STATUSES as readonly string[]).includes(value);
}
