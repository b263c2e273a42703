// The evidence store on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): uploads are checked before
// anything is stored, duplicates are idempotent, links point at rows that exist, every change is audited in its
// transaction, the database refuses edits, and re-hashing tells ok / mismatch / missing.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import {
  createTestBreakGlassSession,
  createTestRelease,
  evidenceDeps,
  SAMPLE_CYCLONEDX,
  SAMPLE_SARIF,
  tempBlobStore,
} from "@/test/evidence";
import type { AuditActor } from "../audit/events";
import { DEMO_TRACKER_SLUG, seedDemoCompliance } from "../compliance/seed-compliance";
import { manualClock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import { sha256Hex } from "./blob-store";
import { checkEvidence, readEvidenceContent } from "./check-evidence";
import type { EvidenceDeps } from "./deps";
import { findEvidence } from "./find-evidence";
import { getEvidence } from "./get-evidence";
import type { EvidenceProducer, UploadEvidenceMeta } from "./schemas";
import { uploadEvidence } from "./upload-evidence";

const clock = manualClock("2026-12-01T09:00:00.000Z");
const store = tempBlobStore();
let db: TestDatabase;
let deps: EvidenceDeps;
let actor: AuditActor & { id: string };
let producer: EvidenceProducer;
let release: { id: string };
let session: { id: string };
let proofId: string;
let programId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  deps = evidenceDeps(db.prisma, clock, store.blobs, { maxUploadBytes: 4096 });
  const user = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  actor = { id: user.id, name: user.name, roles: user.roles };
  producer = { kind: "USER", userId: user.id, name: user.name };
  release = await createTestRelease(db.prisma, { version: "1.4.0" });
  session = await createTestBreakGlassSession(db.prisma, user.id, user.name);
  await seedDemoCompliance(db.prisma, clock);
  const proof = await db.prisma.complianceProofArtifact.findFirstOrThrow({
    where: { item: { number: 3, program: { slug: DEMO_TRACKER_SLUG } } },
    select: { id: true, item: { select: { programId: true } } },
  });
  proofId = proof.id;
  programId = proof.item.programId;
});
afterAll(async () => {
  await db.close();
  store.remove();
});

const upload = (meta: Partial<UploadEvidenceMeta>, bytes: Uint8Array = SAMPLE_CYCLONEDX) =>
  uploadEvidence(deps, {
    meta: { kind: "SBOM", fileName: "portal-1.4.0.cdx.json", ...meta },
    bytes,
    producer,
    actor,
    request: { requestId: "req_test_upload" },
  });

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; field?: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError)
      return { code: error.code, message: error.message, field: error.details?.field };
    if (error instanceof Error && error.name === "ZodError") {
      return { code: "ZOD", message: error.message };
    }
    throw error;
  }
  throw new Error("expected a refusal");
}

const counts = async () => ({
  records: await db.prisma.evidenceRecord.count(),
  audit: await db.prisma.auditEvent.count({ where: { action: { startsWith: "evidence." } } }),
});

