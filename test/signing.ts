// Signing helpers for tests: a software backend with a throwaway key-encryption key installed as this process's
// software backend, and bare signers over fresh P-256 keys.
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { installSigningBackend } from "@/server/signing/backends";
import { createSoftwareBackend, type SoftwareBackend } from "@/server/signing/backends/software";
import { keyIdOf, toSpkiPem } from "@/server/signing/key-id";
import { SIGNING_ALGORITHM, type Signer } from "@/server/signing/signer";

export function installTestSoftwareBackend(options: { keyDir?: string } = {}): {
  backend: SoftwareBackend;
  kek: Buffer;
  restore: () => void;
} {
  const kek = randomBytes(32);
  const backend = createSoftwareBackend({ kek, keyDir: options.keyDir ?? null });
  const restore = installSigningBackend(backend);
  return { backend, kek, restore };
}

/** A signer over a fresh in-memory key, with its private key for tests that need to misuse it. */
export function testSigner() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const signer: Signer = {
    keyId: keyIdOf(publicKey),
    algorithm: SIGNING_ALGORITHM,
    publicKeyPem: toSpkiPem(publicKey),
    backend: "software",
    sign: async (data) => sign("sha256", data, privateKey),
  };
  return { signer, privateKey, publicKey };
}
