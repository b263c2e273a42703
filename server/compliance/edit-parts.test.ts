// Adding and removing the parts of a readiness program through the router on a real database (PGlite, or
// PostgreSQL with TEST_DATABASE_URL): coverage moves, every change is in the change log, sign-offs turn
// superseded, bad input gets a clear answer (never a 500), auditors change nothing, and the export still
// re-imports to the same program.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { manualClock } from "../lib/clock";
import type { SessionUser } from "../trpc/context";
import { createCaller } from "../trpc/root";
import { exportProgram } from "./export-program";
import { roundCoverage } from "./policy";
import { contentSha256, documentOf, loadProgramRow } from "./program-store";
import { DEMO_TRACKER_SLUG, seedDemoCompliance } from "./seed-compliance";

const clock = manualClock("2026-12-01T09:00:00.000Z");
const SLUG = DEMO_TRACKER_SLUG;
let db: TestDatabase;
let restoreSigning: () => void;
let engineer: SessionUser;
let officer: SessionUser;
let auditor: SessionUser;

beforeAll(async () => {
  db = await createTestDatabase();
  restoreSigning = installTestSoftwareBackend().restore;
  engineer = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  officer = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Security" });
  auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  await as(officer).keys.create({ purpose: "attestation", backend: "software", label: "attestation-test" });
  expect(await seedDemoCompliance(db.prisma, clock)).toEqual({ created: 1 });
});
afterAll(async () => {
  restoreSigning();
  await db.close();
});

function as(user: SessionUser) {
  return createCaller(contextFor(db.prisma, { ...user, authTime: clock.now() }, { clock }));
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: "OK", message: "" }),
    (error: unknown) =>
      error instanceof TRPCError
        ? { code: error.code, message: error.message }
        : { code: String(error), message: "" },
  );

const program = () => as(auditor).compliance.get({ slug: SLUG });
const itemOf = async (number: number) => {
  const found = (await program()).items.find((item) => item.number === number);
  if (!found) throw new Error(`no item ${number}`);
  return found;
};
const latestChange = async (itemNumber?: number) =>
  (await as(auditor).compliance.changeLog({ slug: SLUG, itemNumber }))[0];

