// /reports/continuity through tRPC as each role would call it: auditors and security officers start runs and sign
// reports, every evidence reader sees them, nobody else starts anything; a start wakes the background runner; the
// downloads render the signed document.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { verifyAllDeps } from "@/test/continuity";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { evidenceDeps, SAMPLE_CYCLONEDX, tempBlobStore } from "@/test/evidence";
import { installTestSoftwareBackend } from "@/test/signing";
import type { SessionUser } from "../../auth/session";
import { manualClock } from "../../lib/clock";
import { createSigningKey } from "../../signing/keys/create-signing-key";
import { createCaller } from "../../trpc/root";
import { uploadEvidence } from "../upload-evidence";
import { exportContinuityReport } from "./export-continuity-report";
import { runVerifyAll, type VerifyAllDeps } from "./run-verify-all";
import { installVerifyAllRunner } from "./verify-all-job";

const clock = manualClock("2026-11-20T09:00:00.000Z");
const store = tempBlobStore();
let db: TestDatabase;
let auditor: SessionUser;
let engineer: SessionUser;
let restoreBackend: () => void;
let restoreRunner: () => void;
const wakes: Array<() => Promise<VerifyAllDeps>> = [];

const as = (user: SessionUser) => createCaller(contextFor(db.prisma, user, { clock }));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );
const run = () => runVerifyAll(verifyAllDeps(db.prisma, clock, store.directory));

beforeAll(async () => {
  db = await createTestDatabase();
  restoreBackend = installTestSoftwareBackend().restore;
  restoreRunner = installVerifyAllRunner((makeDeps) => wakes.push(makeDeps));
  auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  engineer = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  const officer = { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] };
  await db.prisma.$transaction((tx) =>
    createSigningKey(tx, { purpose: "attestation", backend: "software", actor: officer, clock }),
  );
  await uploadEvidence(evidenceDeps(db.prisma, clock, store.blobs), {
    meta: { kind: "SBOM", fileName: "sbom.cdx.json" },
    bytes: SAMPLE_CYCLONEDX,
    producer: { kind: "USER", userId: engineer.id, name: engineer.name },
    actor: { id: engineer.id, name: engineer.name, roles: engineer.roles },
  });
});
afterAll(async () => {
  restoreRunner();
  restoreBackend();
  await db.close();
  store.remove();
});

describe("continuity router", () => {
  it("an auditor starts runs (the runner is woken), sees progress, compares and signs; a release engineer may only look", async () => {
    clock.advance(60_000);
    const queued = await as(auditor).continuity.start({ label: " pre-upgrade 2026.11 " });
    expect(queued).toMatchObject({
      status: "QUEUED",
      label: "pre-upgrade 2026.11",
      requestedByName: "Ada Auditor",
    });
    expect(wakes).toHaveLength(1);
    expect(await as(engineer).continuity.activeRun()).toMatchObject({ id: queued.id, status: "QUEUED" });
    expect(await codeOf(as(auditor).continuity.start({ label: "again" }))).toBe("CONFLICT");
    expect(await codeOf(as(engineer).continuity.start({ label: "mine" }))).toBe("FORBIDDEN");
    await run();
    clock.advance(60_000);
    await as(auditor).continuity.start({ label: "post-upgrade 2027.1" });
    await run();
    expect(await as(engineer).continuity.activeRun()).toBeNull();

    const list = await as(engineer).continuity.snapshots({ finishedOnly: true });
    expect(list.snapshots.map((snapshot) => snapshot.label)).toEqual([
      "post-upgrade 2027.1",
      "pre-upgrade 2026.11",
    ]);
    const [target, baseline] = list.snapshots;
    const pair = { baselineId: baseline?.id as string, targetId: target?.id as string };
    const compared = await as(engineer).continuity.compare(pair);
    expect(compared).toMatchObject({ verdict: "CONTINUOUS", counts: { UNCHANGED: 1 }, report: null });
    expect((await as(engineer).continuity.items({ ...pair, status: "UNCHANGED" })).items).toHaveLength(1);
    expect(await codeOf(as(engineer).continuity.signReport(pair))).toBe("FORBIDDEN");
    const signed = await as(auditor).continuity.signReport(pair);
    expect(signed).toMatchObject({ created: true, verdict: "CONTINUOUS", createdByName: "Ada Auditor" });
    expect((await as(engineer).continuity.compare(pair)).report?.id).toBe(signed.id);

    const html = await exportContinuityReport(db.prisma, signed.id, "html");
    expect(html.contentType).toBe("text/html; charset=utf-8");
    expect(html.body).toContain("<strong>CONTINUOUS</strong>");
    expect(html.body).toContain("Reproduces the old root");
    expect(html.body).not.toMatch(/<script|<link|src=|https?:\/\/(?!release-governance-portal\.dev)/);
    const csv = await exportContinuityReport(db.prisma, signed.id, "csv");
    expect(csv.body.split("\r\n")[0]).toBe(
      "evidence_id,file_name,kind,status,reason,baseline_sha256,baseline_status,target_sha256,target_status",
    );
    expect(csv.body).toContain(",sbom.cdx.json,SBOM,UNCHANGED,Same digest,");
    const json = await exportContinuityReport(db.prisma, signed.id, "json");
    expect(JSON.parse(json.body)).toMatchObject({ verdict: "CONTINUOUS", counts: { UNCHANGED: 1 } });
    const dsse = await exportContinuityReport(db.prisma, signed.id, "dsse");
    expect(JSON.parse(dsse.body)).toMatchObject({ payloadType: "application/vnd.in-toto+json" });
  });

  it("answers bad input with clear refusals", async () => {
    const { snapshots } = await as(auditor).continuity.snapshots({});
    const id = snapshots[0]?.id as string;
    expect(await codeOf(as(auditor).continuity.compare({ baselineId: id, targetId: id }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await codeOf(
        as(auditor).continuity.compare({ baselineId: "00000000-0000-4000-8000-000000000000", targetId: id }),
      ),
    ).toBe("NOT_FOUND");
    expect(await codeOf(as(auditor).continuity.snapshot({ id: "not-a-uuid" }))).toBe("BAD_REQUEST");
    expect(await codeOf(as(auditor).continuity.start({ label: "" }))).toBe("BAD_REQUEST");
    await expect(exportContinuityReport(db.prisma, "nope", "json")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
