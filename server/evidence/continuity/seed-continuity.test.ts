import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { tempBlobStore } from "@/test/evidence";
import { installTestSoftwareBackend } from "@/test/signing";
import { manualClock } from "../../lib/clock";
import { seedDemoSigningKeys } from "../../signing/keys/seed-signing-keys";
import { fileBlobReader } from "./blob-reader";
import { compareSnapshots } from "./compare-snapshots";
import { seedDemoContinuity } from "./seed-continuity";

const start = manualClock("2026-12-03T09:00:00.000Z");
// every reading a second later, as a real seed's clock moves on between its steps
const clock = {
  now: () => {
    start.advance(1000);
    return start.now();
  },
};
const store = tempBlobStore();
let db: TestDatabase;
let restore: () => void;

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
  await createTestUser(db.prisma, {
    roles: ["RELEASE_ENGINEER"],
    email: "rhea@demo.test",
    name: "Rhea Release",
  });
  await createTestUser(db.prisma, { roles: ["AUDITOR"], email: "ada@demo.test", name: "Ada Auditor" });
  await seedDemoSigningKeys(db.prisma, clock);
});
afterAll(async () => {
  restore();
  await db.close();
  store.remove();
});

describe("the demo's upgrade story", () => {
  it("seeds two snapshots and a signed CONTINUOUS report between them, once", async () => {
    const seed = () =>
      seedDemoContinuity(db.prisma, { clock, blobs: store.blobs, reader: fileBlobReader(store.directory) });
    expect(await seed()).toEqual({ created: 2 });
    const snapshots = await db.prisma.evidenceSnapshot.findMany({ orderBy: { requestedAt: "asc" } });
    expect(snapshots.map((snapshot) => [snapshot.label, snapshot.status, snapshot.okCount])).toEqual([
      ["pre-upgrade 2026.11", "FINISHED", 3],
      ["post-upgrade 2027.1", "FINISHED", 4],
    ]);
    expect(snapshots.every((snapshot) => (snapshot.finishedAt?.getTime() ?? 0) < clock.now().getTime())).toBe(
      true,
    );
    const [before, after] = snapshots;
    const comparison = await compareSnapshots(db.prisma, {
      baselineId: before?.id ?? "",
      targetId: after?.id ?? "",
    });
    expect(comparison).toMatchObject({ verdict: "CONTINUOUS", counts: { UNCHANGED: 3, ADDED: 1 } });
    expect(await db.prisma.continuityReport.count()).toBe(1);
    expect(await seed()).toEqual({ created: 0 });
  });
});