describe("upload", () => {
  it("stores the bytes, the record, its links and one audit event naming the uploader", async () => {
    const result = await upload({
      subjectDigest: `sha256:${"AB".repeat(32)}`,
      description: "SBOM of the 1.4.0 image",
      links: { releaseIds: [release.id], proofArtifactIds: [proofId], breakGlassSessionIds: [] },
    });
    expect(result.created).toBe(true);
    expect(result.linksAdded).toBe(2);
    expect(result.evidence).toMatchObject({
      kind: "SBOM",
      sha256: sha256Hex(SAMPLE_CYCLONEDX),
      size: SAMPLE_CYCLONEDX.length,
      mediaType: "application/vnd.cyclonedx+json",
      fileName: "portal-1.4.0.cdx.json",
      subjectDigest: `sha256:${"ab".repeat(32)}`,
      producerKind: "USER",
      producerName: "Rhea Release",
      description: "SBOM of the 1.4.0 image",
      createdAt: clock.now(),
    });
    expect(result.evidence.links.map((link) => [link.target, link.label])).toEqual([
      ["release", "portal 1.4.0"],
      ["proofArtifact", expect.stringMatching(/ · item 3: /)],
    ]);
    expect(fs.readFileSync(store.pathOf(result.evidence.sha256))).toEqual(SAMPLE_CYCLONEDX);
    const event = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "evidence.uploaded", subjectId: result.evidence.id },
    });
    expect(event).toMatchObject({ actorId: actor.id, subjectType: "evidence", requestId: "req_test_upload" });
    expect(event.payload).toMatchObject({
      kind: "SBOM",
      sha256: result.evidence.sha256,
      links: { releaseIds: [release.id], proofArtifactIds: [proofId], breakGlassSessionIds: [] },
    });
  });

  it("treats the same bytes, kind and subject as the same evidence; new links are added and audited", async () => {
    const before = await counts();
    const again = await upload({ subjectDigest: "AB".repeat(32), fileName: "renamed.json" });
    expect(again.created).toBe(false);
    expect(again.linksAdded).toBe(0);
    expect(again.evidence.fileName).toBe("portal-1.4.0.cdx.json");
    expect(await counts()).toEqual(before);

    const linked = await upload({
      subjectDigest: `sha256:${"ab".repeat(32)}`,
      links: { releaseIds: [release.id], breakGlassSessionIds: [session.id], proofArtifactIds: [] },
    });
    expect(linked).toMatchObject({ created: false, linksAdded: 1 });
    expect(linked.evidence.links.map((link) => link.target)).toEqual([
      "release",
      "proofArtifact",
      "breakGlassSession",
    ]);
    expect(await counts()).toEqual({ records: before.records, audit: before.audit + 1 });
    const event = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "evidence.linked" },
      orderBy: { seq: "desc" },
    });
    expect(event.payload).toMatchObject({ links: { releaseIds: [], breakGlassSessionIds: [session.id] } });
  });

  it("keeps the same bytes apart when the kind or the subject differs", async () => {
    const noSubject = await upload({});
    const otherSubject = await upload({ subjectDigest: `sha256:${"cd".repeat(32)}` });
    const asOther = await upload({ kind: "OTHER" });
    expect([noSubject.created, otherSubject.created, asOther.created]).toEqual([true, true, true]);
    expect(new Set([noSubject, otherSubject, asOther].map((r) => r.evidence.id)).size).toBe(3);
    expect(asOther.evidence.mediaType).toBe("application/json");
    // no subject is one value too
    expect((await upload({})).created).toBe(false);
  });

  it("refuses bad input with a clear message and stores nothing", async () => {
    const before = await counts();
    const blobsBefore = fs.readdirSync(`${store.directory}/sha256`).length;
    expect(await refusal(upload({}, Buffer.alloc(0)))).toMatchObject({
      code: "BAD_REQUEST",
      message: "The file is empty",
    });
    expect(await refusal(upload({}, Buffer.alloc(5000, 0x20)))).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "The file is 4.9 KiB; evidence may be at most 4.0 KiB",
    });
    expect(await refusal(upload({ kind: "BOGUS" as never }))).toMatchObject({
      code: "ZOD",
      message: expect.stringContaining('Unknown kind \\"BOGUS\\": use one of SBOM, ATTESTATION'),
    });
    expect(await refusal(upload({ subjectDigest: "sha256:1234" }))).toMatchObject({
      message: expect.stringContaining("A sha256 digest has 64 hex characters; this one has 4"),
    });
    const broken = Buffer.from('{"bomFormat": "CycloneDX", "specVersion": "1.6", ');
    expect(await refusal(upload({ mediaType: "application/vnd.cyclonedx+json" }, broken))).toMatchObject({
      code: "BAD_REQUEST",
      field: "file",
      message: expect.stringMatching(
        /declared as application\/vnd\.cyclonedx\+json, but it is not valid JSON/,
      ),
    });
    expect(await refusal(upload({ kind: "ATTESTATION" }, SAMPLE_SARIF))).toMatchObject({
      message: expect.stringContaining("This JSON is not a DSSE envelope"),
    });
    expect(await refusal(upload({ fileName: "///" }))).toMatchObject({ message: "The file needs a name" });
    const unknownRelease = "00000000-0000-4000-8000-000000000000";
    expect(
      await refusal(
        upload({ kind: "SCAN_REPORT", links: { releaseIds: [unknownRelease] } }, Buffer.from(SAMPLE_SARIF)),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", message: `No release with id ${unknownRelease}`, field: "links" });
    expect(await counts()).toEqual(before);
    // the refused uploads never reached the blob store (the SARIF of the unknown link included)
    expect(fs.readdirSync(`${store.directory}/sha256`).length).toBe(blobsBefore);
    expect(fs.existsSync(store.pathOf(sha256Hex(SAMPLE_SARIF)))).toBe(false);
  });

  it("records API-token uploads with the token as producer", async () => {
    const user = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const token = await db.prisma.apiToken.create({
      data: {
        name: "ci",
        prefix: "rgp_test",
        tokenHash: "f".repeat(64),
        scopes: ["evidence:upload"],
        createdById: user.id,
      },
      select: { id: true },
    });
    const result = await uploadEvidence(deps, {
      meta: { kind: "SCAN_REPORT", fileName: "scan.sarif" },
      bytes: SAMPLE_SARIF,
      producer: { kind: "API_TOKEN", tokenId: token.id, name: "api-token:ci (rgp_test…)" },
      actor: { id: null, name: "api-token:ci (rgp_test…)", roles: [] },
    });
    expect(result.evidence).toMatchObject({
      producerKind: "API_TOKEN",
      producerName: "api-token:ci (rgp_test…)",
      mediaType: "application/sarif+json",
    });
  });
});

