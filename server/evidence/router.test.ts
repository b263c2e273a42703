// /evidence through tRPC as each role calls it: readers browse and re-hash; release engineers and security officers
// export signed bundles, which auditors (who change nothing), administrators and incident responders download.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createTestRelease, evidenceDeps, SAMPLE_CYCLONEDX, tempBlobStore } from "@/test/evidence";
import { installTestSoftwareBackend } from "@/test/signing";
import { manualClock } from "../lib/clock";
import type { SessionUser } from "../trpc/context";
import { createCaller } from "../trpc/root";
import { installBlobStore } from "./blob-store";
import { uploadEvidence } from "./upload-evidence";

const clock = manualClock("2026-12-04T08:00:00.000Z");
const store = tempBlobStore();
let db: TestDatabase;
let restore: (() => void)[] = [];
let engineer: SessionUser;
let auditor: SessionUser;
let admin: SessionUser;
let officer: SessionUser;
let release: { id: string };
let evidenceId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  restore = [installTestSoftwareBackend().restore, installBlobStore(store.blobs)];
  engineer = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  admin = await createTestUser(db.prisma, { roles: ["ADMIN"], name: "Adam Admin" });
  officer = { ...(await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"] })), authTime: clock.now() };
  await as(officer).keys.create({ purpose: "attestation", backend: "software", label: "attestation" });
  release = await createTestRelease(db.prisma, { version: "5.0.0" });
  const result = await uploadEvidence(evidenceDeps(db.prisma, clock, store.blobs), {
    meta: { kind: "SBOM", fileName: "app.cdx.json", links: { releaseIds: [release.id] } },
    bytes: SAMPLE_CYCLONEDX,
    producer: { kind: "USER", userId: engineer.id, name: engineer.name },
    actor: { id: engineer.id, name: engineer.name, roles: engineer.roles },
  });
  evidenceId = result.evidence.id;
});
afterAll(async () => {
  for (const undo of restore) undo();
  await db.close();
  store.remove();
});

function as(user: SessionUser) {
  return createCaller(contextFor(db.prisma, user, { clock }));
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );

describe("evidence router", () => {
  it("lets every reader browse, open and re-hash evidence, and see what it can be linked to", async () => {
    for (const user of [auditor, admin, engineer]) {
      const page = await as(user).evidence.list({ kind: "SBOM" });
      expect(page.items.map((item) => item.id)).toEqual([evidenceId]);
      expect((await as(user).evidence.get({ id: evidenceId })).links).toHaveLength(1);
      expect(await as(user).evidence.check({ id: evidenceId })).toMatchObject({ state: "ok" });
    }
    const targets = await as(auditor).evidence.linkTargets();
    expect(targets.releases).toEqual([{ id: release.id, label: "portal 5.0.0" }]);
    expect(await codeOf(as(auditor).evidence.get({ id: "nope" }))).toBe("NOT_FOUND");
  });

  it("lets a security officer preview and export a bundle, audited with the officer as actor", async () => {
    const selection = { mode: "release" as const, releaseId: release.id };
    expect(await as(officer).evidence.bundles.preview({ selection })).toMatchObject({
      fileCount: 1,
      selectionLabel: "Release portal 5.0.0",
      kinds: { SBOM: 1 },
    });
    const bundle = await as(officer).evidence.bundles.create({ selection, title: "For the audit" });
    expect(bundle).toMatchObject({ title: "For the audit", fileCount: 1, createdByName: officer.name });
    expect((await as(auditor).evidence.bundles.list({})).bundles.map((item) => item.id)).toEqual([bundle.id]);
    expect((await as(admin).evidence.bundles.get({ id: bundle.id })).items).toHaveLength(1);
    const event = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "evidence.bundle_exported" },
    });
    expect(event).toMatchObject({ actorId: officer.id, requestId: expect.stringMatching(/^req_test_/) });
  });

  it("refuses exports to administrators and bad selections with clear errors", async () => {
    expect(
      await codeOf(
        as(admin).evidence.bundles.create({ selection: { mode: "release", releaseId: release.id } }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf(as(engineer).evidence.bundles.create({ selection: { mode: "records", evidenceIds: [] } })),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        as(engineer).evidence.bundles.create({
          selection: { mode: "timeRange", from: new Date("2027-01-01"), to: new Date("2026-01-01") },
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        as(engineer).evidence.bundles.preview({
          selection: { mode: "timeRange", from: new Date("2020-01-01"), to: new Date("2020-02-01") },
        }),
      ),
    ).toBe("PRECONDITION_FAILED");
  });
});
