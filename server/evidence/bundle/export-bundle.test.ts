// Exporting evidence bundles on a real database, checked the way an auditor checks them: GNU tar unpacks the
// archive, the shell blocks of VERIFY.md run as written (sha256sum, openssl), and the offline verifier reads it.
// Flipping one byte of any file makes sha256sum, openssl (for the manifest) and the verifier fail and name it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "@/test/bundles";
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
import { flipByte, listFiles, runShell, unpack, verifyMdBlocks } from "@/test/evidence-bundles";
import { installTestSoftwareBackend } from "@/test/signing";
import type { AuditActor } from "../../audit/events";
import { manualClock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { readBundle } from "../../signing/bundle/read-bundle";
import { createSigningKey } from "../../signing/keys/create-signing-key";
import { exportTrustRoot, trustedKeysOf } from "../../signing/keys/export-trust-root";
import { sha256Hex } from "../blob-store";
import type { EvidenceDeps } from "../deps";
import { getEvidence } from "../get-evidence";
import { uploadEvidence } from "../upload-evidence";
import { exportBundle, packBundle } from "./export-bundle";
import { getBundle } from "./find-bundles";
import { CHECKSUMS_FILE } from "./layout";
import { parseManifest } from "./manifest";
import { keepForEvidenceBundle, verifyEvidenceBundle } from "./verify-evidence-bundle";

const clock = manualClock("2026-12-02T10:00:00.000Z");
const store = tempBlobStore();
const work = tempDir("evidence-export-");
let db: TestDatabase;
let deps: EvidenceDeps;
let restoreSigning: () => void;
let actor: AuditActor & { id: string };
let release: { id: string };
let session: { id: string };

const DSSE_ATTESTATION = Buffer.from(
  JSON.stringify({
    payloadType: "application/vnd.in-toto+json",
    payload: Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}').toString("base64"),
    signatures: [{ keyid: "sha256:ci", sig: "MEUCIQD=" }],
  }),
);

