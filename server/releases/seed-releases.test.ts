// The demo seed registers its releases through the real service: three verify (the manifest signed by the demo
// release key through the Signing service), the tampered one fails with a mismatch, a second start adds nothing,
// and the audit chain still verifies.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "@/test/bundles";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { createFileBlobStore, installBlobStore } from "../evidence/blob-store";
import { manualClock } from "../lib/clock";
import { seedDemoReleases } from "./seed-releases";

const clock = manualClock("2026-12-03T09:00:00.000Z");
const blobs = tempDir("seed-blobs-");
let db: TestDatabase;
let restore: (() => void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  restore = [installTestSoftwareBackend().restore, installBlobStore(createFileBlobStore(blobs))];
});
afterAll(async () => {
  for (const undo of restore) undo();
  await db.close();
  fs.rmSync(blobs, { recursive: true, force: true });
});

describe("the demo release seed", () => {
  it("registers three verified releases and one tampered one, once", async () => {
    expect(await seedDemoReleases(db.prisma, clock)).toEqual({ created: 4 });
    const rows = await db.prisma.release.findMany({
      orderBy: { createdAt: "asc" },
      select: {
        product: true,
        version: true,
        verificationStatus: true,
        verificationReport: true,
        createdAt: true,
      },
    });
    expect(rows.map((row) => `${row.product} ${row.version} ${row.verificationStatus}`)).toEqual([
      "portal 2.3.0 VERIFIED",
      "agent 1.8.2 VERIFIED",
      "portal 2.4.0-rc.1 VERIFIED",
      "portal 2.4.0 FAILED",
    ]);
    expect(rows.every((row) => row.createdAt < clock.now())).toBe(true);
    const tampered = rows[3]?.verificationReport as { files: { name: string; status: string }[] };
    expect(tampered.files.find((file) => file.status !== "ok")).toEqual(
      expect.objectContaining({ name: "portal-2.4.0-linux-amd64.tar.gz", status: "mismatch" }),
    );
    const key = await db.prisma.signingKey.findFirstOrThrow({ where: { purpose: "release" } });
    expect(key.label).toBe("release-demo");
    expect(await seedDemoReleases(db.prisma, clock)).toEqual({ created: 0 });
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
  });
});
