// verify-all and continuity reports on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): a run sees
// every blob and signature, a second start is refused, a report between a baseline and a later snapshot names
// exactly what changed, the signed report verifies with openssl and the offline verifier, and the database keeps
// finished snapshots and signed reports as they are.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/context";
import { registrySignedAttestation, strangerSignedAttestation, verifyAllDeps } from "@/test/continuity";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { evidenceDeps, SAMPLE_CYCLONEDX, SAMPLE_SARIF, tempBlobStore } from "@/test/evidence";
import { opensslVerify } from "@/test/openssl";
import { installTestSoftwareBackend } from "@/test/signing";
import type { AuditActor } from "../../audit/events";
import { Prisma } from "../../db/generated/client";
import { manualClock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { pae } from "../../signing/dsse";
import { createSigningKey } from "../../signing/keys/create-signing-key";
import { exportTrustRoot, trustedKeysOf } from "../../signing/keys/export-trust-root";
import { createFileBlobStore, sha256Hex } from "../blob-store";
import { exportBundle } from "../bundle/export-bundle";
import type { EvidenceDeps } from "../deps";
import type { UploadEvidenceMeta } from "../schemas";
import { uploadEvidence } from "../upload-evidence";
import { fileBlobReader } from "./blob-reader";
import { CONTINUITY_STATUS_SQL, compareSnapshots, findComparisonItems } from "./compare-snapshots";
import { createContinuityReport } from "./create-continuity-report";
import { evidenceRoot } from "./evidence-tree";
import { classifyContinuity } from "./policy";
import { ZContinuityReportDocument } from "./report-document";
import { runVerifyAll } from "./run-verify-all";
import type { SnapshotView } from "./schemas";
import { startVerifyAll } from "./start-verify-all";
import { verifyContinuityReport } from "./verify-report";

const clock = manualClock("2026-11-20T09:00:00.000Z");
const store = tempBlobStore();
const minute = 60_000;
let db: TestDatabase;
let deps: EvidenceDeps;
let restoreBackend: () => void;
let actor: AuditActor & { id: string };
const ids: Record<string, string> = {};

const worker = (options: Parameters<typeof verifyAllDeps>[3] = {}) =>
  verifyAllDeps(db.prisma, clock, store.directory, options);
const start = (label: string) =>
  startVerifyAll({ prisma: db.prisma, clock, appVersion: "0.1.0" }, { input: { label }, actor });

async function upload(name: string, meta: Partial<UploadEvidenceMeta>, bytes: Buffer): Promise<string> {
  const result = await uploadEvidence(deps, {
    meta: { kind: "OTHER", fileName: name, ...meta },
    bytes,
    producer: { kind: "USER", userId: actor.id, name: actor.name },
    actor,
  });
  ids[name] = result.evidence.id;
  return result.evidence.id;
}

/** Starts a run, carries it out, and moves the clock on so the next run sees a later moment. */
async function verifyAll(label: string): Promise<SnapshotView> {
  clock.advance(minute);
  await start(label);
  const finished = await runVerifyAll(worker({ batchItems: 2 }));
  clock.advance(minute);
  if (!finished) throw new Error("nothing was run");
  return finished;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    if (error instanceof Error && error.name === "ZodError") return { code: "ZOD", message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

const writeCount = async () => ({
  snapshots: await db.prisma.evidenceSnapshot.count(),
  items: await db.prisma.evidenceSnapshotItem.count(),
  reports: await db.prisma.continuityReport.count(),
  audit: await db.prisma.auditEvent.count(),
});

beforeAll(async () => {
  db = await createTestDatabase();
  restoreBackend = installTestSoftwareBackend().restore;
  deps = evidenceDeps(db.prisma, clock, store.blobs);
  const user = await createTestUser(db.prisma, {
    roles: ["AUDITOR", "SECURITY_OFFICER"],
    name: "Ada Auditor",
  });
  actor = { id: user.id, name: user.name, roles: user.roles };
  await db.prisma.$transaction((tx) =>
    createSigningKey(tx, { purpose: "attestation", backend: "software", actor, clock }),
  );
  await upload("sbom.cdx.json", { kind: "SBOM" }, SAMPLE_CYCLONEDX);
  await upload("scan.sarif", { kind: "SCAN_REPORT" }, SAMPLE_SARIF);
  await upload(
    "build.intoto.dsse.json",
    { kind: "ATTESTATION" },
    await registrySignedAttestation(db.prisma, clock, "app.tar.gz"),
  );
});

afterAll(async () => {
  restoreBackend();
  await db.close();
  store.remove();
});

let baseline: SnapshotView;
let after: SnapshotView;

describe("the comparison in SQL", () => {
  it("classifies every combination exactly as classifyContinuity does", async () => {
    const id = "11111111-1111-4111-8111-111111111111";
    const sides = [null, { sha256: null }, { sha256: "a".repeat(64) }, { sha256: "b".repeat(64) }];
    const cases = sides
      .flatMap((baseline) => sides.map((target) => ({ baseline, target })))
      .filter((c) => c.baseline || c.target);
    const rows = cases.map(
      (c, k) =>
        Prisma.sql`(${k}::int, ${c.baseline ? id : null}::uuid, ${c.baseline?.sha256 ?? null}::text, ${c.target ? id : null}::uuid, ${c.target?.sha256 ?? null}::text)`,
    );
    const result = await db.prisma.$queryRaw<{ k: number; status: string }[]>`
      SELECT c."k", ${CONTINUITY_STATUS_SQL} AS "status"
      FROM (VALUES ${Prisma.join(rows)}) AS c("k", "b_id", "b_sha", "t_id", "t_sha")
      CROSS JOIN LATERAL (SELECT c."b_id" AS "evidence_id", c."b_sha" AS "actual_sha256") b
      CROSS JOIN LATERAL (SELECT c."t_id" AS "evidence_id", c."t_sha" AS "actual_sha256") t
      ORDER BY c."k"`;
    const observation = (side: { sha256: string | null } | null) =>
      side
        ? {
            status: side.sha256 ? ("OK" as const) : ("MISSING" as const),
            actualSha256: side.sha256,
            reason: "",
          }
        : null;
    expect(result.map((row) => row.status)).toEqual(
      cases.map((c) => classifyContinuity(observation(c.baseline), observation(c.target)).status),
    );
  });
});

describe("the blob reader", () => {
  it("reads the blob store's layout, streaming, and keeps bytes only when asked", async () => {
    const blobs = createFileBlobStore(store.directory);
    const { sha256 } = await blobs.put(Buffer.from("layout probe\n"));
    const reader = fileBlobReader(store.directory);
    expect(await reader.read(sha256)).toEqual({ state: "read", sha256, size: 13, bytes: null });
    expect(await reader.read(sha256, { keepUpTo: 100 })).toMatchObject({
      bytes: Buffer.from("layout probe\n"),
    });
    expect(await reader.read("0".repeat(64))).toMatchObject({ state: "missing" });
    expect(await reader.read("../etc/passwd")).toMatchObject({ state: "missing" });
  });
});

describe("verify-all", () => {
  it("checks every blob and signature, and keeps the evidence root and the audit tree head", async () => {
    baseline = await verifyAll("pre-upgrade 2026.11");
    expect(baseline).toMatchObject({
      status: "FINISHED",
      label: "pre-upgrade 2026.11",
      appVersion: "0.1.0",
      totalItems: 3,
      processedItems: 3,
      counts: { ok: 3, changed: 0, missing: 0, badSignature: 0 },
    });
    const records = await db.prisma.evidenceRecord.findMany({ select: { id: true, sha256: true } });
    expect(baseline.evidenceRoot).toBe(
      evidenceRoot(records.map((r) => ({ evidenceId: r.id, sha256: r.sha256 }))).root,
    );
    const items = await db.prisma.evidenceSnapshotItem.findMany({ where: { snapshotId: baseline.id } });
    const attestation = items.find((item) => item.evidenceId === ids["build.intoto.dsse.json"]);
    expect(attestation).toMatchObject({
      status: "OK",
      reason: expect.stringContaining("DSSE envelope: 1 trusted signature verifies"),
    });
    // the audit tree head is the log as it was when the run finished (its own "finished" event comes after it)
    const finished = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "evidence.verify_all_finished", subjectId: baseline.id },
    });
    expect(Number(finished.seq)).toBe((baseline.auditTreeSize ?? 0) + 1);
    expect(finished.payload).toMatchObject({
      evidenceRoot: baseline.evidenceRoot,
      auditRoot: baseline.auditRoot,
    });
    expect(finished.actorName).toBe("system");
    const started = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "evidence.verify_all_started", subjectId: baseline.id },
    });
    expect(started.actorId).toBe(actor.id);
  });

  it("answers a second start while a run is queued with a conflict, and writes nothing", async () => {
    const queued = await start("first");
    const before = await writeCount();
    expect(await refusal(start("second"))).toEqual({
      code: "CONFLICT",
      message:
        "A verify-all run is already queued (“first”, asked for by Ada Auditor); wait for it to finish",
    });
    expect(await writeCount()).toEqual(before);
    // two workers at once: one carries the run, the other finds nothing to claim
    const [one, two] = await Promise.all([
      runVerifyAll(worker({ workerId: "a" })),
      runVerifyAll(worker({ workerId: "b" })),
    ]);
    expect([one, two].filter(Boolean)).toHaveLength(1);
    expect((one ?? two)?.id).toBe(queued.id);
    expect(await runVerifyAll(worker())).toBeNull();
    clock.advance(minute);
  });

  it("lets only one of two simultaneous starts through", async () => {
    const outcomes = await Promise.allSettled([start("left"), start("right")]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    expect(await db.prisma.evidenceSnapshot.count({ where: { status: "QUEUED" } })).toBe(1);
    await runVerifyAll(worker());
    clock.advance(minute);
  });

  it("refuses labels that are empty, too long or more than one line", async () => {
    expect(await refusal(start("   "))).toMatchObject({
      code: "ZOD",
      message: expect.stringContaining("Give the run a label"),
    });
    expect(await refusal(start("x".repeat(121)))).toMatchObject({
      message: expect.stringContaining("at most 120"),
    });
    expect(await refusal(start("two\nlines"))).toMatchObject({
      message: expect.stringContaining("one line"),
    });
  });

  it("takes over a run whose worker stopped, and resumes after what it recorded", async () => {
    const queued = await start("taken over");
    const now = clock.now();
    await db.prisma.evidenceSnapshot.update({
      where: { id: queued.id },
      data: {
        status: "RUNNING",
        startedAt: now,
        scopeAt: now,
        claimedBy: "dead",
        heartbeatAt: now,
        totalItems: 3,
      },
    });
    const first = await db.prisma.evidenceRecord.findFirstOrThrow({ orderBy: { id: "asc" } });
    await db.prisma.evidenceSnapshotItem.create({
      data: {
        snapshotId: queued.id,
        evidenceId: first.id,
        recordedSha256: first.sha256,
        actualSha256: first.sha256,
        size: first.size,
        status: "OK",
        reason: "Digest matches the record",
        checkedAt: now,
      },
    });
    await db.prisma.evidenceSnapshot.update({
      where: { id: queued.id },
      data: { processedItems: 1, okCount: 1 },
    });
    // a live worker is left alone
    expect(await runVerifyAll(worker())).toBeNull();
    clock.advance(6 * minute);
    const finished = await runVerifyAll(worker());
    expect(finished).toMatchObject({
      id: queued.id,
      status: "FINISHED",
      processedItems: 3,
      counts: { ok: 3 },
    });
    expect(finished?.evidenceRoot).toBe(baseline.evidenceRoot);
    clock.advance(minute);
  });
});

