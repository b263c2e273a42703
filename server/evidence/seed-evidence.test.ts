// The demo evidence on a fresh database, as `npm start` seeds it: real uploads, a signed attestation, a bundle of
// the readiness program's evidence that verifies offline; once only.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "@/test/bundles";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { tempBlobStore } from "@/test/evidence";
import { installTestSoftwareBackend } from "@/test/signing";
import { seedDemoData } from "../db/seed";
import { manualClock } from "../lib/clock";
import { readBundle } from "../signing/bundle/read-bundle";
import { seedDemoSigningKeys } from "../signing/keys/seed-signing-keys";
import { keepForEvidenceBundle, verifyEvidenceBundle } from "./bundle/verify-evidence-bundle";
import { checkEvidence } from "./check-evidence";
import { findEvidence } from "./find-evidence";
import { seedDemoEvidence } from "./seed-evidence";

const clock = manualClock("2026-12-05T12:00:00.000Z");
const store = tempBlobStore();
const work = tempDir("demo-evidence-");
let db: TestDatabase;
let restore: () => void;

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
  await seedDemoData(db.prisma, clock);
  await seedDemoSigningKeys(db.prisma, clock);
});
afterAll(async () => {
  restore();
  await db.close();
  store.remove();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("demo evidence", () => {
  it("seeds an SBOM, a scan report, an incident note and a signed attestation, linked to the demo program and session", async () => {
    expect(await seedDemoEvidence(db.prisma, clock, store.blobs)).toEqual({ created: 4 });
    const { items } = await findEvidence(db.prisma, { limit: 50 });
    expect(items.map((item) => [item.kind, item.fileName]).sort()).toEqual(
      [
        ["ATTESTATION", "portal-1.4.0.sbom.intoto.json"],
        ["AUDIT_EXPORT", expect.stringMatching(/^evidence-bundle-.*\.tar\.gz$/)],
        ["OTHER", "INC-2041-timeline.txt"],
        ["SBOM", "portal-1.4.0.cdx.json"],
        ["SCAN_REPORT", "portal-1.4.0.sarif"],
      ].sort(),
    );
    const note = items.find((item) => item.kind === "OTHER");
    expect(note?.links.map((link) => link.target).sort()).toEqual(["breakGlassSession", "proofArtifact"]);
    for (const item of items)
      expect((await checkEvidence({ prisma: db.prisma, blobs: store.blobs, clock }, item.id)).state).toBe(
        "ok",
      );
  });

  it("exports the program's evidence as a bundle that verifies offline", async () => {
    const bundle = await db.prisma.evidenceBundle.findFirstOrThrow({
      select: { fileCount: true, createdByName: true, archive: { select: { sha256: true } } },
    });
    expect(bundle).toMatchObject({ fileCount: 4, createdByName: "Sam Security" });
    const file = path.join(work, "demo.tar.gz");
    fs.writeFileSync(file, (await store.blobs.get(bundle.archive.sha256)) as Buffer);
    expect(verifyEvidenceBundle(await readBundle(file, { keep: keepForEvidenceBundle })).verdict).toBe(
      "verified",
    );
  });

  it("seeds only once", async () => {
    expect(await seedDemoEvidence(db.prisma, clock, store.blobs)).toEqual({ created: 0 });
    expect(await db.prisma.evidenceBundle.count()).toBe(1);
  });
});
