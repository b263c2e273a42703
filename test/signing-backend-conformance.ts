// What every SigningBackend must do, written once and run against each one (software, PKCS#11 on SoftHSM, the
// cloud KMS and Vault adapters against their fakes). Checks use independent verifiers: node:crypto and openssl.
import { createHash, createPublicKey, verify } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { isDerEcdsaSignature } from "@/server/signing/ecdsa-der";
import { keyIdOf } from "@/server/signing/key-id";
import { SIGNING_ALGORITHM, type Signer, type SigningBackend } from "@/server/signing/signer";
import { opensslVerify } from "./openssl";

/**
 * `makeBackend` is called once before the tests, and once more to show that a stored ref reopens its key from a
 * fresh backend instance (what happens after a restart). Fixtures it needs (a token, a fake server) are set up
 * by the caller's beforeAll, which runs first, and torn down by its afterAll.
 */
export function describeSigningBackendConformance(
  name: string,
  makeBackend: () => SigningBackend | Promise<SigningBackend>,
): void {
  describe(`${name}: SigningBackend conformance`, () => {
    let backend: SigningBackend;
    let first: { ref: string; publicKeyPem: string };
    let signer: Signer;

    beforeAll(async () => {
      backend = await makeBackend();
      first = await backend.createKey({ label: `conformance-${name}` });
      signer = await backend.openSigner(first.ref);
    });

    it("creates a P-256 key whose key id is sha256: + hex SHA-256 of its SPKI DER", () => {
      const key = createPublicKey(first.publicKeyPem);
      expect(key.asymmetricKeyType).toBe("ec");
      expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
      const der = key.export({ type: "spki", format: "der" });
      expect(signer.keyId).toBe(`sha256:${createHash("sha256").update(der).digest("hex")}`);
      expect(signer.keyId).toBe(keyIdOf(first.publicKeyPem));
      expect(createPublicKey(signer.publicKeyPem).equals(key)).toBe(true);
      expect(signer.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
      expect(signer.algorithm).toBe(SIGNING_ALGORITHM);
      expect(signer.backend).toBe(backend.kind);
    });

    it("signs with DER that node:crypto and openssl verify over the data", async () => {
      const data = Buffer.from(`release v1.2.3 of ${name}`);
      const signature = await signer.sign(data);
      expect(isDerEcdsaSignature(signature)).toBe(true);
      expect(verify("sha256", data, signer.publicKeyPem, signature)).toBe(true);
      const openssl = opensslVerify({ publicKeyPem: signer.publicKeyPem, data, signature });
      expect(openssl.output).toMatch(/Verified OK/);
      expect(openssl.ok).toBe(true);
    });

    it("signs empty and large inputs", async () => {
      for (const data of [Buffer.alloc(0), Buffer.alloc(1 << 20, 7)]) {
        const signature = await signer.sign(data);
        expect(verify("sha256", data, signer.publicKeyPem, signature)).toBe(true);
      }
    });

    it("a signature does not verify over tampered data, nor when tampered itself", async () => {
      const data = Buffer.from("promote 1.2.3 to PROD");
      const signature = Buffer.from(await signer.sign(data));
      const tampered = Buffer.from("promote 1.2.4 to PROD");
      expect(verify("sha256", tampered, signer.publicKeyPem, signature)).toBe(false);
      expect(opensslVerify({ publicKeyPem: signer.publicKeyPem, data: tampered, signature }).ok).toBe(false);
      const flipped = Buffer.from(signature);
      flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 0x01;
      expect(verify("sha256", data, signer.publicKeyPem, flipped)).toBe(false);
      expect(opensslVerify({ publicKeyPem: signer.publicKeyPem, data, signature: flipped }).ok).toBe(false);
    });

    it("two keys differ, and one key's signature does not verify with the other", async () => {
      const second = await backend.createKey({ label: `conformance-${name}-2` });
      const other = await backend.openSigner(second.ref);
      expect(second.ref).not.toBe(first.ref);
      expect(other.keyId).not.toBe(signer.keyId);
      const data = Buffer.from("same bytes, two keys");
      const signature = await other.sign(data);
      expect(verify("sha256", data, other.publicKeyPem, signature)).toBe(true);
      expect(verify("sha256", data, signer.publicKeyPem, signature)).toBe(false);
    });

    it("concurrent signs all verify, each over its own data", async () => {
      const inputs = Array.from({ length: 48 }, (_, index) => Buffer.from(`concurrent message ${index}`));
      const signatures = await Promise.all(inputs.map((data) => signer.sign(data)));
      inputs.forEach((data, index) => {
        const signature = signatures[index];
        if (!signature) throw new Error(`no signature for message ${index}`);
        expect(verify("sha256", data, signer.publicKeyPem, signature)).toBe(true);
      });
    });

    it("a stored ref reopens the same key from a fresh backend instance", async () => {
      const reopened = await (await makeBackend()).openSigner(first.ref);
      expect(reopened.keyId).toBe(signer.keyId);
      const data = Buffer.from("after a restart");
      expect(verify("sha256", data, signer.publicKeyPem, await reopened.sign(data))).toBe(true);
    });

    it("refuses a ref that is not its own with a clear error", async () => {
      await expect(backend.openSigner("not json")).rejects.toThrow(/ref/);
      await expect(backend.openSigner(JSON.stringify({ something: "else" }))).rejects.toThrow(/ref/);
    });
  });
}
