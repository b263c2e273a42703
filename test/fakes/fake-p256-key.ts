// Real P-256 keys for the provider fakes, which sign a digest they are given (KMS "DIGEST" mode, Vault
// "prehashed"): node:crypto cannot sign a precomputed digest, @noble/curves can.
import { generateKeyPairSync } from "node:crypto";
import { p256 } from "@noble/curves/nist";

export type FakeP256Key = {
  spkiDer: Buffer;
  publicKeyPem: string;
  /** DER ECDSA signature over a 32-byte SHA-256 digest */
  signDigest(digest: Uint8Array): Buffer;
};

export function newFakeP256Key(): FakeP256Key {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const d = Buffer.from(privateKey.export({ format: "jwk" }).d ?? "", "base64url");
  return {
    spkiDer: publicKey.export({ type: "spki", format: "der" }),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    signDigest(digest) {
      if (digest.length !== 32) throw new Error(`digest must be 32 bytes, got ${digest.length}`);
      return Buffer.from(p256.sign(digest, d).toDERRawBytes());
    },
  };
}
