// The release list through tRPC as each person sees it: lanes computed from promotions, live requests and the
// environment policies; filters by product, verification status, stage and "waiting for me"; keyset paging.
// Requests, approvals and promotions are written directly (the promotion workflow has its own tests).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle, opensslKeyPair, tempDir } from "@/test/bundles";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { registrationJson, releaseMeta } from "@/test/releases";
import { installTestSoftwareBackend } from "@/test/signing";
import { manualClock } from "../lib/clock";
import { createSigningKey } from "../signing/keys/create-signing-key";
import type { SessionUser } from "../trpc/context";
import { createCaller } from "../trpc/root";
import type { RegisterReleaseJson } from "./schemas";

const clock = manualClock("2026-12-03T08:00:00.000Z");
const keyDir = tempDir("list-keys-");
const work = tempDir("list-work-");
const ci = opensslKeyPair(keyDir, "ci-release");
const hour = 3_600_000;

let db: TestDatabase;
let restore: () => void;
let rhea: SessionUser;
let otto: SessionUser;
let sam: SessionUser;
let ada: SessionUser;
const ids: Record<string, string> = {};

const as = (user: SessionUser) => createCaller(contextFor(db.prisma, user, { clock }));

async function register(product: string, version: string, options: { signed?: boolean } = {}) {
  const dir = buildBundle(
    path.join(work, `${product}-${version}`),
    { [`${product}.bin`]: `${product} ${version}` },
    options.signed === false ? undefined : ci.key,
  );
  clock.advance(60_000);
  const input = registrationJson(dir, releaseMeta(version, product)) as RegisterReleaseJson;
  const { release } = await as(rhea).releases.register(input);
  ids[`${product}@${version}`] = release.id;
  return release;
}

async function promote(releaseId: string, environment: string) {
  const release = await db.prisma.release.findUniqueOrThrow({ where: { id: releaseId } });
  await db.prisma.promotion.create({
    data: {
      releaseId,
      environment,
      bundleDigest: release.bundleDigest,
      approvers: [],
      promotedAt: clock.now(),
      promotedByName: "test",
      ciRunId: release.ciRunId,
      targetPath: `releases/${environment}`,
      verificationReport: {},
      attestation: {},
      attestationKeyId: "sha256:test",
    },
  });
}

async function request(
  releaseId: string,
  environment: string,
  requester: SessionUser,
  approvedBy: SessionUser[] = [],
) {
  const release = await db.prisma.release.findUniqueOrThrow({ where: { id: releaseId } });
  const row = await db.prisma.promotionRequest.create({
    data: {
      releaseId,
      environment,
      status: "PENDING",
      requestedById: requester.id,
      requestedByName: requester.name,
      bundleDigest: release.bundleDigest,
      verificationDigest: release.verificationDigest,
      requestedAt: clock.now(),
      expiresAt: new Date(clock.now().getTime() + 72 * hour),
    },
  });
  for (const approver of approvedBy) {
    await db.prisma.promotionApproval.create({
      data: {
        requestId: row.id,
        approverId: approver.id,
        approverName: approver.name,
        role: approver.roles[0] as string,
        decision: "APPROVE",
        comment: "looks good",
        bundleDigest: release.bundleDigest,
        verificationDigest: release.verificationDigest,
        authTime: clock.now(),
        decidedAt: clock.now(),
      },
    });
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend({ keyDir }).restore;
  rhea = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  otto = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Otto Other" });
  sam = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Security" });
  ada = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  await db.prisma.$transaction((tx) =>
    createSigningKey(tx, {
      purpose: "release",
      backend: "software",
      keyFile: "ci-release.pem",
      actor: { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] },
      clock,
    }),
  );
  // portal 1.0.0: in PROD; portal 1.1.0: in STAGING, PROD requested by Rhea, approved by Otto (needs a security
  // officer); agent 0.9.0: failed verification; agent 1.0.0: in DEV, STAGING requested by CI... by Sam here;
  // portal 1.2.0: new
  await register("portal", "1.0.0");
  await register("portal", "1.1.0");
  await register("agent", "0.9.0", { signed: false });
  await register("agent", "1.0.0");
  await register("portal", "1.2.0");
  for (const environment of ["DEV", "STAGING", "PROD"])
    await promote(ids["portal@1.0.0"] as string, environment);
  for (const environment of ["DEV", "STAGING"]) await promote(ids["portal@1.1.0"] as string, environment);
  await request(ids["portal@1.1.0"] as string, "PROD", rhea, [otto]);
  await promote(ids["agent@1.0.0"] as string, "DEV");
  await request(ids["agent@1.0.0"] as string, "STAGING", sam);
});
afterAll(async () => {
  restore();
  await db.close();
  for (const dir of [keyDir, work]) fs.rmSync(dir, { recursive: true, force: true });
});

const names = (page: { releases: { product: string; version: string }[] }) =>
  page.releases.map((release) => `${release.product}@${release.version}`);