describe("the database guards evidence", () => {
  it("refuses to change or delete a record, a link, or to truncate", async () => {
    const { id } = await db.prisma.evidenceRecord.findFirstOrThrow({ select: { id: true } });
    await expect(db.prisma.evidenceRecord.update({ where: { id }, data: { fileName: "x" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.prisma.evidenceRecord.delete({ where: { id } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe('TRUNCATE "evidence_records" CASCADE')).rejects.toThrow();
    const link = await db.prisma.evidenceLink.findFirstOrThrow({ select: { id: true } });
    await expect(db.prisma.evidenceLink.delete({ where: { id: link.id } })).rejects.toThrow(/never changed/);
    await expect(
      db.prisma.evidenceLink.update({ where: { id: link.id }, data: { createdByName: "x" } }),
    ).rejects.toThrow(/never changed/);
  });

  it("refuses a link to two things or to nothing", async () => {
    const { id } = await db.prisma.evidenceRecord.findFirstOrThrow({ select: { id: true } });
    await expect(
      db.prisma.evidenceLink.create({
        data: {
          evidenceId: id,
          releaseId: release.id,
          breakGlassSessionId: session.id,
          createdAt: clock.now(),
          createdByName: "x",
        },
      }),
    ).rejects.toThrow();
    await expect(
      db.prisma.evidenceLink.create({ data: { evidenceId: id, createdAt: clock.now(), createdByName: "x" } }),
    ).rejects.toThrow();
  });

  it("lets a removed proof artifact take its links along, and nothing else", async () => {
    const item = await db.prisma.complianceItem.findFirstOrThrow({
      where: { number: 5, program: { slug: DEMO_TRACKER_SLUG } },
      select: { id: true, proofArtifacts: { select: { id: true } } },
    });
    const proof = item.proofArtifacts[0]?.id as string;
    const result = await upload(
      { kind: "OTHER", links: { proofArtifactIds: [proof] } },
      Buffer.from("mirror log\n"),
    );
    expect(result.evidence.links).toHaveLength(1);
    await db.prisma.complianceProofArtifact.delete({ where: { id: proof } });
    expect((await getEvidence(db.prisma, result.evidence.id)).links).toEqual([]);
  });
});

describe("finding evidence", () => {
  it("filters by kind, link, program, producer, time and search, newest first, in pages", async () => {
    clock.advance(60_000);
    await upload(
      { kind: "SCAN_REPORT", fileName: "later.sarif", links: { releaseIds: [release.id] } },
      Buffer.from(`${SAMPLE_SARIF}\n`),
    );
    const all = await findEvidence(db.prisma, {});
    expect(all.items[0]?.fileName).toBe("later.sarif");
    expect(all.items.map((item) => item.createdAt.getTime())).toEqual(
      [...all.items.map((item) => item.createdAt.getTime())].sort((a, b) => b - a),
    );
    expect(
      (await findEvidence(db.prisma, { kind: "SCAN_REPORT" })).items.map((item) => item.fileName),
    ).toEqual(["later.sarif", "scan.sarif"]);
    expect((await findEvidence(db.prisma, { releaseId: release.id })).items).toHaveLength(2);
    expect((await findEvidence(db.prisma, { programId })).items.map((item) => item.kind)).toEqual(["SBOM"]);
    expect((await findEvidence(db.prisma, { breakGlassSessionId: session.id })).items).toHaveLength(1);
    expect((await findEvidence(db.prisma, { producer: "API-TOKEN:ci" })).items).toHaveLength(1);
    expect((await findEvidence(db.prisma, { from: clock.now() })).items.map((item) => item.fileName)).toEqual(
      ["later.sarif"],
    );
    expect((await findEvidence(db.prisma, { to: clock.now() })).items).toHaveLength(all.items.length - 1);
    const digest = sha256Hex(SAMPLE_CYCLONEDX);
    expect((await findEvidence(db.prisma, { search: `sha256:${digest.slice(0, 10)}` })).items.length).toBe(4);
    expect((await findEvidence(db.prisma, { search: "CDCDCDCD" })).items).toHaveLength(1);
    expect((await findEvidence(db.prisma, { search: "LATER" })).items).toHaveLength(1);

    const first = await findEvidence(db.prisma, { limit: 2 });
    const second = await findEvidence(db.prisma, { limit: 2, after: first.nextCursor ?? undefined });
    expect(first.nextCursor).not.toBeNull();
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(
      all.items.slice(0, 4).map((item) => item.id),
    );
  });

  it("answers NOT_FOUND for unknown and malformed ids", async () => {
    expect(await refusal(getEvidence(db.prisma, "00000000-0000-4000-8000-000000000000"))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await refusal(getEvidence(db.prisma, "../etc"))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("verification state", () => {
  it("says ok, then mismatch when the stored bytes change, then missing when they are gone", async () => {
    const bytes = Buffer.from("a scan report that will rot\n");
    const { evidence } = await upload({ kind: "SCAN_REPORT", fileName: "rot.txt" }, bytes);
    expect(await checkEvidence(deps, evidence.id)).toMatchObject({
      state: "ok",
      actualSha256: evidence.sha256,
    });
    expect((await readEvidenceContent(deps, evidence.id)).bytes).toEqual(bytes);

    fs.writeFileSync(store.pathOf(evidence.sha256), "a scan report that rotted\n");
    const mismatch = await checkEvidence(deps, evidence.id);
    expect(mismatch).toMatchObject({
      state: "mismatch",
      actualSha256: sha256Hex(Buffer.from("a scan report that rotted\n")),
    });
    expect(await refusal(readEvidenceContent(deps, evidence.id))).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("not served"),
    });

    fs.rmSync(store.pathOf(evidence.sha256));
    expect(await checkEvidence(deps, evidence.id)).toMatchObject({ state: "missing", actualSha256: null });
    expect(await refusal(readEvidenceContent(deps, evidence.id))).toMatchObject({ code: "CONFLICT" });
  });
});
