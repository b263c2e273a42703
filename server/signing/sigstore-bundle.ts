// An envelope as a Sigstore bundle (v0.3, public-key hint, no transparency-log entry): the form that sigstore
// tooling (cosign `verify-blob-attestation --bundle --key`, sigstore-js `Verifier` with the key as trust material)
// takes for keyful, offline signatures. A bundle holds one signature, so a multi-signature envelope gives one
// bundle per signature.
import type { DsseEnvelope } from "./dsse";

export const SIGSTORE_BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

export type SigstoreBundleJson = {
  mediaType: typeof SIGSTORE_BUNDLE_V03;
  verificationMaterial: {
    publicKey: { hint: string };
    tlogEntries: [];
    timestampVerificationData: { rfc3161Timestamps: [] };
  };
  dsseEnvelope: DsseEnvelope;
};

export function toSigstoreBundle(envelope: DsseEnvelope, keyId: string): SigstoreBundleJson {
  const signature = envelope.signatures.find((entry) => entry.keyid === keyId);
  if (!signature) throw new Error(`the envelope has no signature by ${keyId}`);
  return {
    mediaType: SIGSTORE_BUNDLE_V03,
    verificationMaterial: {
      publicKey: { hint: keyId },
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: { payloadType: envelope.payloadType, payload: envelope.payload, signatures: [signature] },
  };
}