describe("releases.list", () => {
  it("lists newest first with each release's lane", async () => {
    const page = await as(ada).releases.list({});
    expect(names(page)).toEqual([
      "portal@1.2.0",
      "agent@1.0.0",
      "agent@0.9.0",
      "portal@1.1.0",
      "portal@1.0.0",
    ]);
    const lane = (name: string) =>
      page.releases
        .find((release) => `${release.product}@${release.version}` === name)
        ?.stages.map(
          (stage) => `${stage.environment}:${stage.state}${stage.reason ? ` (${stage.reason})` : ""}`,
        );
    expect(lane("portal@1.0.0")).toEqual(["DEV:done", "STAGING:done", "PROD:done"]);
    expect(lane("portal@1.1.0")).toEqual([
      "DEV:done",
      "STAGING:done",
      "PROD:waiting (needs 1 Security officer)",
    ]);
    expect(lane("agent@0.9.0")).toEqual([
      "DEV:blocked (failed verification)",
      "STAGING:pending",
      "PROD:pending",
    ]);
    expect(lane("agent@1.0.0")).toEqual([
      "DEV:done",
      "STAGING:waiting (needs 1 Release engineer)",
      "PROD:pending",
    ]);
    expect(lane("portal@1.2.0")).toEqual(["DEV:pending", "STAGING:pending", "PROD:pending"]);
    expect(page.releases.find((release) => release.version === "0.9.0")?.verificationSummary).toMatch(
      /not signed/,
    );
  });

  it("filters by product, verification status and the furthest stage reached", async () => {
    expect(names(await as(ada).releases.list({ product: "agent" }))).toEqual(["agent@1.0.0", "agent@0.9.0"]);
    expect(names(await as(ada).releases.list({ status: "FAILED" }))).toEqual(["agent@0.9.0"]);
    expect(names(await as(ada).releases.list({ stage: "NONE" }))).toEqual(["portal@1.2.0", "agent@0.9.0"]);
    expect(names(await as(ada).releases.list({ stage: "DEV" }))).toEqual(["agent@1.0.0"]);
    expect(names(await as(ada).releases.list({ stage: "STAGING" }))).toEqual(["portal@1.1.0"]);
    expect(names(await as(ada).releases.list({ stage: "PROD", product: "portal" }))).toEqual([
      "portal@1.0.0",
    ]);
    expect(await as(ada).releases.products()).toEqual(["agent", "portal"]);
  });

  it("shows each person what waits for them, and only that", async () => {
    const waiting = async (user: SessionUser) => {
      const page = await as(user).releases.list({ waitingForMe: true });
      const all = await as(user).releases.list({});
      // the flag on each row agrees with the filter
      expect(all.releases.filter((release) => release.waitingForMe).map((release) => release.id)).toEqual(
        page.releases.map((release) => release.id),
      );
      return names(page);
    };
    // PROD of portal 1.1.0 needs a security officer; STAGING of agent 1.0.0 needs a release engineer
    expect(await waiting(sam)).toEqual(["portal@1.1.0"]);
    expect(await waiting(rhea)).toEqual(["agent@1.0.0"]);
    // Otto approved portal 1.1.0 already (and the release engineer's part is covered); agent 1.0.0 waits for him
    expect(await waiting(otto)).toEqual(["agent@1.0.0"]);
    expect(await waiting(ada)).toEqual([]);
    // once the request expires, nobody is waited for
    clock.advance(73 * hour);
    expect(await waiting(sam)).toEqual([]);
    const lane = (await as(ada).releases.get({ releaseId: ids["portal@1.1.0"] as string })).stages[2];
    expect(lane).toMatchObject({ state: "pending", reason: "last request expired" });
    clock.advance(-73 * hour);
  });

  it("pages by keyset without gaps or repeats, and refuses a forged cursor", async () => {
    const first = await as(ada).releases.list({ limit: 2 });
    expect(first.nextCursor).not.toBeNull();
    const second = await as(ada).releases.list({ limit: 2, after: first.nextCursor ?? undefined });
    const third = await as(ada).releases.list({ limit: 2, after: second.nextCursor ?? undefined });
    expect([...names(first), ...names(second), ...names(third)]).toEqual(
      names(await as(ada).releases.list({})),
    );
    expect(third.nextCursor).toBeNull();
    await expect(as(ada).releases.list({ after: "not-a-cursor" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("gives the detail with artifacts, report and registration facts, and 404 for an unknown id", async () => {
    const detail = await as(ada).releases.get({ releaseId: ids["portal@1.0.0"] as string });
    expect(detail).toMatchObject({
      product: "portal",
      verificationStatus: "VERIFIED",
      registeredBy: "Rhea Release",
      ciRunUrl: "https://ci.example.test/runs/1.0.0",
      signed: { checksumsSignature: true, manifest: false, publicKeyHint: false },
      artifacts: [{ path: "portal.bin", stored: false }],
      promotions: [{ environment: "DEV" }, { environment: "STAGING" }, { environment: "PROD" }],
      publishable: true,
      publication: null,
    });
    expect(detail.report.files).toEqual([expect.objectContaining({ name: "portal.bin", status: "ok" })]);
    await expect(
      as(ada).releases.get({ releaseId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
