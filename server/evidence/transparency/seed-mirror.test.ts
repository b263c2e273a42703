// The demo's evidence trail on a fresh database: two checkpoints of the audit log (consistent with each other) and
// the mirror following the real Rekor shard and Go's checksum database, with their real data; nothing twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { getConsistencyProof } from "../../audit/checkpoints/get-proofs";
import { seedDemoEvidenceTrail } from "../../db/seed";
import { manualClock } from "../../lib/clock";
import { seedDemoSigningKeys } from "../../signing/keys/seed-signing-keys";
import { findLogs } from "./find-mirror";

let db: TestDatabase;
let restore: () => void;
const clock = manualClock("2026-12-01T08:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  ({ restore } = installTestSoftwareBackend());
});
afterAll(async () => {
  restore();
  await db.close();
});

describe("the demo evidence trail", () => {
  it("signs two consistent checkpoints around the mirror's real logs, once", async () => {
    await seedDemoSigningKeys(db.prisma, clock);
    expect(await seedDemoEvidenceTrail(db.prisma, { origin: "localhost:3000/audit-log", clock })).toEqual({
      checkpoints: 2,
      logs: 2,
    });
    const logs = await findLogs(db.prisma);
    expect(logs.map((log) => [log.name, log.latest?.treeSize, log.entryCount])).toEqual([
      ["Go checksum database", 31_700_353, 0],
      ["Rekor (public good)", 46_800_506, 1],
    ]);
    const [first, second] = await db.prisma.auditCheckpoint.findMany({ orderBy: { treeSize: "asc" } });
    if (!first || !second) throw new Error("expected two checkpoints");
    const proof = await getConsistencyProof(
      db.prisma,
      { size1: Number(first.treeSize), size2: Number(second.treeSize) },
      clock,
    );
    expect(proof.serverCheck.ok).toBe(true);
    expect(await seedDemoEvidenceTrail(db.prisma, { origin: "localhost:3000/audit-log", clock })).toEqual({
      checkpoints: 0,
      logs: 0,
    });
  });
});
