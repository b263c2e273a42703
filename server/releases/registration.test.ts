// Release registration end to end through the real pieces: a CI token made by the admin service, the REST route
// handler built with apiRoute, the streaming multipart reader, the blob store, the key registry and the bundle
// verifier, on PGlite (and PostgreSQL with TEST_DATABASE_URL). Bundles are made the way CI makes them: sha256sum
// writes SHA256SUMS, openssl signs it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle, opensslKeyPair, signChecksums, tempDir } from "@/test/bundles";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { apiRequest, registrationForm, registrationJson, releaseMeta } from "@/test/releases";
import { installTestSoftwareBackend } from "@/test/signing";
import { createApiToken } from "../api-tokens/create-api-token";
import { createFileBlobStore, installBlobStore } from "../evidence/blob-store";
import { manualClock } from "../lib/clock";
import { createSigningKey } from "../signing/keys/create-signing-key";
import { revokeSigningKey } from "../signing/keys/revoke-signing-key";
import { createCaller } from "../trpc/root";
import { releaseApi } from "./rest-api";
import { verifyRegisteredRelease } from "./verify-registered-release";

const clock = manualClock("2026-12-01T09:00:00.000Z");
const keyDir = tempDir("release-keys-");
const work = tempDir("release-bundles-");
const blobs = tempDir("release-blobs-");
const officer = { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] };
const ci = opensslKeyPair(keyDir, "ci-release");
const attestationKey = opensslKeyPair(keyDir, "attestation");
const outsider = opensslKeyPair(work, "outsider");

let db: TestDatabase;
let restoreBackend: () => void;
let restoreBlobs: () => void;
let token: string;
let readOnlyToken: string;
let releaseKeyId: string;

const limits = { maxBytes: 1024 * 1024 };
const api = () =>
  releaseApi({ prisma: async () => db.prisma, clock, limits: () => limits, webhook: () => undefined });

beforeAll(async () => {
  db = await createTestDatabase();
  restoreBackend = installTestSoftwareBackend({ keyDir }).restore;
  restoreBlobs = installBlobStore(createFileBlobStore(blobs));
  const admin = await createTestUser(db.prisma, { roles: ["ADMIN"], name: "Alma Admin" });
  const actor = { id: admin.id, name: admin.name, roles: admin.roles };
  token = (
    await createApiToken(db.prisma, {
      actor,
      clock,
      input: { name: "release pipeline", scopes: ["release:register", "release:read"], expiresInDays: 30 },
    })
  ).token;
  readOnlyToken = (
    await createApiToken(db.prisma, {
      actor,
      clock,
      input: { name: "dashboard", scopes: ["release:read"], expiresInDays: 30 },
    })
  ).token;
  const key = await db.prisma.$transaction((tx) =>
    createSigningKey(tx, {
      purpose: "release",
      backend: "software",
      keyFile: "ci-release.pem",
      actor: officer,
      clock,
    }),
  );
  releaseKeyId = key.keyId;
  await db.prisma.$transaction((tx) =>
    createSigningKey(tx, {
      purpose: "attestation",
      backend: "software",
      keyFile: "attestation.pem",
      actor: officer,
      clock,
    }),
  );
  clock.advance(60_000);
});
afterAll(async () => {
  restoreBlobs();
  restoreBackend();
  await db.close();
  for (const dir of [keyDir, work, blobs]) fs.rmSync(dir, { recursive: true, force: true });
});

let bundleCount = 0;
function bundle(files: Record<string, string | Buffer>, key?: string): string {
  bundleCount += 1;
  return buildBundle(path.join(work, `bundle-${bundleCount}`), files, key);
}

const files = (version: string) => ({
  [`portal-${version}.tar.gz`]: Buffer.from(`binary of ${version}`.repeat(50)),
  "images/portal.oci.tar": `image layers of ${version}`,
  "CHANGELOG.md": `# ${version}\n`,
});

const register = (
  body: FormData | Record<string, unknown> | string,
  headers?: Record<string, string>,
  as = token,
) => api().register(apiRequest("POST", "/api/v1/releases", as, body, headers));