describe("a continuity report after one blob changed and one piece of evidence was added", () => {
  it("names exactly the changed and the added evidence, and nothing else", async () => {
    const sarif = await db.prisma.evidenceRecord.findUniqueOrThrow({ where: { id: ids["scan.sarif"] } });
    fs.writeFileSync(store.pathOf(sarif.sha256), '{"version":"2.1.0","runs":[{"results":["edited"]}]}\n');
    await upload(
      "later.spdx.json",
      { kind: "SBOM" },
      Buffer.from(JSON.stringify({ spdxVersion: "SPDX-2.3", SPDXID: "SPDXRef-DOCUMENT", name: "later" })),
    );
    after = await verifyAll("post-upgrade 2027.1");
    expect(after.counts).toEqual({ ok: 3, changed: 1, missing: 0, badSignature: 0 });

    const comparison = await compareSnapshots(db.prisma, { baselineId: baseline.id, targetId: after.id });
    expect(comparison.counts).toEqual({ UNCHANGED: 2, CHANGED: 1, MISSING: 0, ADDED: 1 });
    expect(comparison.verdict).toBe("BROKEN");
    expect(comparison.reasons).toEqual([
      "1 piece of evidence has a different digest than in the baseline",
      "In the target, 1 blob does not hash to the digest on its record",
    ]);
    expect(comparison.audit).toMatchObject({ verified: true });
    expect(comparison.baselineRootInTarget).not.toBe(baseline.evidenceRoot);

    const changed = await findComparisonItems(db.prisma, {
      baselineId: baseline.id,
      targetId: after.id,
      status: "CHANGED",
    });
    const added = await findComparisonItems(db.prisma, {
      baselineId: baseline.id,
      targetId: after.id,
      status: "ADDED",
    });
    expect(changed.items.map((item) => item.fileName)).toEqual(["scan.sarif"]);
    expect(changed.items[0]?.reason).toMatch(/^Digest was [0-9a-f]{12}…, is now [0-9a-f]{12}…$/);
    expect(added.items.map((item) => item.fileName)).toEqual(["later.spdx.json"]);
    const all = await findComparisonItems(db.prisma, {
      baselineId: baseline.id,
      targetId: after.id,
      limit: 2,
    });
    const rest = await findComparisonItems(db.prisma, {
      baselineId: baseline.id,
      targetId: after.id,
      limit: 2,
      after: all.nextCursor ?? undefined,
    });
    expect([...all.items, ...rest.items].map((item) => item.status).sort()).toEqual([
      "ADDED",
      "CHANGED",
      "UNCHANGED",
      "UNCHANGED",
    ]);
    expect(rest.nextCursor).toBeNull();
  });

  it("is CONTINUOUS between two snapshots where nothing changed", async () => {
    const again = await verifyAll("post-upgrade, again");
    const comparison = await compareSnapshots(db.prisma, { baselineId: after.id, targetId: again.id });
    // the edited blob is still edited: unchanged since `after`, but the target does not verify cleanly
    expect(comparison.counts).toEqual({ UNCHANGED: 4, CHANGED: 0, MISSING: 0, ADDED: 0 });
    expect(comparison.baselineRootInTarget).toBe(after.evidenceRoot);
    expect(comparison.verdict).toBe("BROKEN");
    const sarif = await db.prisma.evidenceRecord.findUniqueOrThrow({ where: { id: ids["scan.sarif"] } });
    fs.writeFileSync(store.pathOf(sarif.sha256), SAMPLE_SARIF);
    const repaired = await verifyAll("repaired");
    const clean = await verifyAll("clean");
    expect(await compareSnapshots(db.prisma, { baselineId: repaired.id, targetId: clean.id })).toMatchObject({
      counts: { UNCHANGED: 4, CHANGED: 0, MISSING: 0, ADDED: 0 },
      verdict: "CONTINUOUS",
      reasons: [],
      audit: { verified: true },
    });
    const fromBaseline = await compareSnapshots(db.prisma, { baselineId: baseline.id, targetId: clean.id });
    expect(fromBaseline.counts).toEqual({ UNCHANGED: 3, CHANGED: 0, MISSING: 0, ADDED: 1 });
    expect(fromBaseline.verdict).toBe("CONTINUOUS");
  });
});

