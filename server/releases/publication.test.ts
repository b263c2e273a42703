// Publication after PROD and the signed release webhook, through the real services and a real HTTP receiver on
// 127.0.0.1 that checks every signature. Promotions are written directly here (the promotion workflow has its own
// tests); what is under test is what publication does with them. The published bundle is checked with standard
// tools: GNU tar unpacks it, sha256sum -c accepts its SHA256SUMS, openssl verifies SHA256SUMS.sig.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle, opensslKeyPair, tempDir } from "@/test/bundles";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { apiRequest, registrationForm, registrationJson, releaseMeta } from "@/test/releases";
import { installTestSoftwareBackend } from "@/test/signing";
import { createApiToken } from "../api-tokens/create-api-token";
import { createFileBlobStore, installBlobStore } from "../evidence/blob-store";
import { manualClock } from "../lib/clock";
import { createWebhookSender, verifyWebhookSignature } from "../notifications/webhook-sender";
import { createSigningKey } from "../signing/keys/create-signing-key";
import type { SessionUser } from "../trpc/context";
import { createCaller } from "../trpc/root";
import { archiveStream } from "./release-archive";
import { installReleaseWebhook, type ReleaseWebhookEvent } from "./release-webhook";
import { releaseApi } from "./rest-api";

const clock = manualClock("2026-12-02T08:00:00.000Z");
const keyDir = tempDir("publish-keys-");
const work = tempDir("publish-work-");
const blobs = tempDir("publish-blobs-");
const ci = opensslKeyPair(keyDir, "ci-release");
const secret = "release-webhook-secret-for-tests";

let db: TestDatabase;
let restore: (() => void)[] = [];
let token: string;
let rhea: SessionUser;
let receiver: http.Server;
const received: { event: ReleaseWebhookEvent; valid: boolean; wrongSecret: boolean }[] = [];
let webhook: ReturnType<typeof createWebhookSender<ReleaseWebhookEvent>>;

const api = () =>
  releaseApi({
    prisma: async () => db.prisma,
    clock,
    limits: () => ({ maxBytes: 1e7 }),
    webhook: () => webhook,
  });
const caller = () => createCaller(contextFor(db.prisma, { ...rhea, authTime: clock.now() }, { clock }));