describe("requirements", () => {
  it("an editor adds a DONE requirement: coverage moves, the change log names it, a snapshot is kept, the sign-off is superseded", async () => {
    const before = await program();
    await as(officer).compliance.signOff({
      slug: SLUG,
      stakeholderRole: "Security Lead",
      revision: before.revision,
    });
    const item = await itemOf(1);
    expect(roundCoverage(item.coverage)).toBe(57.1);
    clock.advance(60_000);
    const { revision } = await as(engineer).compliance.addRequirement({
      itemId: item.id,
      title: "Offline bundle export",
      status: "DONE",
      sprint: "Existing",
      frameworks: ["SOC2:CC6.1", "SOC2:CC6.1"],
    });
    expect(revision).toBe(before.revision + 1);
    const after = await program();
    const changed = after.items.find((entry) => entry.number === 1);
    expect(changed?.requirements.at(-1)).toMatchObject({
      title: "Offline bundle export",
      status: "DONE",
      frameworks: ["SOC2:CC6.1"],
    });
    expect(roundCoverage(changed?.coverage ?? null)).toBe(62.5);
    expect(after.requirementCount).toBe(before.requirementCount + 1);
    expect(after.snapshots.at(-1)).toMatchObject({ revision });
    expect(after.signOffs[0]?.state).toBe("superseded");
    expect(await latestChange(1)).toMatchObject({
      actor: "Rhea Release",
      action: "compliance.part_added",
      label: "Added to the readiness program",
      itemNumber: 1,
      subject: "Requirement “Offline bundle export”",
      changes: expect.arrayContaining([
        { field: "requirement", from: null, to: "Offline bundle export" },
        { field: "status", from: null, to: "DONE" },
        { field: "frameworks", from: null, to: ["SOC2:CC6.1"] },
      ]),
    });
  });

  it("refuses an empty title, a duplicate title, an unknown status and a missing item with clear errors", async () => {
    const item = await itemOf(1);
    expect(
      await failureOf(as(engineer).compliance.addRequirement({ itemId: item.id, title: "  " })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await failureOf(
        as(engineer).compliance.addRequirement({ itemId: item.id, title: "offline bundle EXPORT" }),
      ),
    ).toEqual({ code: "CONFLICT", message: "Item 1 already has a requirement “offline bundle EXPORT”" });
    expect(
      await failureOf(
        as(engineer).compliance.addRequirement({
          itemId: item.id,
          title: "x",
          status: "SHIPPED" as "DONE",
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST" });
    expect(
      await failureOf(
        as(engineer).compliance.addRequirement({
          itemId: "00000000-0000-4000-8000-000000000000",
          title: "x",
        }),
      ),
    ).toEqual({ code: "NOT_FOUND", message: "No such item" });
    expect(
      await failureOf(as(engineer).compliance.addRequirement({ itemId: item.id, title: "two\nlines" })),
    ).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("an editor removes a requirement: coverage moves back and the change log keeps what it held", async () => {
    const item = await itemOf(1);
    const added = item.requirements.find((requirement) => requirement.title === "Offline bundle export");
    await as(engineer).compliance.removeRequirement({ requirementId: added?.id ?? "" });
    expect(roundCoverage((await itemOf(1)).coverage)).toBe(57.1);
    expect(await latestChange(1)).toMatchObject({
      action: "compliance.part_removed",
      subject: "Requirement “Offline bundle export”",
      changes: expect.arrayContaining([{ field: "status", from: "DONE", to: null }]),
    });
    expect(
      await failureOf(as(engineer).compliance.removeRequirement({ requirementId: added?.id ?? "" })),
    ).toEqual({ code: "NOT_FOUND", message: "No such requirement (removed already?)" });
  });
});

describe("items", () => {
  it("an editor adds an item with the next free number, then one with a chosen number", async () => {
    const before = await program();
    const { number } = await as(engineer).compliance.addItem({
      slug: SLUG,
      title: "Key ceremonies",
      summary: "M-of-N approvals",
      targetLevel: "RFP",
    });
    expect(number).toBe(8);
    const chosen = await as(engineer).compliance.addItem({ slug: SLUG, number: 12, title: "Escrow" });
    expect(chosen.number).toBe(12);
    const after = await program();
    expect(after.items.map((item) => item.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 12]);
    expect(after.items.find((item) => item.number === 8)).toMatchObject({
      title: "Key ceremonies",
      targetLevel: "RFP",
      coverage: null,
      documentCoverage: null,
    });
    // an item without requirements counts for nothing: program coverage stays where it was
    expect(after.coverage).toBe(before.coverage);
    expect(after.revision).toBe(before.revision + 2);
    expect(await latestChange(12)).toMatchObject({
      action: "compliance.part_added",
      subject: "Item “Escrow”",
      changes: expect.arrayContaining([{ field: "item", from: null, to: "12" }]),
    });
  });

  it("refuses a duplicate item number and an empty title (never a 500)", async () => {
    expect(
      await failureOf(as(engineer).compliance.addItem({ slug: SLUG, number: 3, title: "Again" })),
    ).toEqual({ code: "CONFLICT", message: "Item 3 exists already; choose another number" });
    expect(await failureOf(as(engineer).compliance.addItem({ slug: SLUG, title: "" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await failureOf(as(engineer).compliance.addItem({ slug: SLUG, number: 0, title: "Zero" })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await failureOf(as(engineer).compliance.addItem({ slug: "no-such-program", title: "Orphan" })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("an editor removes an item with its requirements; the change log says how many went", async () => {
    const escrow = await itemOf(12);
    await as(engineer).compliance.addRequirement({
      itemId: escrow.id,
      title: "Shamir shares",
      status: "DONE",
    });
    await as(engineer).compliance.removeItem({ itemId: escrow.id });
    expect((await program()).items.map((item) => item.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await latestChange(12)).toMatchObject({
      action: "compliance.part_removed",
      subject: "Item “Escrow”",
      changes: expect.arrayContaining([{ field: "requirements", from: "1", to: null }]),
    });
    expect(await failureOf(as(engineer).compliance.removeItem({ itemId: escrow.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("proof artifacts and documentation deliverables", () => {
  it("an editor lists a proof artifact (evidence is attached later) and removes it", async () => {
    const item = await itemOf(8);
    const { id } = await as(engineer).compliance.addProof({
      itemId: item.id,
      description: "Ceremony transcript",
    });
    expect((await itemOf(8)).proofs).toEqual([
      expect.objectContaining({ id, description: "Ceremony transcript", state: "not-linked" }),
    ]);
    expect(
      await failureOf(
        as(engineer).compliance.addProof({ itemId: item.id, description: "ceremony TRANSCRIPT" }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect(
      await failureOf(as(engineer).compliance.addProof({ itemId: item.id, description: "" })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    await as(engineer).compliance.removeProof({ proofId: id });
    expect((await itemOf(8)).proofs).toEqual([]);
    expect(await latestChange(8)).toMatchObject({
      action: "compliance.part_removed",
      subject: "Proof artifact “Ceremony transcript”",
    });
  });

  it("an editor adds and removes a documentation deliverable", async () => {
    const before = await program();
    const { id } = await as(engineer).compliance.addDeliverable({
      slug: SLUG,
      title: "Ceremony runbook",
      path: "docs/operations/ceremony.md",
    });
    const after = await program();
    expect(after.deliverables.at(-1)).toEqual({
      id,
      title: "Ceremony runbook",
      path: "docs/operations/ceremony.md",
      status: "TODO",
    });
    expect(await latestChange()).toMatchObject({
      action: "compliance.part_added",
      itemNumber: null,
      subject: "Documentation deliverable “Ceremony runbook”",
    });
    expect(await failureOf(as(engineer).compliance.addDeliverable({ slug: SLUG, title: " " }))).toMatchObject(
      {
        code: "BAD_REQUEST",
      },
    );
    await as(engineer).compliance.removeDeliverable({ deliverableId: id });
    expect((await program()).deliverables).toEqual(before.deliverables);
  });

  it("auditors add and remove nothing", async () => {
    const item = await itemOf(1);
    const calls = [
      as(auditor).compliance.addItem({ slug: SLUG, title: "Nope" }),
      as(auditor).compliance.removeItem({ itemId: item.id }),
      as(auditor).compliance.addRequirement({ itemId: item.id, title: "Nope" }),
      as(auditor).compliance.removeRequirement({ requirementId: item.requirements[0]?.id ?? "" }),
      as(auditor).compliance.addProof({ itemId: item.id, description: "Nope" }),
      as(auditor).compliance.addDeliverable({ slug: SLUG, title: "Nope" }),
    ];
    const outcomes = await Promise.all(calls.map((call) => failureOf(call)));
    expect(outcomes.map((outcome) => outcome.code)).toEqual(calls.map(() => "FORBIDDEN"));
  });

  it("the edited program still exports to Markdown that re-imports to the same program", async () => {
    const markdown = await exportProgram(db.prisma, SLUG, "md");
    await as(engineer).compliance.import({ markdown: markdown.body, slug: "edited-copy" });
    const original = documentOf(await loadProgramRow(db.prisma, { slug: SLUG }));
    const copy = documentOf(await loadProgramRow(db.prisma, { slug: "edited-copy" }));
    expect(copy.items.map((item) => item.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(contentSha256(copy)).toBe(contentSha256(original));
  });
});