describe("problems verify-all detects", () => {
  it("a missing blob and an attestation whose signature no trusted key made", async () => {
    await upload(
      "stranger.dsse.json",
      { kind: "ATTESTATION" },
      await strangerSignedAttestation("other.tar.gz"),
    );
    const before = await verifyAll("before the loss");
    const sbom = await db.prisma.evidenceRecord.findUniqueOrThrow({ where: { id: ids["sbom.cdx.json"] } });
    fs.rmSync(store.pathOf(sbom.sha256));
    const lost = await verifyAll("after the loss");
    expect(lost.counts).toEqual({ ok: 3, changed: 0, missing: 1, badSignature: 1 });
    const items = await db.prisma.evidenceSnapshotItem.findMany({
      where: { snapshotId: lost.id, status: { not: "OK" } },
    });
    expect(items.map((item) => [item.evidenceId, item.status, item.reason]).sort()).toEqual(
      [
        [ids["sbom.cdx.json"], "MISSING", "The bytes are not in the blob store"],
        [
          ids["stranger.dsse.json"],
          "BAD_SIGNATURE",
          "DSSE envelope: no signature verifies with a trusted key",
        ],
      ].sort(),
    );
    const comparison = await compareSnapshots(db.prisma, { baselineId: before.id, targetId: lost.id });
    expect(comparison.counts).toMatchObject({ MISSING: 1, CHANGED: 0 });
    expect(comparison.reasons).toContain(
      "1 piece of evidence from the baseline is missing or unreadable in the target",
    );
    expect(comparison.reasons).toContain(
      "In the target, 1 signature does not verify against the key registry",
    );
    fs.writeFileSync(store.pathOf(sbom.sha256), SAMPLE_CYCLONEDX);
  });
});