beforeAll(async () => {
  db = await createTestDatabase();
  restore = [installTestSoftwareBackend({ keyDir }).restore, installBlobStore(createFileBlobStore(blobs))];
  receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const timestamp = String(request.headers["x-portal-timestamp"]);
      const signature = String(request.headers["x-portal-signature"]);
      received.push({
        event: JSON.parse(body) as ReleaseWebhookEvent,
        valid: verifyWebhookSignature(secret, timestamp, body, signature),
        wrongSecret: verifyWebhookSignature("some-other-secret-value", timestamp, body, signature),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  webhook = createWebhookSender<ReleaseWebhookEvent>({
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/releases`,
    secret,
    name: "release",
  });
  // the tRPC procedures use the process's webhook; the REST handlers get theirs from the test
  restore.push(installReleaseWebhook(webhook));
  const admin = await createTestUser(db.prisma, { roles: ["ADMIN"] });
  token = (
    await createApiToken(db.prisma, {
      actor: { id: admin.id, name: admin.name, roles: admin.roles },
      clock,
      input: { name: "release pipeline", scopes: ["release:register", "release:read"], expiresInDays: 30 },
    })
  ).token;
  rhea = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  await db.prisma.$transaction((tx) =>
    createSigningKey(tx, {
      purpose: "release",
      backend: "software",
      keyFile: "ci-release.pem",
      actor: { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] },
      clock,
    }),
  );
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  for (const undo of restore) undo();
  await db.close();
  for (const dir of [keyDir, work, blobs]) fs.rmSync(dir, { recursive: true, force: true });
});

async function registered(
  version: string,
  mode: "files" | "digests" = "files",
): Promise<{ id: string; dir: string }> {
  const dir = buildBundle(
    path.join(work, version),
    {
      [`portal-${version}.tar.gz`]: Buffer.from(`release ${version} `.repeat(200)),
      "docs/INSTALL.md": `Install ${version}\n`,
    },
    ci.key,
  );
  const meta = releaseMeta(version);
  const body = mode === "files" ? registrationForm(dir, meta) : registrationJson(dir, meta);
  const response = await api().register(apiRequest("POST", "/api/v1/releases", token, body));
  expect(response.status).toBe(201);
  return { id: (await response.json()).release.id, dir };
}

/** What the promotion workflow writes when an environment is reached (its own tests cover how). */
async function promote(releaseId: string, environment: string) {
  const release = await db.prisma.release.findUniqueOrThrow({ where: { id: releaseId } });
  clock.advance(60_000);
  await db.prisma.promotion.create({
    data: {
      releaseId,
      environment,
      bundleDigest: release.bundleDigest,
      approvers: [],
      promotedAt: clock.now(),
      promotedByName: "Rhea Release",
      ciRunId: release.ciRunId,
      targetPath: `releases/${environment}/${release.version}`,
      verificationReport: release.verificationReport as object,
      attestation: {},
      attestationKeyId: "sha256:test",
    },
  });
}

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const auditActions = async () =>
  (await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { action: true } })).map(
    (row) => row.action,
  );

describe("publication", () => {
  let release: { id: string; dir: string };

  it("is refused before PROD, with a refused audit event and no record", async () => {
    release = await registered("5.0.0");
    await promote(release.id, "DEV");
    await promote(release.id, "STAGING");
    const before = await auditActions();
    await expect(caller().releases.publish({ releaseId: release.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "portal 5.0.0 has not been promoted to PROD; only a release in PROD is published",
    });
    expect((await auditActions()).slice(before.length)).toEqual(["release.publication_refused"]);
    expect(await db.prisma.publication.count()).toBe(0);
  });

  it("writes the record once PROD is reached: bundle name, digest and size of the archive, publisher, target, URL", async () => {
    await promote(release.id, "PROD");
    clock.advance(60_000);
    const detail = await caller().releases.publish({ releaseId: release.id, target: "customer downloads" });
    expect(detail.publication).toMatchObject({
      bundleName: "portal-5.0.0.tar.gz",
      publisher: "Rhea Release",
      target: "customer downloads",
      publishedAt: clock.now(),
      downloadUrl: `http://localhost:3000/releases/${release.id}/bundle`,
    });
    expect(detail.publishable).toBe(false);
    expect(detail.stages.map((stage) => stage.state)).toEqual(["done", "done", "done"]);
    expect((await auditActions()).at(-1)).toBe("release.published");
  });

  it("serves the very bundle the record describes, which standard tools verify", async () => {
    const row = await db.prisma.release.findUniqueOrThrow({
      where: { id: release.id },
      include: { artifacts: true, publication: true },
    });
    const archive = await bytesOf(archiveStream(row));
    expect(createHash("sha256").update(archive).digest("hex")).toBe(row.publication?.bundleDigest);
    expect(archive.length).toBe(Number(row.publication?.size));
    // rebuilt for every download, and the same bytes every time
    expect((await bytesOf(archiveStream(row))).equals(archive)).toBe(true);

    const out = path.join(work, "unpacked");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(work, "bundle.tar.gz"), archive);
    const tar = spawnSync("tar", ["-xzf", path.join(work, "bundle.tar.gz"), "-C", out], { encoding: "utf8" });
    expect(tar.status, tar.stderr).toBe(0);
    const root = path.join(out, "portal-5.0.0");
    expect(fs.readdirSync(root).sort()).toEqual([
      "SHA256SUMS",
      "SHA256SUMS.sig",
      "docs",
      "portal-5.0.0.tar.gz",
    ]);
    const sums = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: root, encoding: "utf8" });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);
    const signature = spawnSync(
      "openssl",
      ["dgst", "-sha256", "-verify", ci.pub, "-signature", "SHA256SUMS.sig", "SHA256SUMS"],
      { cwd: root, encoding: "utf8" },
    );
    expect(signature.stdout.trim()).toBe("Verified OK");
  });

  it("is written once: a second publication is refused (409) and audited as refused", async () => {
    const before = await auditActions();
    await expect(caller().releases.publish({ releaseId: release.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "portal 5.0.0 is already published; a publication is written once",
    });
    expect((await auditActions()).slice(before.length)).toEqual(["release.publication_refused"]);
    await expect(db.prisma.publication.updateMany({ data: { target: "elsewhere" } })).rejects.toThrow(
      /immutable/,
    );
  });

  it("lets exactly one of two simultaneous publications through (the database's unique constraint)", async () => {
    const other = await registered("5.1.0");
    for (const environment of ["DEV", "STAGING", "PROD"]) await promote(other.id, environment);
    const results = await Promise.allSettled([
      caller().releases.publish({ releaseId: other.id }),
      api().publish(
        apiRequest("POST", `/api/v1/releases/${other.id}/publication`, token, { target: "mirror" }),
        {
          params: Promise.resolve({ id: other.id }),
        },
      ),
    ]);
    const outcomes = await Promise.all(
      results.map(async (result) =>
        result.status === "rejected"
          ? (result.reason as { code: string }).code
          : result.value instanceof Response
            ? String(result.value.status)
            : "published",
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "published" || outcome === "201")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "CONFLICT" || outcome === "409")).toHaveLength(1);
    expect(await db.prisma.publication.count({ where: { releaseId: other.id } })).toBe(1);
  });

  it("publishes a release registered by digests only with its verification files alone", async () => {
    const digestsOnly = await registered("5.2.0", "digests");
    for (const environment of ["DEV", "STAGING", "PROD"]) await promote(digestsOnly.id, environment);
    const response = await api().publish(
      apiRequest("POST", `/api/v1/releases/${digestsOnly.id}/publication`, token),
      {
        params: Promise.resolve({ id: digestsOnly.id }),
      },
    );
    expect(response.status).toBe(201);
    expect((await response.json()).publication.publisher).toBe("release pipeline");
    const row = await db.prisma.release.findUniqueOrThrow({
      where: { id: digestsOnly.id },
      include: { artifacts: true },
    });
    const listing = spawnSync("tar", ["-tz"], { input: await bytesOf(archiveStream(row)), encoding: "utf8" });
    expect(listing.stdout.trim().split("\n")).toEqual([
      "portal-5.2.0/SHA256SUMS",
      "portal-5.2.0/SHA256SUMS.sig",
    ]);
  });
});

describe("the release webhook", () => {
  it("announced registrations and publications to the receiver, signed with the shared secret", async () => {
    await webhook.flush();
    const types = received.map((hit) => `${hit.event.type} ${hit.event.release.version}`);
    expect(types).toEqual(
      expect.arrayContaining([
        "release.registered 5.0.0",
        "release.registered 5.1.0",
        "release.registered 5.2.0",
        "release.published 5.0.0",
        "release.published 5.1.0",
        "release.published 5.2.0",
      ]),
    );
    expect(received).toHaveLength(6);
    expect(received.every((hit) => hit.valid && !hit.wrongSecret)).toBe(true);
    const published = received.find(
      (hit) => hit.event.type === "release.published" && hit.event.release.version === "5.0.0",
    );
    expect(published?.event).toMatchObject({
      actor: "Rhea Release",
      environment: null,
      link: expect.stringMatching(/^http:\/\/localhost:3000\/releases\/[0-9a-f-]{36}$/),
      details: { bundleName: "portal-5.0.0.tar.gz", target: "customer downloads" },
    });
  });
});
