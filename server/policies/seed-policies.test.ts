// The demo's policy gates on the demo's releases, as `npm start` seeds them: the default pack in force, agent 1.8.2
// held at PROD by CVE-2024-12345 from its scan report, the other seeded releases passing; once only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { tempBlobStore } from "@/test/evidence";
import { installTestSoftwareBackend } from "@/test/signing";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { seedDemoData } from "../db/seed";
import { installBlobStore } from "../evidence/blob-store";
import { manualClock } from "../lib/clock";
import { evaluateReleaseGates } from "./evaluate-release";
import { findPacks, findReleaseGates } from "./find-policies";
import { DEMO_PACK_NAME, seedDemoPolicies } from "./seed-policies";

const clock = manualClock("2026-12-05T12:00:00.000Z");
const store = tempBlobStore();
let db: TestDatabase;
let restore: (() => void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  restore = [installTestSoftwareBackend().restore, installBlobStore(store.blobs)];
  await seedDemoData(db.prisma, clock);
});
afterAll(async () => {
  for (const undo of restore) undo();
  await db.close();
  store.remove();
});

describe("seedDemoPolicies", () => {
  it("puts the default pack in force and blocks agent 1.8.2 at PROD on CVE-2024-12345, once", async () => {
    expect(await seedDemoPolicies(db.prisma, clock, store.blobs)).toEqual({ packs: 1, evaluations: 1 });
    const packs = await findPacks(db.prisma);
    expect(packs.map((pack) => [pack.name, pack.active, pack.versions.map((v) => v.version)])).toEqual([
      [DEMO_PACK_NAME, true, [1]],
    ]);

    const agent = await db.prisma.release.findFirstOrThrow({ where: { product: "agent", version: "1.8.2" } });
    const gates = await findReleaseGates(db.prisma, agent.id);
    expect(gates.latest).toHaveLength(1);
    expect(gates.latest[0]).toMatchObject({ environment: "PROD", verdict: "fail" });
    expect(gates.latest[0]?.summary).toMatch(/^BLOCKED - CVE-2024-12345 \(CVSS 9\.8\)/);
    // the SBOM covers the artifacts and the scan is fresh: only the vulnerability gate fails
    expect(gates.latest[0]?.result?.gates.map((gate) => `${gate.id} ${gate.verdict}`)).toEqual([
      "signed pass",
      "vulns fail",
      "sbom pass",
      "fresh-scan pass",
    ]);

    // releases without documents (as the e2e flows register them) pass every environment, PROD with warnings
    const others = await db.prisma.release.findMany({
      where: { verificationStatus: "VERIFIED", NOT: { id: agent.id } },
      select: { id: true },
    });
    expect(others.length).toBeGreaterThan(0);
    for (const release of others) {
      for (const environment of ["DEV", "STAGING", "PROD"] as const) {
        const pending = await evaluateReleaseGates(
          db.prisma,
          { blobs: store.blobs, clock },
          { releaseId: release.id, environment, trigger: "MANUAL" },
        );
        expect(pending.verdict, `${environment}: ${pending.summary}`).not.toBe("fail");
      }
    }

    expect(await seedDemoPolicies(db.prisma, clock, store.blobs)).toEqual({ packs: 0, evaluations: 0 });
    expect(await db.prisma.policyPack.count()).toBe(1);
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
  });
});