describe("bundle exports", () => {
  it("re-checks an exported bundle's archive: every file, the signed manifest and its Merkle root", async () => {
    clock.advance(minute);
    const bundle = await exportBundle(deps, {
      input: {
        selection: { mode: "records", evidenceIds: [ids["later.spdx.json"] as string] },
        title: "continuity",
      },
      actor,
    });
    const snapshot = await verifyAll("with a bundle");
    const item = await db.prisma.evidenceSnapshotItem.findUniqueOrThrow({
      where: { snapshotId_evidenceId: { snapshotId: snapshot.id, evidenceId: bundle.archive.evidenceId } },
    });
    expect(item).toMatchObject({
      status: "OK",
      reason: expect.stringMatching(
        /^Digest matches; Evidence bundle: 1 files, manifest signed by sha256:[0-9a-f]{64}/,
      ),
    });
  });
});

describe("the signed report", () => {
  it("is signed once per pair, with the attestation key, and audited", async () => {
    const first = await createContinuityReport(
      { prisma: db.prisma, clock, appVersion: "0.1.0" },
      { input: { baselineId: baseline.id, targetId: after.id }, actor },
    );
    expect(first).toMatchObject({ created: true, verdict: "BROKEN" });
    const before = await writeCount();
    const again = await createContinuityReport(
      { prisma: db.prisma, clock, appVersion: "0.1.0" },
      { input: { baselineId: baseline.id, targetId: after.id }, actor },
    );
    expect(again).toMatchObject({ created: false, id: first.id, documentSha256: first.documentSha256 });
    expect(await writeCount()).toEqual(before);
    const event = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "evidence.continuity_reported" },
    });
    expect(event).toMatchObject({ actorId: actor.id, subjectId: first.id });
    expect(event.payload).toMatchObject({ verdict: "BROKEN", documentSha256: first.documentSha256 });
  });

  it("verifies with openssl and with the offline verifier; any edit makes it fail", async () => {
    const row = await db.prisma.continuityReport.findFirstOrThrow({
      where: { baselineId: baseline.id, targetId: after.id },
    });
    const document = Buffer.from(row.document, "utf8");
    expect(sha256Hex(document)).toBe(row.documentSha256);
    const parsed = ZContinuityReportDocument.parse(JSON.parse(row.document));
    expect(
      parsed.items.filter((item) => item.status !== "UNCHANGED").map((item) => [item.fileName, item.status]),
    ).toEqual(
      expect.arrayContaining([
        ["scan.sarif", "CHANGED"],
        ["later.spdx.json", "ADDED"],
      ]),
    );
    expect(parsed.items.filter((item) => item.status !== "UNCHANGED")).toHaveLength(2);

    const envelope = row.envelope as {
      payloadType: string;
      payload: string;
      signatures: { keyid: string; sig: string }[];
    };
    const key = await db.prisma.signingKey.findFirstOrThrow({ where: { keyId: row.keyId } });
    expect(key.purpose).toBe("attestation");
    const openssl = opensslVerify({
      publicKeyPem: key.publicKeyPem,
      data: pae(envelope.payloadType, Buffer.from(envelope.payload, "base64")),
      signature: Buffer.from(envelope.signatures[0]?.sig ?? "", "base64"),
    });
    expect(openssl).toMatchObject({ ok: true });
    const statement = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
    expect(statement.subject).toEqual([
      { name: "continuity-report.json", digest: { sha256: row.documentSha256 } },
    ]);

    const { trustRoot } = await exportTrustRoot(db.prisma, { clock });
    const trustedKeys = trustedKeysOf(trustRoot);
    const verified = verifyContinuityReport({ document, envelope, trustedKeys, clock });
    expect(verified.steps.filter((step) => !step.ok)).toEqual([]);
    expect(verified).toMatchObject({ ok: true, readable: true, facts: { "report verdict": "BROKEN" } });

    // one changed byte in the document: the statement no longer names it
    const edited = Buffer.from(row.document.replace('"verdict":"BROKEN"', '"verdict":"BRUKEN"'));
    expect(verifyContinuityReport({ document: edited, envelope, trustedKeys, clock })).toMatchObject({
      readable: false,
      ok: false,
    });
    const recounted = JSON.parse(row.document);
    recounted.counts.CHANGED = 0;
    recounted.counts.UNCHANGED = 3;
    recounted.verdict = "CONTINUOUS";
    recounted.reasons = [];
    const forged = verifyContinuityReport({
      document: Buffer.from(JSON.stringify(recounted)),
      envelope,
      trustedKeys,
      clock,
    });
    expect(forged.ok).toBe(false);
    expect(forged.steps.filter((step) => !step.ok).map((step) => step.check)).toEqual([
      "statement",
      "signed summary",
      "counts",
      "verdict",
    ]);
    expect(verifyContinuityReport({ document, envelope, trustedKeys: [], clock })).toMatchObject({
      ok: false,
    });
  });
});

