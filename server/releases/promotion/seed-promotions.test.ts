// The demo's promotions, through the real steps with a past clock: a finished lane, a release waiting at PROD for
// a security officer, one waiting at STAGING for a release engineer; once only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installReleaseKey, type ReleaseKey, registerTestRelease } from "@/test/promotion-releases";
import { DEMO_USERS } from "../../db/demo-users";
import { manualClock } from "../../lib/clock";
import { findPromotionQueue } from "./find-promotion-queue";
import { DEMO_PROMOTION_PLAN, seedDemoPromotions } from "./seed-promotions";

let db: TestDatabase;
let key: ReleaseKey;
const clock = manualClock("2026-12-05T12:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  for (const user of DEMO_USERS) await db.prisma.user.create({ data: user });
  const registeredAt = manualClock(new Date(clock.now().getTime() - 120 * 3_600_000));
  key = await installReleaseKey(db.prisma, registeredAt);
  for (const plan of DEMO_PROMOTION_PLAN) {
    await registerTestRelease(db.prisma, {
      product: plan.product,
      version: plan.version,
      signingKey: key.privateKey,
      clock: registeredAt,
    });
  }
});
afterAll(async () => {
  key.restore();
  await db.close();
});

describe("seedDemoPromotions", () => {
  it("leaves one lane complete, one waiting at PROD for a security officer, one at STAGING, and runs once", async () => {
    expect(await seedDemoPromotions(db.prisma, clock)).toEqual({ requests: 8 });
    const promotions = await db.prisma.promotion.findMany({
      select: { environment: true, release: { select: { product: true, version: true } } },
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
  });
});