async function auditSince(seq: bigint) {
  return db.prisma.auditEvent.findMany({
    where: { seq: { gt: seq } },
    orderBy: { seq: "asc" },
    select: { action: true, actorName: true, payload: true, subjectId: true },
  });
}

async function lastSeq(): Promise<bigint> {
  return (
    (await db.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n
  );
}

const counts = async () => ({
  releases: await db.prisma.release.count(),
  artifacts: await db.prisma.releaseArtifact.count(),
  blobs: fs.existsSync(path.join(blobs, "sha256"))
    ? fs.readdirSync(path.join(blobs, "sha256"), { recursive: true }).length
    : 0,
  staging: fs.existsSync(path.join(blobs, "staging"))
    ? fs.readdirSync(path.join(blobs, "staging")).length
    : 0,
});

/** Refused: the answer's status and reason, one release.registration_refused event, and nothing else written. */
async function expectRefused(
  send: () => Promise<Response>,
  status: number,
  reason: RegExp,
): Promise<{
  body: { error: { code: string; message: string; fieldErrors?: Record<string, string[]> } };
  payload: Record<string, unknown>;
}> {
  const before = await counts();
  const seq = await lastSeq();
  const response = await send();
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(`${body.error.message} ${JSON.stringify(body.error.fieldErrors ?? {})}`).toMatch(reason);
  const events = await auditSince(seq);
  expect(events.map((event) => event.action)).toEqual(["release.registration_refused"]);
  expect(events[0]?.actorName).toBe(`api-token:release pipeline (${token.slice(0, 10)}…)`);
  expect(await counts()).toEqual(before);
  return { body, payload: events[0]?.payload as Record<string, unknown> };
}

describe("registration over REST", () => {
  let firstId: string;
  let firstDir: string;

  it("registers a signed bundle sent as files: digests from the bytes, bytes in the blob store, VERIFIED", async () => {
    firstDir = bundle(files("1.0.0"), ci.key);
    const seq = await lastSeq();
    const response = await register(registrationForm(firstDir, releaseMeta("1.0.0")));
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(201);
    const sums = fs.readFileSync(path.join(firstDir, "SHA256SUMS"));
    expect(body).toMatchObject({
      created: true,
      release: {
        product: "portal",
        version: "1.0.0",
        bundleDigest: createHash("sha256").update(sums).digest("hex"),
        verificationStatus: "VERIFIED",
        registeredBy: "release pipeline",
        ciRunId: "run-1.0.0",
        stages: [
          { environment: "DEV", state: "pending" },
          { environment: "STAGING", state: "pending" },
          { environment: "PROD", state: "pending" },
        ],
      },
    });
    expect(body.release.report.signatures).toMatchObject([
      { source: "SHA256SUMS.sig", status: "ok", keyId: releaseKeyId },
    ]);
    expect(
      body.release.report.files.map((file: { name: string; status: string }) => [file.name, file.status]),
    ).toEqual([
      ["CHANGELOG.md", "ok"],
      ["images/portal.oci.tar", "ok"],
      ["portal-1.0.0.tar.gz", "ok"],
    ]);
    firstId = body.release.id;
    const stored = await db.prisma.releaseArtifact.findMany({
      where: { releaseId: firstId },
      orderBy: { path: "asc" },
    });
    for (const artifact of stored) {
      expect(artifact.stored).toBe(true);
      const bytes = fs.readFileSync(path.join(blobs, "sha256", artifact.sha256.slice(0, 2), artifact.sha256));
      expect(bytes.equals(fs.readFileSync(path.join(firstDir, artifact.path)))).toBe(true);
    }
    const events = await auditSince(seq);
    expect(events.map((event) => event.action)).toEqual(["release.registered"]);
    expect(events[0]?.payload).toMatchObject({
      verificationStatus: "VERIFIED",
      artifacts: 3,
      storedArtifacts: 3,
    });
    expect((await counts()).staging).toBe(0);
  });

  it("answers CI's polls by id and by product and version (release:read is enough)", async () => {
    const byId = await api().get(apiRequest("GET", `/api/v1/releases/${firstId}`, readOnlyToken), {
      params: Promise.resolve({ id: firstId }),
    });
    expect(byId.status).toBe(200);
    expect((await byId.json()).verificationStatus).toBe("VERIFIED");
    const listed = await api().list(
      apiRequest("GET", "/api/v1/releases?product=portal&version=1.0.0", readOnlyToken),
    );
    expect((await listed.json()).releases.map((release: { id: string }) => release.id)).toEqual([firstId]);
    const missing = await api().get(apiRequest("GET", "/api/v1/releases/x", readOnlyToken), {
      params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }),
    });
    expect(missing.status).toBe(404);
    const refused = await api().register(apiRequest("POST", "/api/v1/releases", readOnlyToken, {}));
    expect(refused.status).toBe(403);
  });

  it("is idempotent: the same version with the same SHA256SUMS again is a no-op answering 200, even re-signed", async () => {
    const before = await counts();
    const seq = await lastSeq();
    const again = await register(registrationForm(firstDir, releaseMeta("1.0.0")));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, release: { id: firstId } });
    // a retried pipeline job signs again: ECDSA signatures differ every time, the digest does not
    signChecksums(firstDir, ci.key);
    const resigned = await register(registrationJson(firstDir, releaseMeta("1.0.0")));
    expect(resigned.status).toBe(200);
    expect((await resigned.json()).release.id).toBe(firstId);
    expect(await auditSince(seq)).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it("refuses the same version with another SHA256SUMS (409): versions are immutable", async () => {
    const other = bundle({ ...files("1.0.0"), "CHANGELOG.md": "# 1.0.0, rebuilt\n" }, ci.key);
    const { payload } = await expectRefused(
      () => register(registrationForm(other, releaseMeta("1.0.0"))),
      409,
      /portal 1\.0\.0 is already registered with another SHA256SUMS.*versions are immutable/,
    );
    expect(payload).toMatchObject({ product: "portal", version: "1.0.0", code: "CONFLICT" });
    const rows = await db.prisma.auditEvent.findFirst({
      where: { action: "release.registration_refused" },
      orderBy: { seq: "desc" },
    });
    expect(rows?.subjectId).toBe(firstId);
  });

  it("registers digests and sizes sent as JSON without storing bytes", async () => {
    const dir = bundle(files("1.1.0"), ci.key);
    const response = await register(registrationJson(dir, releaseMeta("1.1.0")));
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.release.verificationStatus).toBe("VERIFIED");
    expect(body.release.artifacts.map((artifact: { stored: boolean }) => artifact.stored)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it("registers an unsigned bundle as FAILED, with the reason", async () => {
    const dir = bundle(files("1.2.0"));
    const response = await register(registrationForm(dir, releaseMeta("1.2.0")));
    const body = await response.json();
    expect(response.status).toBe(201);
    expect(body.release).toMatchObject({
      verificationStatus: "FAILED",
      verificationSummary: "SHA256SUMS.sig: SHA256SUMS is not signed: SHA256SUMS.sig is missing",
    });
  });

  it("registers a tampered file as FAILED: the digest comes from the uploaded bytes, not from the list", async () => {
    const dir = bundle(files("1.3.0"), ci.key);
    fs.writeFileSync(path.join(dir, "images/portal.oci.tar"), "image layers with a backdoor");
    const response = await register(registrationForm(dir, releaseMeta("1.3.0")));
    const body = await response.json();
    expect(response.status).toBe(201);
    expect(body.release.verificationStatus).toBe("FAILED");
    expect(body.release.verificationSummary).toBe("1 file(s) do not match their listed SHA-256");
    const file = body.release.report.files.find(
      (entry: { name: string }) => entry.name === "images/portal.oci.tar",
    );
    expect(file).toMatchObject({ status: "mismatch" });
    expect(file.actualSha256).toBe(createHash("sha256").update("image layers with a backdoor").digest("hex"));
    expect(body.release.stages[0]).toMatchObject({
      state: "blocked",
      reason: "failed verification",
    });
  });

  it("registers a bundle signed by a trusted key of the wrong purpose, or by no trusted key, as FAILED", async () => {
    const wrongPurpose = bundle(files("1.4.0"), attestationKey.key);
    const body = await (await register(registrationForm(wrongPurpose, releaseMeta("1.4.0")))).json();
    expect(body.release.verificationStatus).toBe("FAILED");
    expect(body.release.report.signatures[0]).toMatchObject({ status: "wrong_purpose" });
    expect(body.release.verificationSummary).toMatch(/is a attestation key; a release key is required/);

    const wrongKey = bundle(files("1.5.0"), outsider.key);
    const unknown = await (await register(registrationForm(wrongKey, releaseMeta("1.5.0")))).json();
    expect(unknown.release.verificationStatus).toBe("FAILED");
    expect(unknown.release.report.signatures[0]).toMatchObject({ status: "bad_signature" });
  });

  it("refuses a signature by a key the registry does not know (the bundle's public-key.pem names it)", async () => {
    const dir = bundle(files("1.6.0"), outsider.key);
    fs.copyFileSync(outsider.pub, path.join(dir, "public-key.pem"));
    const { body } = await expectRefused(
      () => register(registrationForm(dir, releaseMeta("1.6.0"))),
      400,
      /SHA256SUMS\.sig: signed by sha256:[0-9a-f]{64} \(public-key\.pem in the bundle\), which is not a trusted release key\. Register the pipeline's release key/,
    );
    expect(body.error.code).toBe("BAD_REQUEST");
  });

  it("refuses a version that is not semver, with the field named", async () => {
    const dir = bundle(files("1.7.0"), ci.key);
    const { payload } = await expectRefused(
      () => register(registrationForm(dir, releaseMeta("v1.7"))),
      400,
      /version.*semantic version such as 1\.4\.0/,
    );
    expect(payload).toMatchObject({
      version: "v1.7",
      reason: expect.stringMatching(/^version: Version must be/),
    });
    await expectRefused(() => register(registrationJson(dir, releaseMeta("1.7"))), 400, /semantic version/);
  });

  it("refuses a malformed SHA256SUMS, naming the line", async () => {
    const dir = bundle(files("1.8.0"), ci.key);
    fs.appendFileSync(path.join(dir, "SHA256SUMS"), "this line is not a checksum\n");
    await expectRefused(
      () => register(registrationForm(dir, releaseMeta("1.8.0"))),
      400,
      /SHA256SUMS is malformed: SHA256SUMS line 4 is not "<sha256> {2}<file>"/,
    );
  });

  it("refuses a SHA256SUMS that does not list an uploaded file, or lists one that was not sent", async () => {
    const dir = bundle(files("1.9.0"), ci.key);
    fs.writeFileSync(path.join(dir, "extra.bin"), "smuggled in");
    await expectRefused(
      () => register(registrationForm(dir, releaseMeta("1.9.0"))),
      400,
      /SHA256SUMS does not list extra\.bin, which was sent/,
    );
    await expectRefused(
      () => register(registrationForm(dir, releaseMeta("1.9.0"), { artifacts: ["CHANGELOG.md"] })),
      400,
      /SHA256SUMS lists images\/portal\.oci\.tar, portal-1\.9\.0\.tar\.gz, which were not sent/,
    );
  });

  it("refuses malformed bundles and requests: a manifest that is no envelope, bad base64, unknown fields", async () => {
    const dir = bundle(files("2.0.0"), ci.key);
    const json = registrationJson(dir, releaseMeta("2.0.0"));
    await expectRefused(
      () => register({ ...json, manifestDsse: { hello: "world" } }),
      400,
      /manifest\.dsse is not a DSSE envelope/,
    );
    await expectRefused(
      () => register({ ...json, checksumsSignature: "%%%" }),
      400,
      /SHA256SUMS\.sig in base64/,
    );
    await expectRefused(
      () => register("{not json", { "content-type": "application/json" }),
      400,
      /must be JSON/,
    );
    await expectRefused(
      () => register("product=portal", { "content-type": "text/plain" }),
      400,
      /Send application\/json/,
    );
    const form = registrationForm(dir, releaseMeta("2.0.0"));
    form.append("comment", "hello");
    await expectRefused(() => register(form), 400, /Unknown field "comment"/);
    const escaping = registrationForm(dir, releaseMeta("2.0.0"), { artifacts: [] });
    escaping.append("artifact", new Blob(["x"]), "../etc/passwd");
    await expectRefused(() => register(escaping), 400, /without \.\/, \.\. or doubled slashes/);
  });

  it("refuses a body over the limit with 413, by its declared length or while streaming it", async () => {
    const dir = bundle({ "big.bin": Buffer.alloc(1_500_000, 1) }, ci.key);
    await expectRefused(
      () => register(registrationForm(dir, releaseMeta("2.1.0")), { "content-length": "2000000" }),
      413,
      /larger than 1 MiB/,
    );
    // no Content-Length (chunked): refused once the bytes read pass the limit, the staged part discarded
    await expectRefused(
      () => register(registrationForm(dir, releaseMeta("2.1.0"))),
      413,
      /larger than 1\.0 MiB/,
    );
  });
});

describe("registration over tRPC", () => {
  it("registers digests for a release engineer, who is named as registrant and audit actor", async () => {
    const rhea = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
    const caller = createCaller(contextFor(db.prisma, rhea, { clock }));
    const dir = bundle(files("3.0.0"), ci.key);
    const input = registrationJson(dir, releaseMeta("3.0.0", "agent")) as Parameters<
      typeof caller.releases.register
    >[0];
    const result = await caller.releases.register(input);
    expect(result).toMatchObject({
      created: true,
      release: { product: "agent", verificationStatus: "VERIFIED", registeredBy: "Rhea Release" },
    });
    expect((await caller.releases.register(input)).created).toBe(false);
    const seq = await lastSeq();
    await expect(
      caller.releases.register({ ...input, checksums: `${input.checksums}\n` }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const events = await auditSince(seq);
    expect(events.map((event) => [event.action, event.actorName])).toEqual([
      ["release.registration_refused", "Rhea Release"],
    ]);
    const auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"] });
    await expect(
      createCaller(contextFor(db.prisma, auditor, { clock })).releases.register(input),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("a revoked key", () => {
  it("re-verifies to the same digest while nothing changed", async () => {
    for (const version of ["1.0.0", "1.3.0"]) {
      const release = await db.prisma.release.findFirstOrThrow({ where: { product: "portal", version } });
      clock.advance(3_600_000);
      expect(await verifyRegisteredRelease(db.prisma, release.id, { clock })).toMatchObject({
        verificationStatus: release.verificationStatus,
        verificationDigest: release.verificationDigest,
        unchanged: true,
      });
    }
  });

  it("fails bundles signed after the revocation, and flags earlier ones when they are verified again", async () => {
    const earlier = await db.prisma.release.findFirstOrThrow({
      where: { product: "portal", version: "1.0.0" },
    });
    clock.advance(60_000);
    await db.prisma.$transaction((tx) =>
      revokeSigningKey(tx, { keyId: releaseKeyId, reason: "CI runner image leaked", actor: officer, clock }),
    );
    clock.advance(60_000);
    const dir = bundle(files("4.0.0"), ci.key);
    const body = await (await register(registrationForm(dir, releaseMeta("4.0.0")))).json();
    expect(body.release.verificationStatus).toBe("FAILED");
    expect(body.release.report.signatures[0]).toMatchObject({ status: "revoked_key" });
    expect(body.release.verificationSummary).toMatch(/CI runner image leaked/);

    // the promotion gate's re-verification: still valid (registered before the revocation) but flagged, which is a
    // different verdict, so approvals bound to the old one are void
    const again = await verifyRegisteredRelease(db.prisma, earlier.id, { clock });
    expect(again).toMatchObject({ verificationStatus: "VERIFIED", unchanged: false });
    expect(again.report.signatures[0]?.flags).toEqual(["signed_before_revocation"]);
  });
});