describe("bad input", () => {
  it("refuses a snapshot compared with itself, unknown ids, unfinished snapshots and a swapped pair", async () => {
    const before = await writeCount();
    const reportDeps = { prisma: db.prisma, clock, appVersion: "0.1.0" };
    expect(
      await refusal(compareSnapshots(db.prisma, { baselineId: baseline.id, targetId: baseline.id })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      message: "Choose two different snapshots: a snapshot compared with itself says nothing",
    });
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(
      await refusal(compareSnapshots(db.prisma, { baselineId: unknown, targetId: baseline.id })),
    ).toMatchObject({
      code: "NOT_FOUND",
      message: `No verify-all snapshot with id ${unknown} (baseline)`,
    });
    expect(
      await refusal(compareSnapshots(db.prisma, { baselineId: "nope", targetId: baseline.id })),
    ).toMatchObject({ code: "ZOD" });
    expect(
      await refusal(compareSnapshots(db.prisma, { baselineId: after.id, targetId: baseline.id })),
    ).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("the baseline is the earlier snapshot"),
    });
    const queued = await start("not yet run");
    expect(
      await refusal(
        createContinuityReport(reportDeps, {
          input: { baselineId: baseline.id, targetId: queued.id },
          actor,
        }),
      ),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: "The target “not yet run” is queued, not finished: only finished snapshots can be compared",
    });
    expect(await writeCount()).toEqual({
      ...before,
      snapshots: before.snapshots + 1,
      audit: before.audit + 1,
    });
    await runVerifyAll(worker());
  });
});

