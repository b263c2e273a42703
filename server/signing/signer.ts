// The Signer port: the only way domain code signs. A key lives in one backend (software keystore, PKCS#11
// token, cloud KMS, Vault transit); callers see its key id, algorithm and public key, and ask it to sign bytes.
// Whatever the backend returns (DER, raw r||s, "vault:v1:..."), `sign` always yields a DER ECDSA signature,
// because DSSE verifiers (openssl, sigstore, securesystemslib) accept nothing else.

export const SIGNING_ALGORITHM = "ecdsa-p256-sha256" as const;
export type SigningAlgorithm = typeof SIGNING_ALGORITHM;

export const BACKEND_KINDS = ["software", "pkcs11", "aws-kms", "gcp-kms", "vault-transit"] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

export type Signer = {
  /** `sha256:` + hex SHA-256 of the SPKI DER (see key-id.ts) */
  readonly keyId: string;
  readonly algorithm: SigningAlgorithm;
  /** SubjectPublicKeyInfo, PEM */
  readonly publicKeyPem: string;
  readonly backend: BackendKind;
  /** ECDSA P-256 over SHA-256(data); the result is DER (SEQUENCE of two INTEGERs) */
  sign(data: Uint8Array): Promise<Uint8Array>;
};

/**
 * What a backend hands back when it creates a key. `ref` is the backend's own, opaque locator (a JSON string:
 * token label + CKA_ID, a KMS key ARN/version name, a Vault key name + version, or the encrypted private key of the
 * software keystore); the key registry stores it and gives it back to `openSigner`. It never holds a plaintext
 * private key.
 */
export type CreatedKey = {
  ref: string;
  publicKeyPem: string;
};

/** One backend: creates P-256 keys inside itself and opens signers for keys it created. */
export type SigningBackend = {
  readonly kind: BackendKind;
  createKey(input: { label: string }): Promise<CreatedKey>;
  openSigner(ref: string): Promise<Signer>;
};
