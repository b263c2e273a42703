// Readiness programs end to end through the router on a real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): the seed tracker imported, coverage computed, edits audited field by field, proofs verified
// by digest and signature, sign-offs that turn superseded, exports that re-import to the same program.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { createFileBlobStore, installBlobStore } from "../evidence/blob-store";
import { manualClock } from "../lib/clock";
import type { SessionUser } from "../trpc/context";
import { createCaller } from "../trpc/root";
import { exportProgram } from "./export-program";
import { roundCoverage } from "./policy";
import { contentSha256, documentOf, loadProgramRow } from "./program-store";
import { DEMO_TRACKER_SLUG, demoTrackerMarkdown, seedDemoCompliance } from "./seed-compliance";

const clock = manualClock("2026-12-01T09:00:00.000Z");
const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), "compliance-blobs-"));
let db: TestDatabase;
let restoreSigning: () => void;
let restoreBlobs: () => void;
let engineer: SessionUser;
let officer: SessionUser;
let auditor: SessionUser;

const SLUG = DEMO_TRACKER_SLUG;

beforeAll(async () => {
  db = await createTestDatabase();
  restoreSigning = installTestSoftwareBackend().restore;
  restoreBlobs = installBlobStore(createFileBlobStore(blobDir));
  engineer = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  officer = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Security" });
  auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  await as(officer).keys.create({ purpose: "attestation", backend: "software", label: "attestation-test" });
  expect(await seedDemoCompliance(db.prisma, clock)).toEqual({ created: 1 });
});
afterAll(async () => {
  restoreBlobs();
  restoreSigning();
  await db.close();
  fs.rmSync(blobDir, { recursive: true, force: true });
});

function as(user: SessionUser) {
  return createCaller(contextFor(db.prisma, { ...user, authTime: clock.now() }, { clock }));
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );

async function requirementId(itemNumber: number, title: string): Promise<string> {
  const program = await as(auditor).compliance.get({ slug: SLUG });
  const found = program.items
    .find((item) => item.number === itemNumber)
    ?.requirements.find((r) => r.title === title);
  if (!found) throw new Error(`no requirement ${title}`);
  return found.id;
}

describe("the demo tracker", () => {
  it("is imported once with 7 items and 49 requirement rows, coverage computed and the typed-in numbers kept aside", async () => {
    expect(await seedDemoCompliance(db.prisma, clock)).toEqual({ created: 0 });
    const program = await as(auditor).compliance.get({ slug: SLUG });
    expect(program.items).toHaveLength(7);
    expect(program.requirementCount).toBe(49);
    expect(program.items.map((item) => roundCoverage(item.coverage))).toEqual([
      57.1, 57.1, 33.3, 35.7, 50, 62.5, 42.9,
    ]);
    expect(program.items.map((item) => item.documentCoverage)).toEqual([75, 60, 55, 50, 60, 80, 45]);
    expect(roundCoverage(program.coverage)).toBe(49);
    expect(program.owner).toBe("system");
    expect(program.snapshots).toHaveLength(1);
    // item 1 needs its 016 work for the demo: not demo ready yet
    expect(program.items[0]?.readiness.DEMO).toBe(false);
    // item 2's open work is all in the audit phase (018): it is demo ready, which is its target
    expect(program.items.filter((item) => item.atTarget).map((item) => item.number)).toEqual([2]);
    expect(program.readyCounts).toEqual({ DEMO: 3, RFP: 1, AUDIT: 0 });
    expect(program.items[0]?.requirements.find((r) => r.title === "Offline CLI verify")?.neededFor).toBe(
      "DEMO",
    );
    expect(program.items[2]?.requirements.find((r) => r.title === "RFC 3161 TSA")?.neededFor).toBeNull();
    const list = await as(auditor).compliance.list();
    expect(list).toEqual([
      expect.objectContaining({
        slug: SLUG,
        itemCount: 7,
        itemsAtTarget: 1,
        currentSignOffs: 0,
        stakeholderCount: 4,
      }),
    ]);
  });

  it("shows the preview of an import with typed-in and computed coverage side by side", async () => {
    const preview = await as(engineer).compliance.previewImport({ markdown: demoTrackerMarkdown() });
    if (!preview.ok) throw new Error("preview failed");
    expect(preview.slugTaken).toBe(true);
    expect(preview.counts).toEqual({
      items: 7,
      requirements: 49,
      phases: 3,
      sprints: 15,
      proofArtifacts: 14,
      deliverables: 5,
      stakeholders: 4,
    });
    expect(preview.items[0]).toMatchObject({
      typedCoverage: 75,
      typedStatus: "In Progress",
      computedStatus: "In Progress",
    });
    expect(roundCoverage(preview.items[0]?.computedCoverage ?? null)).toBe(57.1);
  });
});

