// The Vault transit backend (fetch over Vault's HTTP API) against a fake Vault on 127.0.0.1 that checks headers,
// paths and bodies (test/fakes/vault-fake.ts). Verified against the published API shape, not a live Vault.
import { createHash, verify } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { header } from "@/test/fakes/fake-http-server";
import { startVaultFake, type VaultFake } from "@/test/fakes/vault-fake";
import { describeSigningBackendConformance } from "@/test/signing-backend-conformance";
import { keyIdOf } from "../key-id";
import { SigningBackendError } from "./backend-error";
import {
  createVaultTransitBackend,
  parseVaultSignature,
  type VaultTransitBackendConfig,
} from "./vault-transit";

const TOKEN = "hvs.portal-test-token";
const NAMESPACE = "ops/release";

let fake: VaultFake;
beforeAll(async () => {
  fake = await startVaultFake({ token: TOKEN, namespace: NAMESPACE });
});
afterAll(async () => {
  await fake?.close();
});

const backend = (overrides: Partial<VaultTransitBackendConfig> = {}) =>
  createVaultTransitBackend({ address: fake.url, token: TOKEN, namespace: NAMESPACE, ...overrides });

describeSigningBackendConformance("vault-transit", () => backend());

describe("what the client sends to Vault", () => {
  it("creates an ecdsa-p256 key and pins its latest version in the ref", async () => {
    const before = fake.requests.length;
    const created = await backend().createKey({ label: "Audit checkpoints" });
    const ref = JSON.parse(created.ref) as { mount: string; name: string; version: number };
    expect(ref).toEqual({
      mount: "transit",
      name: expect.stringMatching(/^audit-checkpoints-[0-9a-f]{16}$/),
      version: 1,
    });
    const [create, read] = fake.requests.slice(before);
    expect(`${create?.method} ${create?.path}`).toBe(`POST /v1/transit/keys/${ref.name}`);
    expect(JSON.parse(create?.body.toString() ?? "")).toEqual({ type: "ecdsa-p256", exportable: false });
    expect(`${read?.method} ${read?.path}`).toBe(`GET /v1/transit/keys/${ref.name}`);
    for (const request of [create, read]) {
      if (!request) throw new Error("a request is missing");
      expect(header(request, "x-vault-token")).toBe(TOKEN);
      expect(header(request, "x-vault-namespace")).toBe(NAMESPACE);
    }
  });

  it("signs the prehashed SHA-256 digest with the pinned version, asking for ASN.1 (DER)", async () => {
    const vault = backend();
    const { ref } = await vault.createKey({ label: "digest" });
    const signer = await vault.openSigner(ref);
    const data = Buffer.from("Vault sees the digest only");
    const signature = await signer.sign(data);
    const sent = fake.signRequests.at(-1);
    const { name } = JSON.parse(ref) as { name: string };
    expect(sent?.path).toBe(`/v1/transit/sign/${name}/sha2-256`);
    expect(sent?.body).toEqual({
      input: createHash("sha256").update(data).digest("base64"),
      prehashed: true,
      marshaling_algorithm: "asn1",
      key_version: 1,
    });
    expect(verify("sha256", data, signer.publicKeyPem, signature)).toBe(true);
  });

  it("rotation makes a new version with its own key id; the old ref keeps signing with its version", async () => {
    const vault = backend();
    const v1 = await vault.createKey({ label: "rotating" });
    const v2 = await vault.rotateKey(v1.ref);
    expect(JSON.parse(v2.ref)).toEqual({ ...JSON.parse(v1.ref), version: 2 });
    expect(keyIdOf(v2.publicKeyPem)).not.toBe(keyIdOf(v1.publicKeyPem));

    const oldSigner = await vault.openSigner(v1.ref);
    const newSigner = await vault.openSigner(v2.ref);
    expect(oldSigner.keyId).toBe(keyIdOf(v1.publicKeyPem));
    expect(newSigner.keyId).toBe(keyIdOf(v2.publicKeyPem));
    const data = Buffer.from("signed on both sides of a rotation");
    const byOld = await oldSigner.sign(data);
    expect(fake.signRequests.at(-1)?.body.key_version).toBe(1);
    const byNew = await newSigner.sign(data);
    expect(fake.signRequests.at(-1)?.body.key_version).toBe(2);
    expect(verify("sha256", data, v1.publicKeyPem, byOld)).toBe(true);
    expect(verify("sha256", data, v2.publicKeyPem, byNew)).toBe(true);
    expect(verify("sha256", data, v1.publicKeyPem, byNew)).toBe(false);
  });

  it("reads the token file for every request, so a renewed token (Vault Agent sink) is picked up", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-vault-"));
    const tokenFile = path.join(dir, "token");
    try {
      fs.writeFileSync(tokenFile, `${TOKEN}\n`);
      const vault = backend({ token: undefined, tokenFile });
      const signer = await vault.openSigner((await vault.createKey({ label: "agent" })).ref);
      fake.state.token = "hvs.renewed";
      fs.writeFileSync(tokenFile, "hvs.renewed\n");
      const data = Buffer.from("after renewal");
      expect(verify("sha256", data, signer.publicKeyPem, await signer.sign(data))).toBe(true);
      const last = fake.requests.at(-1);
      expect(last && header(last, "x-vault-token")).toBe("hvs.renewed");
    } finally {
      fake.state.token = TOKEN;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the fake refuses a malformed sign request (a 20-byte prehashed input) with Vault's error shape", async () => {
    const { ref } = await backend().createKey({ label: "malformed" });
    const { name } = JSON.parse(ref) as { name: string };
    const response = await fetch(`${fake.url}/v1/transit/sign/${name}/sha2-256`, {
      method: "POST",
      headers: { "X-Vault-Token": TOKEN, "X-Vault-Namespace": NAMESPACE },
      body: JSON.stringify({
        input: Buffer.alloc(20).toString("base64"),
        prehashed: true,
        marshaling_algorithm: "asn1",
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: ["prehashed input must be 32 bytes for sha2-256, got 20"],
    });
  });

  it("parses vault:v<N>:<base64> strictly", () => {
    expect(parseVaultSignature("vault:v12:AAEC")).toEqual({ version: 12, signature: Buffer.from([0, 1, 2]) });
    for (const bad of [
      "vault:v0:AAEC",
      "vault:1:AAEC",
      "vault:v1:",
      "v1:AAEC",
      "vault:v1:AA EC",
      "vault:v1:AAEC:x",
    ]) {
      expect(() => parseVaultSignature(bad)).toThrow(/not vault:v<N>:<base64>/);
    }
  });
});

describe("clear errors", () => {
  const failure = async (work: () => Promise<unknown>) => {
    const error = await work().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SigningBackendError);
    return error as SigningBackendError;
  };

  it("a wrong token is refused with Vault's message", async () => {
    const error = await failure(() => backend({ token: "hvs.wrong" }).createKey({ label: "x" }));
    expect(error.reason).toBe("authentication");
    expect(error.message).toMatch(
      /^vault-transit: POST \/v1\/transit\/keys\/x-[0-9a-f]+ failed: HTTP 403: permission denied$/,
    );
  });

  it("a missing namespace header is refused as well", async () => {
    const error = await failure(() => backend({ namespace: undefined }).createKey({ label: "x" }));
    expect(error.reason).toBe("authentication");
  });

  it("a key that does not exist is named", async () => {
    const ref = JSON.stringify({ mount: "transit", name: "nope", version: 1 });
    const error = await failure(() => backend().openSigner(ref));
    expect(error.reason).toBe("not-found");
    expect(error.message).toBe("vault-transit: GET /v1/transit/keys/nope failed: HTTP 404: Not Found");
  });

  it("a version that does not exist is named with the latest one", async () => {
    const vault = backend();
    const { ref } = await vault.createKey({ label: "v" });
    const error = await failure(() => vault.openSigner(JSON.stringify({ ...JSON.parse(ref), version: 7 })));
    expect(error.reason).toBe("not-found");
    expect(error.message).toMatch(/has no version 7 \(latest is 1;/);
  });

  it("a mount that is not there is reported with Vault's routing error", async () => {
    const error = await failure(() => backend({ mount: "signing" }).createKey({ label: "x" }));
    expect(error.message).toMatch(
      /HTTP 404: no handler for route "signing\/keys\/.*". route entry not found\./,
    );
  });

  it("a sealed Vault says so", async () => {
    const vault = backend();
    const signer = await vault.openSigner((await vault.createKey({ label: "sealed" })).ref);
    fake.state.sealed = true;
    try {
      const error = await failure(() => signer.sign(Buffer.from("x")));
      expect(error.reason).toBe("provider");
      expect(error.message).toMatch(/HTTP 503: Vault is sealed$/);
    } finally {
      fake.state.sealed = false;
    }
  });

  it("a signature made with another version than the pinned one is refused", async () => {
    const vault = backend();
    const v1 = await vault.createKey({ label: "pinned" });
    await vault.rotateKey(v1.ref);
    const signer = await vault.openSigner(v1.ref);
    fake.state.ignoreKeyVersionOnce = true;
    const error = await failure(() => signer.sign(Buffer.from("x")));
    expect(error.reason).toBe("integrity");
    expect(error.message).toMatch(/asked .* to sign with version 1, Vault signed with version 2/);
  });

  it("an unreachable Vault is named by address", async () => {
    const closed = await startVaultFake({ token: TOKEN });
    await closed.close();
    const error = await failure(() => backend({ address: closed.url }).createKey({ label: "x" }));
    expect(error.reason).toBe("provider");
    expect(error.message).toBe(`vault-transit: cannot reach Vault at ${closed.url} (ECONNREFUSED)`);
  });
});
