// A Signer over a remote service (cloud KMS, Vault) that signs a SHA-256 digest computed here. The data never
// leaves the process, only its digest. Every signature that comes back is checked before it is handed on: it
// must be DER and verify against the key's public key, so a misrouted key or version, a truncated response or a
// provider-side bug fails loudly here instead of producing an envelope no verifier accepts.
import { createHash, verify } from "node:crypto";
import { isDerEcdsaSignature } from "../ecdsa-der";
import { keyIdOf, toSpkiPem } from "../key-id";
import { type BackendKind, SIGNING_ALGORITHM, type Signer } from "../signer";
import { SigningBackendError } from "./backend-error";
import { requireP256 } from "./p256-public-key";

export function remoteSigner(options: {
  backend: BackendKind;
  publicKeyPem: string;
  /** names the key in error messages (ARN, resource name, Vault key and version) */
  keyName: string;
  signDigest(digest: Buffer): Promise<Uint8Array>;
}): Signer {
  const { backend, keyName } = options;
  const publicKey = requireP256(backend, options.publicKeyPem, `public key of ${keyName}`);
  return {
    keyId: keyIdOf(publicKey),
    algorithm: SIGNING_ALGORITHM,
    publicKeyPem: toSpkiPem(publicKey),
    backend,
    async sign(data: Uint8Array): Promise<Uint8Array> {
      const digest = createHash("sha256").update(data).digest();
      const signature = await options.signDigest(digest);
      if (!isDerEcdsaSignature(signature)) {
        throw new SigningBackendError(
          backend,
          "integrity",
          `${keyName} returned a signature that is not DER ECDSA`,
        );
      }
      if (!verify("sha256", data, publicKey, signature)) {
        throw new SigningBackendError(
          backend,
          "integrity",
          `${keyName} returned a signature that does not verify with its public key (wrong key or version?)`,
        );
      }
      return signature;
    },
  };
}
