// The Cloud KMS backend through the real @google-cloud/kms (HTTP/JSON transport), against a fake Cloud KMS on
// 127.0.0.1 that verifies the service account's JWT and each request (test/fakes/gcp-kms-fake.ts). Verified
// against the published API shape, not the live service.
import { createHash, verify } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { header } from "@/test/fakes/fake-http-server";
import { type GcpKmsFake, newGcpServiceAccount, startGcpKmsFake } from "@/test/fakes/gcp-kms-fake";
import { describeSigningBackendConformance } from "@/test/signing-backend-conformance";
import { SigningBackendError } from "./backend-error";
import { crc32c } from "./crc32c";
import { createGcpKmsBackend, type GcpKmsBackendConfig, googleStatusOf } from "./gcp-kms";

const PROJECT = "portal-test";
const LOCATION = "europe-west3";
const KEY_RING = "release-keys";
const account = newGcpServiceAccount(PROJECT);

let fake: GcpKmsFake;
let dir: string;
let keyFile: string;
beforeAll(async () => {
  fake = await startGcpKmsFake({
    serviceAccount: account,
    keyRings: [`projects/${PROJECT}/locations/${LOCATION}/keyRings/${KEY_RING}`],
    pendingReads: 2,
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-gcp-"));
  keyFile = path.join(dir, "service-account.json");
  fs.writeFileSync(keyFile, JSON.stringify(account.json));
});
afterAll(async () => {
  await fake?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const backend = (overrides: Partial<GcpKmsBackendConfig> = {}) =>
  createGcpKmsBackend({
    project: PROJECT,
    location: LOCATION,
    keyRing: KEY_RING,
    apiEndpoint: fake.url,
    credentialsFile: keyFile,
    protectionLevel: "HSM",
    pollIntervalMs: 5,
    ...overrides,
  });

describeSigningBackendConformance("gcp-kms", () => backend());

describe("what the SDK sends to Cloud KMS", () => {
  it("creates an ASYMMETRIC_SIGN EC_SIGN_P256_SHA256 key in the configured key ring and waits for it", async () => {
    const before = fake.requests.length;
    const created = await backend().createKey({ label: "Release signing 2026" });
    const sent = fake.requests.slice(before);
    const create = sent[0];
    expect(create?.method).toBe("POST");
    expect(create?.path).toBe(
      `/v1/projects/${PROJECT}/locations/${LOCATION}/keyRings/${KEY_RING}/cryptoKeys`,
    );
    expect(create?.query.get("cryptoKeyId")).toMatch(/^release-signing-2026-[0-9a-f]{16}$/);
    expect(JSON.parse(create?.body.toString() ?? "{}")).toEqual({
      purpose: 5, // ASYMMETRIC_SIGN, numeric enums as the REST transport sends them
      versionTemplate: { algorithm: 12, protectionLevel: 2 }, // EC_SIGN_P256_SHA256, HSM
      labels: { "portal-label": "release-signing-2026" },
    });
    // the new version was read twice while PENDING_GENERATION, once ENABLED, then its public key
    const { versionName } = JSON.parse(created.ref) as { versionName: string };
    expect(versionName).toMatch(/\/cryptoKeyVersions\/1$/);
    expect(sent.map((request) => `${request.method} ${request.path}`).slice(1)).toEqual([
      `GET /v1/${versionName}`,
      `GET /v1/${versionName}`,
      `GET /v1/${versionName}`,
      `GET /v1/${versionName}/publicKey`,
    ]);
  });

  it("asymmetricSign sends digest.sha256 and its CRC32C with a Bearer JWT of the service account", async () => {
    const kms = backend();
    const { ref } = await kms.createKey({ label: "digest" });
    const signer = await kms.openSigner(ref);
    const data = Buffer.from("only the digest travels");
    const before = fake.requests.length;
    const signature = await signer.sign(data);
    const request = fake.requests.slice(before).find((r) => r.path.endsWith(":asymmetricSign"));
    if (!request) throw new Error("no asymmetricSign request reached the fake");
    const { versionName } = JSON.parse(ref) as { versionName: string };
    expect(request.method).toBe("POST");
    expect(request.path).toBe(`/v1/${versionName}:asymmetricSign`);
    const token = /^Bearer (.+)$/.exec(header(request, "authorization") ?? "")?.[1] ?? "";
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
      iss: string;
    };
    expect(claims.iss).toBe(account.json.client_email);
    const body = JSON.parse(request.body.toString()) as { digest: { sha256: string }; digestCrc32c: string };
    const digest = createHash("sha256").update(data).digest();
    expect(Buffer.from(body.digest.sha256, "base64")).toEqual(digest);
    expect(body.digestCrc32c).toBe(String(crc32c(digest)));
    expect(Object.keys(body).sort()).toEqual(["digest", "digestCrc32c"]);
    expect(verify("sha256", data, signer.publicKeyPem, signature)).toBe(true);
  });

  it("the fake refuses a malformed asymmetricSign (a 20-byte digest) with Google's error shape", async () => {
    const { KeyManagementServiceClient } = await import("@google-cloud/kms");
    const url = new URL(fake.url);
    const client = new KeyManagementServiceClient({
      fallback: true,
      apiEndpoint: url.hostname,
      port: Number(url.port),
      protocol: "http",
      credentials: account.json,
    });
    const { versionName } = JSON.parse((await backend().createKey({ label: "malformed" })).ref) as {
      versionName: string;
    };
    const error = await client
      .asymmetricSign({ name: versionName, digest: { sha256: Buffer.alloc(20) } })
      .catch((caught: unknown) => caught);
    expect(googleStatusOf(error)).toEqual({
      status: "INVALID_ARGUMENT",
      message: "Digest must be 32 bytes for SHA-256, got 20.",
    });
  });

  it("authenticates with parsed credentials as well as with a key file", async () => {
    const created = await backend({ credentialsFile: undefined, credentials: account.json }).createKey({
      label: "inline",
    });
    expect(created.publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
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

  it("credentials of another service account are refused as unauthenticated", async () => {
    const stranger = newGcpServiceAccount(PROJECT);
    const error = await failure(() =>
      backend({ credentialsFile: undefined, credentials: stranger.json }).createKey({ label: "x" }),
    );
    expect(error.reason).toBe("authentication");
    expect(error.message).toMatch(
      /^gcp-kms: createCryptoKey \(projects\/.*\) failed: UNAUTHENTICATED: .*invalid authentication credentials/,
    );
  });

  it("a key ring that does not exist is named", async () => {
    const error = await failure(() => backend({ keyRing: "no-such-ring" }).createKey({ label: "x" }));
    expect(error.reason).toBe("not-found");
    expect(error.message).toMatch(
      /NOT_FOUND: .*KeyRing projects\/portal-test\/locations\/europe-west3\/keyRings\/no-such-ring not found/,
    );
  });

  it("a version that does not exist is named", async () => {
    const versionName = `projects/${PROJECT}/locations/${LOCATION}/keyRings/${KEY_RING}/cryptoKeys/nope/cryptoKeyVersions/1`;
    const error = await failure(() => backend().openSigner(JSON.stringify({ versionName })));
    expect(error.reason).toBe("not-found");
    expect(error.message).toContain(`getPublicKey (${versionName}) failed: NOT_FOUND`);
  });

  it("a signature whose CRC32C does not match is refused as corrupted in transit", async () => {
    const kms = backend();
    const signer = await kms.openSigner((await kms.createKey({ label: "crc" })).ref);
    fake.state.corruptSignatureCrcOnce = true;
    const error = await failure(() => signer.sign(Buffer.from("x")));
    expect(error.reason).toBe("integrity");
    expect(error.message).toMatch(/signature from .* was corrupted in transit \(CRC32C mismatch\)/);
  });

  it("an answer that did not verify the digest's CRC32C is refused", async () => {
    const kms = backend();
    const signer = await kms.openSigner((await kms.createKey({ label: "unverified" })).ref);
    fake.state.unverifiedDigestCrcOnce = true;
    const error = await failure(() => signer.sign(Buffer.from("x")));
    expect(error.reason).toBe("integrity");
    expect(error.message).toMatch(/digest sent to .* was corrupted in transit/);
  });

  it("a version still PENDING_GENERATION past the timeout is reported, not waited on forever", async () => {
    const slow = await startGcpKmsFake({
      serviceAccount: account,
      keyRings: [`projects/${PROJECT}/locations/${LOCATION}/keyRings/${KEY_RING}`],
      pendingReads: 1_000,
    });
    try {
      const error = await failure(() =>
        backend({ apiEndpoint: slow.url, generationTimeoutMs: 30 }).createKey({ label: "slow" }),
      );
      expect(error.message).toMatch(/still PENDING_GENERATION; try again later/);
    } finally {
      await slow.close();
    }
  });
});