describe("the database keeps snapshots and reports as they were", () => {
  it("refuses to change a finished snapshot, add items to it, or touch a report", async () => {
    await expect(
      db.prisma.evidenceSnapshot.update({ where: { id: baseline.id }, data: { label: "x" } }),
    ).rejects.toThrow(/kept as it is/);
    await expect(db.prisma.evidenceSnapshot.delete({ where: { id: baseline.id } })).rejects.toThrow();
    const record = await db.prisma.evidenceRecord.findFirstOrThrow({ where: { id: ids["later.spdx.json"] } });
    await expect(
      db.prisma.evidenceSnapshotItem.create({
        data: {
          snapshotId: baseline.id,
          evidenceId: record.id,
          recordedSha256: record.sha256,
          actualSha256: record.sha256,
          size: 1n,
          status: "OK",
          reason: "",
          checkedAt: clock.now(),
        },
      }),
    ).rejects.toThrow(/only while their snapshot runs/);
    await expect(
      db.prisma.evidenceSnapshotItem.deleteMany({ where: { snapshotId: baseline.id } }),
    ).rejects.toThrow(/append-only/);
    const report = await db.prisma.continuityReport.findFirstOrThrow();
    await expect(
      db.prisma.continuityReport.update({ where: { id: report.id }, data: { verdict: "CONTINUOUS" } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe('TRUNCATE "evidence_snapshots" CASCADE')).rejects.toThrow();
  });

  it("refuses a second active run even written by hand", async () => {
    await db.prisma.evidenceSnapshot.create({
      data: {
        label: "hand 1",
        appVersion: "x",
        status: "QUEUED",
        requestedAt: clock.now(),
        requestedByName: "x",
      },
    });
    await expect(
      db.prisma.evidenceSnapshot.create({
        data: {
          label: "hand 2",
          appVersion: "x",
          status: "QUEUED",
          requestedAt: clock.now(),
          requestedByName: "x",
        },
      }),
    ).rejects.toThrow();
    await runVerifyAll(worker());
  });
});