beforeAll(async () => {
  db = await createTestDatabase();
  restoreSigning = installTestSoftwareBackend().restore;
  deps = evidenceDeps(db.prisma, clock, store.blobs);
  const user = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  actor = { id: user.id, name: user.name, roles: user.roles };
  release = await createTestRelease(db.prisma, { version: "3.1.0" });
  session = await createTestBreakGlassSession(db.prisma, user.id, user.name);
  const upload = (
    kind: "SBOM" | "SCAN_REPORT" | "ATTESTATION" | "OTHER",
    fileName: string,
    bytes: Buffer,
    links = {},
  ) =>
    uploadEvidence(deps, {
      meta: { kind, fileName, links, subjectDigest: `sha256:${"5".repeat(64)}` },
      bytes,
      producer: { kind: "USER", userId: user.id, name: user.name },
      actor,
    });
  await upload("SBOM", "portal 3.1.0.cdx.json", SAMPLE_CYCLONEDX, { releaseIds: [release.id] });
  clock.advance(1000);
  await upload("SCAN_REPORT", "scan.sarif", SAMPLE_SARIF, { releaseIds: [release.id] });
  clock.advance(1000);
  await upload("ATTESTATION", "provenance.intoto.json", DSSE_ATTESTATION, { releaseIds: [release.id] });
  clock.advance(1000);
  await upload("OTHER", "incident-notes.txt", Buffer.from("09:12 rolled back\n"), {
    breakGlassSessionIds: [session.id],
  });
  clock.advance(60_000);
});
afterAll(async () => {
  restoreSigning();
  await db.close();
  store.remove();
  fs.rmSync(work, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

const exportRelease = (title?: string) =>
  exportBundle(deps, { input: { selection: { mode: "release", releaseId: release.id }, title }, actor });

describe("before the portal has an attestation key", () => {
  it("refuses to export, saying what is missing", async () => {
    expect(await refusal(exportRelease())).toEqual({
      code: "PRECONDITION_FAILED",
      message: "No active attestation signing key: a security officer must create one on /keys",
    });
    expect(await db.prisma.evidenceBundle.count()).toBe(0);
  });
});

describe("an exported bundle", () => {
  let archive: Buffer;
  let folder: string;
  let bundleId: string;

  beforeAll(async () => {
    await db.prisma.$transaction((tx) =>
      createSigningKey(tx, {
        purpose: "attestation",
        backend: "software",
        label: "attestation-test",
        actor,
        clock,
      }),
    );
    const summary = await exportRelease("Release 3.1.0 for the auditors");
    bundleId = summary.id;
    archive = (await store.blobs.get(summary.archive.sha256)) as Buffer;
    folder = unpack(archive, path.join(work, "original"));
  });

  it("is stored as an evidence record and a bundle row, audited with its Merkle root", async () => {
    const bundle = await getBundle(db.prisma, bundleId);
    expect(bundle).toMatchObject({
      title: "Release 3.1.0 for the auditors",
      selectionLabel: "Release portal 3.1.0",
      fileCount: 3,
      createdByName: "Ada Auditor",
      archive: { sha256: sha256Hex(archive), size: archive.length },
    });
    expect(bundle.items.map((item) => item.path)).toEqual([
      "files/attestation/provenance.intoto.json",
      "files/sbom/portal_3.1.0.cdx.json",
      "files/scan-report/scan.sarif",
    ]);
    const record = await getEvidence(db.prisma, bundle.archive.evidenceId);
    expect(record).toMatchObject({
      kind: "AUDIT_EXPORT",
      mediaType: "application/gzip",
      bundleId,
      producerName: "Ada Auditor",
    });
    expect(record.fileName).toMatch(/^evidence-bundle-20261202T100\d{3}Z-[0-9a-f]{8}\.tar\.gz$/);
    const event = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "evidence.bundle_exported" },
    });
    expect(event).toMatchObject({ subjectType: "evidence_bundle", subjectId: bundleId, actorId: actor.id });
    expect(event.payload).toMatchObject({
      merkleRoot: bundle.merkleRoot,
      archiveSha256: sha256Hex(archive),
      fileCount: 3,
    });
    const signing = await db.prisma.signatureRecord.findFirstOrThrow({
      where: { subjectDigest: `sha256:${bundle.manifestSha256}` },
    });
    expect(signing.keyId).toBe(bundle.keyId);
    // the evidence remembers the bundles it went into
    const sbom = await getEvidence(db.prisma, bundle.items[1]?.evidenceId as string);
    expect(sbom.bundles).toEqual([
      { id: bundleId, title: bundle.title, createdAt: clock.now(), path: "files/sbom/portal_3.1.0.cdx.json" },
    ]);
  });

  it("holds the files, the signed manifest with the Merkle root, SHA256SUMS, the key and VERIFY.md", async () => {
    expect(listFiles(folder).sort()).toEqual([
      "SHA256SUMS",
      "VERIFY.md",
      "files/attestation/provenance.intoto.json",
      "files/sbom/portal_3.1.0.cdx.json",
      "files/scan-report/scan.sarif",
      expect.stringMatching(/^keys\/attestation-[0-9a-f]{16}\.pem$/),
      "manifest.dsse",
      "manifest.json",
    ]);
    expect(fs.existsSync(path.join(folder, "checkpoints"))).toBe(true);
    expect(fs.readFileSync(path.join(folder, "files/sbom/portal_3.1.0.cdx.json"))).toEqual(SAMPLE_CYCLONEDX);
    const parsed = parseManifest(fs.readFileSync(path.join(folder, "manifest.json")));
    if (!parsed.ok) throw new Error(parsed.problem);
    const bundle = await getBundle(db.prisma, bundleId);
    expect(parsed.manifest.predicate.merkle).toMatchObject({ treeSize: 3, root: bundle.merkleRoot });
    expect(parsed.manifest.predicate.files[1]).toMatchObject({
      kind: "SBOM",
      mediaType: "application/vnd.cyclonedx+json",
      fileName: "portal 3.1.0.cdx.json",
      links: [{ target: "release", label: "portal 3.1.0" }],
    });
    expect(parsed.manifest.subject.map((subject) => subject.name)).toEqual(
      listFiles(folder)
        .filter((name) => !["SHA256SUMS", "manifest.json", "manifest.dsse"].includes(name))
        .sort(),
    );
    const verifyMd = fs.readFileSync(path.join(folder, "VERIFY.md"), "utf8");
    expect(verifyMd).toContain(bundle.merkleRoot);
    expect(verifyMd).toContain(bundle.keyId);
  });

  it("verifies with sha256sum and openssl by the exact commands of VERIFY.md", () => {
    const [sums, openssl, listing] = verifyMdBlocks(folder);
    expect(runShell(sums as string, folder)).toMatchObject({
      status: 0,
      output: expect.stringContaining("files/sbom/portal_3.1.0.cdx.json: OK"),
    });
    expect(runShell(openssl as string, folder)).toEqual({ status: 0, output: "Verified OK\n" });
    const third = runShell(listing as string, folder);
    expect(third.status).toBe(0);
    expect(third.output).toContain("No unlisted files");
    expect(third.output.match(/: OK/g)).toHaveLength(5);
  });

  it("verifies offline from the archive and from the unpacked folder, pinned to the trust root", async () => {
    const file = path.join(work, "bundle.tar.gz");
    fs.writeFileSync(file, archive);
    const fromArchive = verifyEvidenceBundle(await readBundle(file, { keep: keepForEvidenceBundle }));
    expect(fromArchive).toMatchObject({
      verdict: "verified",
      trust: "bundle",
      evidenceFiles: 3,
      problems: [],
    });
    expect(fromArchive.warnings[0]).toContain("came with the bundle");
    const { json } = await exportTrustRoot(db.prisma, { clock });
    const pinned = verifyEvidenceBundle(await readBundle(folder, { keep: keepForEvidenceBundle }), {
      trustedKeys: trustedKeysOf(JSON.parse(json)),
    });
    expect(pinned).toMatchObject({ verdict: "verified", trust: "pinned", warnings: [] });
    expect(pinned.checks.map((check) => [check.name, check.status])).toEqual([
      ["archive", "ok"],
      ["checksums", "ok"],
      ["manifest", "ok"],
      ["signature", "ok"],
      ["contents", "ok"],
      ["merkle", "ok"],
      ["checkpoints", "skipped"],
    ]);
  });

  it("is the same bytes when packed again from the same parts", async () => {
    const files = listFiles(folder)
      .filter((name) => name !== CHECKSUMS_FILE)
      .map((name) => ({ path: name, bytes: fs.readFileSync(path.join(folder, name)) }));
    const again = await packBundle({ folder: path.basename(folder), files: [...files].reverse() });
    expect(sha256Hex(again)).toBe(sha256Hex(archive));
    expect(again.equals(archive)).toBe(true);
  });

  it("fails sha256sum, openssl (for the manifest) and the verifier when one byte of any file flips, naming it", async () => {
    const names = listFiles(folder);
    expect(names.length).toBe(8);
    for (const name of names) {
      const copy = path.join(work, `flip-${name.replace(/\//g, "_")}`);
      fs.cpSync(folder, copy, { recursive: true });
      flipByte(path.join(copy, name));
      const [sums, openssl, listing] =
        verifyMdBlocks(copy).length === 4 ? verifyMdBlocks(copy) : verifyMdBlocks(folder);
      const sha = runShell(sums as string, copy);
      expect(sha.status, name).not.toBe(0);
      if (name !== CHECKSUMS_FILE) expect(sha.output, name).toContain(`${name}: FAILED`);
      const ssl = runShell(openssl as string, copy);
      if (name === "manifest.json" || name.startsWith("keys/")) {
        expect(ssl.status, name).not.toBe(0);
        expect(ssl.output, name).not.toContain("Verified OK");
      }
      if (name.startsWith("files/")) {
        expect(ssl.output, name).toBe("Verified OK\n");
        expect(runShell(listing as string, copy).output, name).toContain(`${name}: FAILED`);
      }
      const report = verifyEvidenceBundle(await readBundle(copy, { keep: keepForEvidenceBundle }));
      expect(report.verdict, name).toBe("failed");
      expect(
        report.problems.map((problem) => problem.file),
        name,
      ).toContain(name);
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it("fails when a file is added or removed, naming it", async () => {
    const copy = path.join(work, "added");
    fs.cpSync(folder, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, "files/sbom/extra.json"), "{}");
    fs.rmSync(path.join(copy, "files/scan-report/scan.sarif"));
    const report = verifyEvidenceBundle(await readBundle(copy, { keep: keepForEvidenceBundle }));
    expect(report.problems.map((problem) => problem.message)).toEqual(
      expect.arrayContaining([
        "files/sbom/extra.json is not listed in SHA256SUMS",
        "files/sbom/extra.json is not listed in the signed manifest",
        "files/scan-report/scan.sarif is listed in SHA256SUMS but missing",
        "files/scan-report/scan.sarif is named in the signed manifest but missing",
      ]),
    );
    const listing = verifyMdBlocks(copy)[2] as string;
    expect(runShell(listing, copy).status).not.toBe(0);
  });

  it("reports an archive cut short as unreadable, and garbage as not a bundle", async () => {
    const truncated = path.join(work, "truncated.tar.gz");
    fs.writeFileSync(truncated, archive.subarray(0, Math.floor(archive.length / 2)));
    const cut = verifyEvidenceBundle(await readBundle(truncated, { keep: keepForEvidenceBundle }));
    expect(cut.verdict).toBe("unreadable");
    expect(cut.problems[0]?.message).toMatch(/truncated|corrupt|unexpected end/i);
    const garbage = path.join(work, "garbage.tar.gz");
    fs.writeFileSync(garbage, "this is not an archive at all");
    const notBundle = verifyEvidenceBundle(await readBundle(garbage, { keep: keepForEvidenceBundle }));
    expect(notBundle).toMatchObject({ verdict: "unreadable" });
    expect(notBundle.problems[0]?.message).toContain(
      "neither a directory, a tar archive nor a gzip-compressed tar archive",
    );
  });
});

describe("selections", () => {
  it("exports by program, break-glass session, time range and hand-picked records", async () => {
    const bySession = await exportBundle(deps, {
      input: { selection: { mode: "breakGlassSession", sessionId: session.id } },
      actor,
    });
    expect(bySession).toMatchObject({
      fileCount: 1,
      selectionLabel: "Break-glass session INCIDENT_P1 of Ada Auditor (INC-7)",
    });
    const range = await exportBundle(deps, {
      input: {
        selection: {
          mode: "timeRange",
          from: "2026-12-02T10:00:00.000Z",
          to: "2026-12-02T10:00:02.500Z",
          kinds: ["SCAN_REPORT", "SBOM"],
        },
      },
      actor,
    });
    expect(range.fileCount).toBe(2);
    const all = await db.prisma.evidenceRecord.findMany({ select: { id: true } });
    const picked = await exportBundle(deps, {
      input: { selection: { mode: "records", evidenceIds: all.map((row) => row.id) } },
      actor,
    });
    // hand-picked: earlier bundle archives may be included
    expect(picked.fileCount).toBe(all.length);
    const later = await exportBundle(deps, {
      input: {
        selection: { mode: "timeRange", from: "2026-01-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" },
      },
      actor,
    });
    // by criteria: earlier bundle archives are left out
    expect(later.fileCount).toBe(4);
  });

  it("refuses empty, unknown and oversized selections and missing bytes, exporting nothing", async () => {
    const before = await db.prisma.evidenceBundle.count();
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(
      await refusal(
        exportBundle(deps, { input: { selection: { mode: "release", releaseId: unknown } }, actor }),
      ),
    ).toEqual({
      code: "NOT_FOUND",
      message: "No such release",
    });
    const empty = await createTestRelease(db.prisma, { version: "0.0.1" });
    expect(
      await refusal(
        exportBundle(deps, { input: { selection: { mode: "release", releaseId: empty.id } }, actor }),
      ),
    ).toEqual({
      code: "PRECONDITION_FAILED",
      message: "No evidence matches this selection (Release portal 0.0.1)",
    });
    const small = { ...deps, limits: { ...deps.limits, maxBundleBytes: 100 } };
    expect(
      await refusal(
        exportBundle(small, { input: { selection: { mode: "release", releaseId: release.id } }, actor }),
      ),
    ).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    const few = { ...deps, limits: { ...deps.limits, maxBundleFiles: 2 } };
    expect(
      await refusal(
        exportBundle(few, { input: { selection: { mode: "release", releaseId: release.id } }, actor }),
      ),
    ).toEqual({
      code: "PAYLOAD_TOO_LARGE",
      message: "More than 2 pieces of evidence match (Release portal 3.1.0); narrow the selection",
    });
    fs.rmSync(store.pathOf(sha256Hex(SAMPLE_SARIF)));
    expect(
      await refusal(
        exportBundle(deps, { input: { selection: { mode: "release", releaseId: release.id } }, actor }),
      ),
    ).toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(
        /^scan\.sarif \([0-9a-f-]{36}\) cannot be exported: The bytes are not in the blob store\.$/,
      ),
    });
    await store.blobs.put(SAMPLE_SARIF);
    expect(await db.prisma.evidenceBundle.count()).toBe(before);
  });

  it("adds the files of a checkpoint provider under checkpoints/, signed like the rest", async () => {
    const withCheckpoint = {
      ...deps,
      extraFiles: async () => [
        {
          path: "checkpoints/audit-log.checkpoint",
          bytes: Buffer.from("portal audit log\n42\nabc=\n"),
          role: "checkpoint",
          description: "the audit log at export",
        },
      ],
    };
    const summary = await exportBundle(withCheckpoint, {
      input: { selection: { mode: "release", releaseId: release.id } },
      actor,
    });
    const bytes = (await store.blobs.get(summary.archive.sha256)) as Buffer;
    const dir = unpack(bytes, path.join(work, "with-checkpoint"));
    expect(fs.readFileSync(path.join(dir, "checkpoints/audit-log.checkpoint"), "utf8")).toContain("42");
    expect(fs.readFileSync(path.join(dir, "VERIFY.md"), "utf8")).toContain("## 5. The audit-log checkpoint");
    expect(verifyEvidenceBundle(await readBundle(dir, { keep: keepForEvidenceBundle })).verdict).toBe(
      "verified",
    );
    flipByte(path.join(dir, "checkpoints/audit-log.checkpoint"));
    const report = verifyEvidenceBundle(await readBundle(dir, { keep: keepForEvidenceBundle }));
    expect(report.problems.map((problem) => problem.file)).toContain("checkpoints/audit-log.checkpoint");

    const misplaced = {
      ...deps,
      extraFiles: async () => [{ path: "files/x", bytes: Buffer.from("x"), role: "proof", description: "" }],
    };
    await expect(
      exportBundle(misplaced, { input: { selection: { mode: "release", releaseId: release.id } }, actor }),
    ).rejects.toThrow(/must be under checkpoints\/ or keys\//);
  });
});

describe("GNU tar sees a reproducible archive", () => {
  it("lists fixed owners and times", async () => {
    const summary = (
      await db.prisma.evidenceBundle.findFirstOrThrow({ select: { archive: { select: { sha256: true } } } })
    ).archive;
    const file = path.join(work, "list.tar.gz");
    fs.writeFileSync(file, (await store.blobs.get(summary.sha256)) as Buffer);
    const listing = spawnSync("tar", ["-tvzf", file], {
      encoding: "utf8",
      env: { ...process.env, TZ: "UTC" },
    }).stdout;
    expect(
      listing
        .trim()
        .split("\n")
        .every((line) => / root\/root +\d+ 1970-01-01 00:00 /.test(line)),
    ).toBe(true);
  });
});
