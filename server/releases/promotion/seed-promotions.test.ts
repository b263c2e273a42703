// The demo's promotions on the demo's releases (registered by the releases seed through the real service), moved
// through the real steps with a past clock: a finished lane with attestations, a release waiting at PROD for a
// security officer, one waiting at STAGING for a release engineer, the tampered one left alone; once only.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "@/test/bundles";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { verifyAuditChain } from "../../audit/verify-audit-chain";
import { DEMO_USERS } from "../../db/demo-users";
import { createFileBlobStore, installBlobStore } from "../../evidence/blob-store";
import { manualClock } from "../../lib/clock";
import { verifyEnvelopeWithRegistry } from "../../signing/verify-with-registry";
import { seedDemoReleases } from "../seed-releases";
import { findPromotionQueue } from "./find-promotion-queue";
import { seedDemoPromotions } from "./seed-promotions";

const clock = manualClock("2026-12-05T12:00:00.000Z");
const blobs = tempDir("seed-promotion-blobs-");
let db: TestDatabase;
let restore: (() => void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  restore = [installTestSoftwareBackend().restore, installBlobStore(createFileBlobStore(blobs))];
  for (const user of DEMO_USERS) await db.prisma.user.create({ data: user });
  expect(await seedDemoReleases(db.prisma, clock)).toEqual({ created: 4 });
});
afterAll(async () => {
  for (const undo of restore) undo();
  await db.close();
  fs.rmSync(blobs, { recursive: true, force: true });
});

describe("seedDemoPromotions", () => {
  it("leaves one lane complete, one waiting at PROD for a security officer, one at STAGING, and runs once", async () => {
    expect(await seedDemoPromotions(db.prisma, clock)).toEqual({ requests: 8 });
    const promotions = await db.prisma.promotion.findMany({
      select: { environment: true, attestation: true, release: { select: { product: true, version: true } } },
    });
    expect(
      promotions.map((p) => `${p.release.product} ${p.release.version} ${p.environment}`).sort(),
    ).toEqual([
      "agent 1.8.2 DEV",
      "agent 1.8.2 STAGING",
      "portal 2.3.0 DEV",
      "portal 2.3.0 PROD",
      "portal 2.3.0 STAGING",
      "portal 2.4.0-rc.1 DEV",
    ]);
    for (const promotion of promotions) {
      expect(
        (await verifyEnvelopeWithRegistry(db.prisma, promotion.attestation, { purpose: "release", clock }))
          .ok,
      ).toBe(true);
    }
    const sam = await db.prisma.user.findUniqueOrThrow({ where: { email: "sam@demo.test" } });
    const rhea = await db.prisma.user.findUniqueOrThrow({ where: { email: "rhea@demo.test" } });
    const forSam = await findPromotionQueue(db.prisma, { viewer: sam, clock });
    expect(forSam.map((entry) => `${entry.product} ${entry.version} ${entry.environment}`)).toEqual([
      "agent 1.8.2 PROD",
    ]);
    const forRhea = await findPromotionQueue(db.prisma, { viewer: rhea, clock });
    expect(forRhea.map((entry) => `${entry.product} ${entry.version} ${entry.environment}`)).toEqual([
      "portal 2.4.0-rc.1 STAGING",
    ]);
    expect(await db.prisma.apiToken.count({ where: { name: "demo pipeline" } })).toBe(1);
    expect(await seedDemoPromotions(db.prisma, clock)).toEqual({ requests: 0 });
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
  });
});