describe("imports are all or nothing", () => {
  it("refuses a tracker with errors, naming the lines, and creates nothing", async () => {
    const before = await db.prisma.complianceProgram.count();
    const broken = demoTrackerMarkdown().replace(
      "| Hash manifest | EvidenceBundleManifest |\nDONE |",
      "| Hash manifest | EvidenceBundleManifest |\nFINISHED |",
    );
    const preview = await as(engineer).compliance.previewImport({ markdown: broken, slug: "broken" });
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.errors).toEqual([
      {
        line: 54,
        message:
          'unknown status "FINISHED" for requirement "Hash manifest" (use DONE, PARTIAL, TODO, DEFERRED)',
      },
    ]);
    const error = await as(engineer)
      .compliance.import({ markdown: broken, slug: "broken" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect((error as TRPCError).message).toMatch(/line 54/);
    expect(await db.prisma.complianceProgram.count()).toBe(before);
  });

  it("lets one of two simultaneous imports under one short name win; the other hears CONFLICT", async () => {
    const outcomes = await Promise.all(
      [1, 2].map(() =>
        codeOf(as(engineer).compliance.import({ markdown: demoTrackerMarkdown(), slug: "race" })),
      ),
    );
    expect(outcomes.sort()).toEqual(["CONFLICT", "OK"]);
    expect(await db.prisma.complianceProgram.count({ where: { slug: "race" } })).toBe(1);
  });

  it("refuses a short name that is taken", async () => {
    expect(
      await codeOf(as(engineer).compliance.import({ markdown: demoTrackerMarkdown(), slug: SLUG })),
    ).toBe("CONFLICT");
  });

  it("lets auditors read but not import or edit", async () => {
    expect(await codeOf(as(auditor).compliance.import({ markdown: demoTrackerMarkdown(), slug: "x" }))).toBe(
      "FORBIDDEN",
    );
    const id = await requirementId(1, "Offline CLI verify");
    expect(
      await codeOf(as(auditor).compliance.updateRequirement({ requirementId: id, status: "DONE" })),
    ).toBe("FORBIDDEN");
  });
});

describe("sign-off, edits and the change log", () => {
  it("a security officer signs; the sign-off verifies and is current", async () => {
    const program = await as(officer).compliance.get({ slug: SLUG });
    await as(officer).compliance.signOff({
      slug: SLUG,
      stakeholderRole: "Security Lead",
      revision: program.revision,
    });
    const after = await as(auditor).compliance.get({ slug: SLUG });
    expect(after.signOffs).toEqual([
      expect.objectContaining({
        stakeholderRole: "Security Lead",
        signerName: "Sam Security",
        state: "current",
      }),
    ]);
    expect(after.signOffs[0]?.contentSha256).toBe(after.contentSha256);
    expect((await as(auditor).compliance.list())[0]?.currentSignOffs).toBe(1);
  });

  it("only the named portal role signs for a stakeholder role, and only the revision on screen", async () => {
    const program = await as(engineer).compliance.get({ slug: SLUG });
    expect(
      await codeOf(
        as(engineer).compliance.signOff({
          slug: SLUG,
          stakeholderRole: "Security Lead",
          revision: program.revision,
        }),
      ),
    ).toBe("FORBIDDEN");
    expect(
      await codeOf(
        as(engineer).compliance.signOff({
          slug: SLUG,
          stakeholderRole: "Engineering Lead",
          revision: program.revision + 1,
        }),
      ),
    ).toBe("CONFLICT");
    expect(
      await codeOf(
        as(auditor).compliance.signOff({
          slug: SLUG,
          stakeholderRole: "Product Manager",
          revision: program.revision,
        }),
      ),
    ).toBe("FORBIDDEN");
  });

  it("an engineering lead sets a requirement to DONE: coverage moves, a snapshot is kept, the sign-off is superseded", async () => {
    clock.advance(60_000);
    const id = await requirementId(1, "Offline CLI verify");
    const result = await as(engineer).compliance.updateRequirement({
      requirementId: id,
      status: "DONE",
      owner: "Rhea",
    });
    expect(result).toEqual({ revision: 2, changed: true });
    const program = await as(auditor).compliance.get({ slug: SLUG });
    expect(roundCoverage(program.items[0]?.coverage ?? null)).toBe(71.4);
    expect(program.snapshots.map((snapshot) => roundCoverage(snapshot.coverage))).toEqual([49, 51]);
    expect(program.signOffs[0]?.state).toBe("superseded");
    // the same values again change nothing
    expect(await as(engineer).compliance.updateRequirement({ requirementId: id, status: "DONE" })).toEqual({
      revision: 2,
      changed: false,
    });
    const log = await as(auditor).compliance.changeLog({ slug: SLUG, itemNumber: 1 });
    expect(log[0]).toMatchObject({
      actor: "Rhea Release",
      action: "compliance.requirement_updated",
      itemNumber: 1,
      subject: "Offline CLI verify",
      changes: [
        { field: "status", from: "TODO", to: "DONE" },
        { field: "owner", from: "", to: "Rhea" },
      ],
    });
    expect(await as(auditor).compliance.changeLog({ slug: SLUG, itemNumber: 2 })).toEqual([]);
    const all = await as(auditor).compliance.changeLog({ slug: SLUG });
    expect(all.map((entry) => entry.action)).toEqual([
      "compliance.requirement_updated",
      "compliance.signed_off",
      "compliance.program_imported",
    ]);
  });

  it("the engineering lead signs the new revision; sign-off rows cannot be edited in the database", async () => {
    const program = await as(engineer).compliance.get({ slug: SLUG });
    await as(engineer).compliance.signOff({
      slug: SLUG,
      stakeholderRole: "Engineering Lead",
      revision: program.revision,
    });
    const after = await as(auditor).compliance.get({ slug: SLUG });
    expect(after.signOffs.map((signOff) => [signOff.stakeholderRole, signOff.state])).toEqual([
      ["Engineering Lead", "current"],
      ["Security Lead", "superseded"],
    ]);
    await expect(db.prisma.complianceSignOff.updateMany({ data: { revision: 99 } })).rejects.toThrow();
    // the same person cannot also sign as Product Manager (a role any signer may hold)
    const error = await as(engineer)
      .compliance.signOff({ slug: SLUG, stakeholderRole: "Product Manager", revision: program.revision })
      .catch((caught: unknown) => caught as TRPCError);
    expect(error).toMatchObject({ code: "CONFLICT" });
    expect((error as TRPCError).message).toBe(
      "You signed this revision as Engineering Lead already; Product Manager needs another person",
    );
    expect(
      await codeOf(
        as(officer).compliance.signOff({
          slug: SLUG,
          stakeholderRole: "Product Manager",
          revision: program.revision,
        }),
      ),
    ).toBe("OK");
  });
});

describe("proof artifacts", () => {
  it("are verified only when the stored bytes hash to the digest and the signature names it", async () => {
    const program = await as(engineer).compliance.get({ slug: SLUG });
    const [first, second] = program.items[0]?.proofs ?? [];
    if (!first || !second) throw new Error("no proofs");
    expect(first.state).toBe("not-linked");
    const content = Buffer.from("offline verification report: all signatures OK\n");
    const signed = await as(engineer).compliance.attachProof({
      proofId: first.id,
      fileName: "report.txt",
      contentBase64: content.toString("base64"),
      sign: true,
    });
    await as(engineer).compliance.attachProof({
      proofId: second.id,
      fileName: "chain.txt",
      contentBase64: Buffer.from("chain").toString("base64"),
      sign: false,
    });
    let proofs = (await as(auditor).compliance.get({ slug: SLUG })).items[0]?.proofs ?? [];
    expect(proofs.map((proof) => proof.state)).toEqual(["verified", "unsigned"]);
    expect(proofs[0]?.evidenceSha256).toBe(signed.sha256);

    // someone edits the stored bytes: the digest no longer matches
    const file = path.join(blobDir, "sha256", signed.sha256.slice(0, 2), signed.sha256);
    fs.writeFileSync(file, "tampered");
    proofs = (await as(auditor).compliance.get({ slug: SLUG })).items[0]?.proofs ?? [];
    expect(proofs[0]?.state).toBe("digest-mismatch");
    fs.rmSync(file);
    proofs = (await as(auditor).compliance.get({ slug: SLUG })).items[0]?.proofs ?? [];
    expect(proofs[0]?.state).toBe("missing-bytes");

    // an envelope that is not a signature over this digest
    const envelope = JSON.stringify({
      payloadType: "text/plain",
      payload: "aGk=",
      signatures: [{ keyid: "", sig: "AAAA" }],
    });
    await as(engineer).compliance.attachProof({
      proofId: first.id,
      fileName: "report.txt",
      contentBase64: content.toString("base64"),
      envelope,
    });
    proofs = (await as(auditor).compliance.get({ slug: SLUG })).items[0]?.proofs ?? [];
    expect(proofs[0]?.state).toBe("bad-signature");
    expect(
      await codeOf(
        as(engineer).compliance.attachProof({
          proofId: first.id,
          fileName: "x",
          contentBase64: "eA==",
          envelope: "{",
        }),
      ),
    ).toBe("BAD_REQUEST");
  });
});

describe("exports", () => {
  it("Markdown re-imports to the same program, CSV is one row per requirement", async () => {
    const markdown = await exportProgram(db.prisma, SLUG, "md");
    await as(engineer).compliance.import({ markdown: markdown.body, slug: "round-trip" });
    const original = documentOf(await loadProgramRow(db.prisma, { slug: SLUG }));
    const copy = documentOf(await loadProgramRow(db.prisma, { slug: "round-trip" }));
    expect(contentSha256(copy)).toBe(contentSha256(original));
    expect((await exportProgram(db.prisma, "round-trip", "md")).body).toBe(markdown.body);

    const csv = await exportProgram(db.prisma, SLUG, "csv");
    const rows = csv.body.trimEnd().split("\r\n");
    expect(rows).toHaveLength(50);
    expect(rows[0]).toBe(
      "Item,Item title,Target,Item coverage,Requirement,Implementation,Status,Sprint,Owner,Notes,Frameworks",
    );
    expect(rows[1]).toBe(
      '1,Attestation Caching (Offline),Demo Ready,71.4%,DSSE caching,"TrustVerdictCache, CachedAttestorVerificationService",DONE,Existing,,,',
    );

    const json = JSON.parse((await exportProgram(db.prisma, SLUG, "json")).body);
    expect(json.computed.coverage).toBe(51);
    expect(json.program.items).toHaveLength(7);
    expect(json.signOffs).toHaveLength(3);
  });
});

describe("demo seed", () => {
  it("skips the demo tracker when its file is missing instead of failing the start", async () => {
    const other = await createTestDatabase();
    try {
      const result = await seedDemoCompliance(other.prisma, clock, () => {
        throw new Error("ENOENT: no such file");
      });
      expect(result).toEqual({ created: 0 });
      expect(await other.prisma.complianceProgram.count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
