import { spawnSync } from "node:child_process";
import { randomBytes, verify } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isDerEcdsaSignature } from "../ecdsa-der";
import { keyIdOf } from "../key-id";
import { backendFor, installSigningBackend } from ".";
import { decodeKek, kekOf } from "./kek";
import { createSoftwareBackend } from "./software";

const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "software-keys-"));
afterAll(() => fs.rmSync(keyDir, { recursive: true, force: true }));

function openssl(args: string[]) {
  const result = spawnSync("openssl", args, { cwd: keyDir });
  if (result.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${result.stderr}`);
}

describe("software backend", () => {
  const kek = randomBytes(32);
  const backend = createSoftwareBackend({ kek, keyDir });

  it("creates P-256 keys that sign DER over SHA-256, and stores only the sealed private key", async () => {
    const created = await backend.createKey({ label: "test" });
    const ref = JSON.parse(created.ref);
    expect(ref).toMatchObject({
      v: 1,
      store: "database",
      kek: kekOf(kek).id,
      keyId: keyIdOf(created.publicKeyPem),
    });
    expect(Buffer.from(ref.iv, "base64")).toHaveLength(12);
    expect(Buffer.from(ref.tag, "base64")).toHaveLength(16);
    expect(created.ref).not.toMatch(/PRIVATE/);

    const signer = await backend.openSigner(created.ref);
    expect(signer).toMatchObject({ backend: "software", algorithm: "ecdsa-p256-sha256", keyId: ref.keyId });
    const data = Buffer.from("hello");
    const signature = await signer.sign(data);
    expect(isDerEcdsaSignature(signature)).toBe(true);
    expect(verify("sha256", data, created.publicKeyPem, signature)).toBe(true);
  });

  it("keeps opened keys: the same signer comes back without decrypting again", async () => {
    const created = await backend.createKey({ label: "cached" });
    expect(await backend.openSigner(created.ref)).toBe(await backend.openSigner(created.ref));
  });

  it("says which key-encryption key is needed when another is configured", async () => {
    const created = await backend.createKey({ label: "x" });
    const other = createSoftwareBackend({ kek: randomBytes(32) });
    await expect(other.openSigner(created.ref)).rejects.toThrow(
      new RegExp(`encrypted under ${kekOf(kek).id}, but the configured key-encryption key is kek:`),
    );
    const none = createSoftwareBackend({ kek: null });
    await expect(none.openSigner(created.ref)).rejects.toThrow(/no key-encryption key is configured/);
    await expect(none.createKey({ label: "x" })).rejects.toThrow(/set SIGNING_KEK or SIGNING_KEK_FILE/);
  });

  it("refuses an altered ciphertext, or one moved to another key's reference", async () => {
    const a = JSON.parse((await backend.createKey({ label: "a" })).ref);
    const b = JSON.parse((await backend.createKey({ label: "b" })).ref);
    const flipped = Buffer.from(a.ciphertext, "base64");
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    const fresh = createSoftwareBackend({ kek });
    await expect(
      fresh.openSigner(JSON.stringify({ ...a, ciphertext: flipped.toString("base64") })),
    ).rejects.toThrow(/cannot be decrypted: its stored ciphertext was altered/);
    await expect(fresh.openSigner(JSON.stringify({ ...a, keyId: b.keyId }))).rejects.toThrow(
      /cannot be decrypted/,
    );
    await expect(fresh.openSigner("{not json")).rejects.toThrow(/not a software keystore reference/);
  });

  it("loads PEM key files from the key directory (PKCS#8, SEC1, encrypted), and only P-256 ones", async () => {
    openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem"]);
    openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "pkcs8.pem"]);
    openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384.pem"]);
    openssl([
      "genpkey",
      "-algorithm",
      "EC",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-aes256",
      "-pass",
      "pass:open sesame",
      "-out",
      "locked.pem",
    ]);
    openssl(["pkey", "-in", "pkcs8.pem", "-pubout", "-out", "pkcs8.pub"]);

    const imported = await backend.importKeyFile("pkcs8.pem");
    expect(JSON.parse(imported.ref)).toEqual({
      v: 1,
      store: "file",
      keyId: keyIdOf(imported.publicKeyPem),
      file: "pkcs8.pem",
    });
    expect(keyIdOf(imported.publicKeyPem)).toBe(
      keyIdOf(fs.readFileSync(path.join(keyDir, "pkcs8.pub"), "utf8")),
    );
    const signer = await backend.openSigner(imported.ref);
    expect(
      verify("sha256", Buffer.from("x"), imported.publicKeyPem, await signer.sign(Buffer.from("x"))),
    ).toBe(true);

    await expect(backend.importKeyFile("sec1.pem")).resolves.toMatchObject({
      publicKeyPem: expect.stringMatching(/PUBLIC KEY/),
    });
    await expect(backend.importKeyFile("p384.pem")).rejects.toThrow(/not an ECDSA P-256 private key/);
    await expect(backend.importKeyFile("locked.pem")).rejects.toThrow(/SIGNING_KEY_FILE_PASSPHRASE/);
    const withPassphrase = createSoftwareBackend({ kek: null, keyDir, keyFilePassphrase: "open sesame" });
    await expect(withPassphrase.importKeyFile("locked.pem")).resolves.toBeDefined();
    await expect(backend.importKeyFile("../etc/passwd")).rejects.toThrow(
      /file name inside the key directory/,
    );
    await expect(backend.importKeyFile("missing.pem")).rejects.toThrow(/cannot be read/);
    await expect(createSoftwareBackend({ kek }).importKeyFile("pkcs8.pem")).rejects.toThrow(
      /SIGNING_KEY_DIR/,
    );
  });

  it("notices a key file replaced by another key", async () => {
    openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "swap.pem"]);
    const imported = await backend.importKeyFile("swap.pem");
    openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "swap.pem"]);
    await expect(createSoftwareBackend({ kek, keyDir }).openSigner(imported.ref)).rejects.toThrow(
      /names sha256:.*, but the key it opens is sha256:/,
    );
  });
});

describe("decodeKek", () => {
  it("takes 32 bytes as base64, base64url or hex, and nothing else", () => {
    const key = randomBytes(32);
    expect(decodeKek(key.toString("base64"))?.equals(key)).toBe(true);
    expect(decodeKek(key.toString("base64url"))?.equals(key)).toBe(true);
    expect(decodeKek(`${key.toString("hex")}\n`)?.equals(key)).toBe(true);
    expect(decodeKek(randomBytes(16).toString("base64"))).toBeNull();
    expect(decodeKek("correct horse battery staple")).toBeNull();
  });
});

describe("backendFor", () => {
  it("names unknown and unavailable backends clearly", () => {
    expect(() => backendFor("hsm9000")).toThrow(/unknown signing backend "hsm9000"; known: software, pkcs11/);
    // not configured here: the error names the settings to set
    expect(() => backendFor("vault-transit")).toThrow(/^vault-transit: set VAULT_ADDR$/);
    expect(() => backendFor("pkcs11")).toThrow(/^pkcs11: set PKCS11_MODULE and PKCS11_TOKEN_LABEL$/);
  });
  it("lets a process install its own backend of a kind", () => {
    const mine = createSoftwareBackend({ kek: randomBytes(32) });
    const restore = installSigningBackend(mine);
    expect(backendFor("software")).toBe(mine);
    restore();
    expect(backendFor("software")).not.toBe(mine);
  });
});
