// The audit-log proofs of an exported evidence bundle (issue 7, point 4), on a real database: the export carries a
// signed audit checkpoint, the inclusion proof of every exported upload and the checkpoint's key; the offline
// verifier, the CLI and the exact commands of VERIFY.md accept them; one flipped byte in a proof or the checkpoint
// fails sha256sum and the checkpoints check, naming the file; without an audit-checkpoint key the export works and
// carries none.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "@/test/bundles";
import { createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import {
  createTestRelease,
  evidenceDeps,
  SAMPLE_CYCLONEDX,
  SAMPLE_SARIF,
  tempBlobStore,
} from "@/test/evidence";
import { flipByte, listFiles, runShell, unpack, verifyMdBlocks } from "@/test/evidence-bundles";
import { installTestSoftwareBackend } from "@/test/signing";
import { getInclusionProof } from "../../audit/checkpoints/get-proofs";
import { inclusionProofDocument } from "../../audit/checkpoints/proof-documents";
import type { AuditActor } from "../../audit/events";
import { runCli } from "../../cli/main";
import { manualClock } from "../../lib/clock";
import { readBundle } from "../../signing/bundle/read-bundle";
import { createSigningKey } from "../../signing/keys/create-signing-key";
import { exportTrustRoot, trustedKeysOf } from "../../signing/keys/export-trust-root";
import type { SigningKeyPurpose } from "../../signing/vocabulary";
import type { EvidenceDeps } from "../deps";
import { uploadEvidence } from "../upload-evidence";
import { auditProofFiles } from "./audit-proof-files";
import { exportBundle } from "./export-bundle";
import { parseManifest } from "./manifest";
import { keepForEvidenceBundle, verifyEvidenceBundle } from "./verify-evidence-bundle";

const ORIGIN = "portal.test/audit-log";
const ROOT = path.resolve(import.meta.dirname, "../../..");
const clock = manualClock("2026-12-03T09:00:00.000Z");
const store = tempBlobStore();
const work = tempDir("evidence-audit-proofs-");
let db: TestDatabase;
let deps: EvidenceDeps & { extraFiles: ReturnType<typeof auditProofFiles> };
let restoreSigning: () => void;
let actor: AuditActor & { id: string };
let release: { id: string };
const evidenceIds: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  restoreSigning = installTestSoftwareBackend().restore;
  deps = { ...evidenceDeps(db.prisma, clock, store.blobs), extraFiles: auditProofFiles({ origin: ORIGIN }) };
  const user = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  actor = { id: user.id, name: user.name, roles: user.roles };
  release = await createTestRelease(db.prisma, { version: "4.0.0" });
  for (const [kind, fileName, bytes] of [
    ["SBOM", "portal-4.0.0.cdx.json", SAMPLE_CYCLONEDX],
    ["SCAN_REPORT", "scan.sarif", SAMPLE_SARIF],
  ] as const) {
    const { evidence } = await uploadEvidence(deps, {
      meta: {
        kind,
        fileName,
        links: { releaseIds: [release.id] },
        subjectDigest: `sha256:${"5".repeat(64)}`,
      },
      bytes,
      producer: { kind: "USER", userId: user.id, name: user.name },
      actor,
    });
    evidenceIds.push(evidence.id);
    clock.advance(1000);
  }
  await createKey("attestation");
});
afterAll(async () => {
  restoreSigning();
  await db.close();
  store.remove();
  fs.rmSync(work, { recursive: true, force: true });
});

async function createKey(purpose: SigningKeyPurpose) {
  await db.prisma.$transaction((tx) =>
    createSigningKey(tx, { purpose, backend: "software", label: `${purpose}-test`, actor, clock }),
  );
}

async function exportToFolder(
  name: string,
  selection: Parameters<typeof exportBundle>[1]["input"]["selection"],
) {
  clock.advance(60_000);
  const summary = await exportBundle(deps, { input: { selection }, actor });
  const archive = (await store.blobs.get(summary.archive.sha256)) as Buffer;
  return { summary, archive, folder: unpack(archive, path.join(work, name)) };
}

const read = async (folder: string) => readBundle(folder, { keep: keepForEvidenceBundle });

const cli = async (args: string[], cwd: string) => {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  });
  return { code, stdout, stderr };
};

/** `portal-verify` on PATH as VERIFY.md calls it: the repository's bin/portal-verify.mjs. */
function withPortalVerifyOnPath<T>(run: () => T): T {
  const bin = path.join(work, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const shim = path.join(bin, "portal-verify");
  fs.writeFileSync(
    shim,
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, "bin/portal-verify.mjs")}" "$@"\n`,
  );
  fs.chmodSync(shim, 0o755);
  const before = process.env.PATH;
  process.env.PATH = `${bin}:${before ?? ""}`;
  try {
    return run();
  } finally {
    process.env.PATH = before;
  }
}

describe("without an audit-checkpoint key", () => {
  it("exports a bundle with no checkpoint files, verified, the checkpoints check skipped, nothing refused", async () => {
    const { folder } = await exportToFolder("no-key", { mode: "release", releaseId: release.id });
    expect(listFiles(folder).filter((name) => name.startsWith("checkpoints/"))).toEqual([]);
    expect(listFiles(folder).filter((name) => name.startsWith("keys/"))).toEqual([
      expect.stringMatching(/^keys\/attestation-[0-9a-f]{16}\.pem$/),
    ]);
    expect(fs.readFileSync(path.join(folder, "VERIFY.md"), "utf8")).not.toContain("## 5.");
    const report = verifyEvidenceBundle(await read(folder));
    expect(report.verdict).toBe("verified");
    expect(report.checks.find((check) => check.name === "checkpoints")).toMatchObject({
      status: "skipped",
      summary: "no audit-log checkpoint in this bundle",
    });
    // the key was looked for, not asked for: no refused signing request in the log
    expect(await db.prisma.auditEvent.count({ where: { action: "signing.failed" } })).toBe(0);
    expect(await db.prisma.auditCheckpoint.count()).toBe(0);
  });
});

describe("with an audit-checkpoint key", () => {
  let folder: string;
  let archive: Buffer;
  let checkpointKeyPath: string;
  let uploads: { seq: number; subjectId: string | null }[];

  beforeAll(async () => {
    await createKey("audit-checkpoint");
    ({ folder, archive } = await exportToFolder("with-key", { mode: "release", releaseId: release.id }));
    uploads = (
      await db.prisma.auditEvent.findMany({
        where: { action: "evidence.uploaded" },
        orderBy: { seq: "asc" },
        select: { seq: true, subjectId: true },
      })
    ).map((row) => ({ seq: Number(row.seq), subjectId: row.subjectId }));
    checkpointKeyPath = listFiles(folder).find((name) => name.startsWith("keys/audit-checkpoint-")) as string;
  });

  it("carries the signed checkpoint, an inclusion proof per upload and the checkpoint's key, in the manifest", async () => {
    const checkpoint = await db.prisma.auditCheckpoint.findFirstOrThrow({ orderBy: { treeSize: "desc" } });
    expect(checkpoint).toMatchObject({ origin: ORIGIN, trigger: "manual", requestedByName: "Ada Auditor" });
    const key = await db.prisma.signingKey.findUniqueOrThrow({ where: { keyId: checkpoint.keyId } });
    expect(key.purpose).toBe("audit-checkpoint");
    expect(checkpointKeyPath).toBe(`keys/audit-checkpoint-${key.keyId.slice(7, 23)}.pem`);
    expect(fs.readFileSync(path.join(folder, checkpointKeyPath), "utf8")).toBe(
      `${key.publicKeyPem.trim()}\n`,
    );
    expect(fs.readFileSync(path.join(folder, "checkpoints/audit-checkpoint.txt"), "utf8")).toBe(
      checkpoint.signedNote,
    );
    expect(uploads.map((upload) => upload.subjectId)).toEqual(evidenceIds);
    expect(
      listFiles(folder)
        .filter((name) => name.startsWith("checkpoints/"))
        .sort(),
    ).toEqual([
      "checkpoints/audit-checkpoint.txt",
      ...uploads.map((upload) => `checkpoints/inclusion/event-${upload.seq}.json`).sort(),
    ]);
    const proof = JSON.parse(
      fs.readFileSync(path.join(folder, `checkpoints/inclusion/event-${uploads[0]?.seq}.json`), "utf8"),
    );
    expect(proof).toMatchObject({
      mediaType: "application/vnd.portal.audit-inclusion-proof+json;version=1",
      seq: uploads[0]?.seq,
      treeSize: Number(checkpoint.treeSize),
      checkpoint: checkpoint.signedNote,
    });
    expect(JSON.parse(proof.canonicalEvent)).toMatchObject({
      action: "evidence.uploaded",
      subject: { type: "evidence", id: evidenceIds[0] },
    });

    const parsed = parseManifest(fs.readFileSync(path.join(folder, "manifest.json")));
    if (!parsed.ok) throw new Error(parsed.problem);
    const roles = parsed.manifest.predicate.supporting.map((file) => [file.path, file.role]);
    expect(roles).toEqual(
      expect.arrayContaining([
        ["checkpoints/audit-checkpoint.txt", "checkpoint"],
        [`checkpoints/inclusion/event-${uploads[1]?.seq}.json`, "inclusion-proof"],
        [checkpointKeyPath, "trusted-key"],
      ]),
    );
    const described = parsed.manifest.predicate.supporting.find(
      (file) => file.path === `checkpoints/inclusion/event-${uploads[1]?.seq}.json`,
    );
    expect(described?.description).toContain("evidence.uploaded of files/scan-report/scan.sarif");
  });

  it("verifies offline: checkpoints ok against the trust root, a warning with the bundle's own keys", async () => {
    const own = verifyEvidenceBundle(await read(folder));
    expect(own.verdict).toBe("verified");
    expect(own.checks.find((check) => check.name === "checkpoints")).toMatchObject({
      status: "warning",
      summary: expect.stringContaining("2 inclusion proofs verify (uploads of 2 of 2 evidence files)"),
    });
    expect(own.warnings).toEqual([
      expect.stringContaining("came with the bundle"),
      expect.stringContaining("the audit-checkpoint key"),
    ]);
    const { json } = await exportTrustRoot(db.prisma, { clock });
    const pinned = verifyEvidenceBundle(await read(folder), { trustedKeys: trustedKeysOf(JSON.parse(json)) });
    expect(pinned).toMatchObject({ verdict: "verified", trust: "pinned", warnings: [] });
    expect(pinned.checks.map((check) => [check.name, check.status])).toEqual([
      ["archive", "ok"],
      ["checksums", "ok"],
      ["manifest", "ok"],
      ["signature", "ok"],
      ["contents", "ok"],
      ["merkle", "ok"],
      ["checkpoints", "ok"],
    ]);
    // the manifest's key alone does not vouch for the checkpoint
    const attestationKey = listFiles(folder).find((name) => name.startsWith("keys/attestation-")) as string;
    const partly = verifyEvidenceBundle(await read(folder), {
      trustedKeys: [{ publicKeyPem: fs.readFileSync(path.join(folder, attestationKey), "utf8") }],
    });
    expect(partly.verdict).toBe("failed");
    expect(partly.problems[0]).toMatchObject({
      file: "checkpoints/audit-checkpoint.txt",
      message: expect.stringContaining("signed by no trusted audit-checkpoint key"),
    });
  });

  it("verifies with the CLI: bundle, checkpoint and inclusion", async () => {
    const archiveFile = path.join(work, "with-key.tar.gz");
    fs.writeFileSync(archiveFile, archive);
    const attestationKey = listFiles(folder).find((name) => name.startsWith("keys/attestation-")) as string;
    const bundle = await cli(
      [
        "bundle",
        archiveFile,
        "--key",
        path.join(folder, attestationKey),
        "--key",
        path.join(folder, checkpointKeyPath),
      ],
      work,
    );
    expect(bundle.code, bundle.stdout).toBe(0);
    expect(bundle.stdout).toMatch(
      /OK {3}checkpoints {1}checkpoints\/audit-checkpoint\.txt: portal\.test\/audit-log at size \d+/,
    );
    const checkpoint = await cli(
      [
        "checkpoint",
        path.join(folder, "checkpoints/audit-checkpoint.txt"),
        "--key",
        path.join(folder, checkpointKeyPath),
        "--origin",
        ORIGIN,
      ],
      folder,
    );
    expect(checkpoint.code, checkpoint.stdout).toBe(0);
    expect(checkpoint.stdout).toContain("Checkpoint: VERIFIED");
    for (const upload of uploads) {
      const inclusion = await cli(
        [
          "inclusion",
          path.join(folder, `checkpoints/inclusion/event-${upload.seq}.json`),
          "--key",
          path.join(folder, checkpointKeyPath),
        ],
        folder,
      );
      expect(inclusion.code, inclusion.stdout).toBe(0);
      expect(inclusion.stdout).toContain(`event #${upload.seq} is in the audit log signed at size`);
    }
  });

  it("verifies by the exact commands of VERIFY.md, section 5 and the pinned bundle command", () => {
    const verifyMd = fs.readFileSync(path.join(folder, "VERIFY.md"), "utf8");
    expect(verifyMd).toContain("## 5. The uploads are in the portal's audit log");
    expect(verifyMd).toContain(
      `portal-verify checkpoint checkpoints/audit-checkpoint.txt --key ${checkpointKeyPath} --origin ${ORIGIN}`,
    );
    const blocks = verifyMdBlocks(folder);
    expect(blocks).toHaveLength(5);
    const [, , , all, audit] = blocks as string[];
    const results = withPortalVerifyOnPath(() => ({
      audit: runShell(audit as string, folder),
      // the folder form (the archive form needs trust-root.json, which the auditor brings)
      bundle: runShell((all as string).split("\n")[1] as string, folder),
    }));
    expect(results.audit.status, results.audit.output).toBe(0);
    expect(results.audit.output.match(/: VERIFIED/g)).toHaveLength(3);
    expect(results.bundle.status, results.bundle.output).toBe(0);
    expect(JSON.parse(results.bundle.output)).toMatchObject({ verdict: "verified", trust: "pinned" });
  });

  it("fails sha256sum and the checkpoints check when one byte of a proof or the checkpoint flips, naming it", async () => {
    const names = ["checkpoints/audit-checkpoint.txt", `checkpoints/inclusion/event-${uploads[0]?.seq}.json`];
    for (const name of names) {
      const copy = path.join(work, `flip-${path.basename(name)}`);
      fs.cpSync(folder, copy, { recursive: true });
      flipByte(path.join(copy, name));
      const sha = runShell(verifyMdBlocks(copy)[0] as string, copy);
      expect(sha.status, name).not.toBe(0);
      expect(sha.output, name).toContain(`${name}: FAILED`);
      const report = verifyEvidenceBundle(await read(copy));
      expect(report.verdict, name).toBe("failed");
      const checks = Object.fromEntries(report.checks.map((check) => [check.name, check]));
      expect(
        checks.checksums?.problems.map((problem) => problem.file),
        name,
      ).toContain(name);
      expect(checks.checkpoints?.status, name).toBe("failed");
      expect(
        checks.checkpoints?.problems.map((problem) => problem.file),
        name,
      ).toContain(name);
      const run = await cli(["bundle", copy], work);
      expect(run.code, name).toBe(1);
      expect(run.stdout, name).toMatch(
        new RegExp(`FAIL checkpoints[\\s\\S]*${name.replace(/[./]/g, "\\$&")}`),
      );
    }
  });

  it("names a proof that was swapped for a genuine proof of another event", async () => {
    const copy = path.join(work, "swapped");
    fs.cpSync(folder, copy, { recursive: true });
    const [first, second] = uploads;
    const target = path.join(copy, `checkpoints/inclusion/event-${first?.seq}.json`);
    fs.copyFileSync(path.join(copy, `checkpoints/inclusion/event-${second?.seq}.json`), target);
    const report = verifyEvidenceBundle(await read(copy));
    const checkpoints = report.checks.find((check) => check.name === "checkpoints");
    expect(checkpoints?.problems).toEqual([
      {
        file: `checkpoints/inclusion/event-${first?.seq}.json`,
        message: `checkpoints/inclusion/event-${first?.seq}.json: proves audit event #${second?.seq}, not the event its name says`,
      },
    ]);
  });

  it("names a genuine proof of an event that is not the upload of a file of the bundle", async () => {
    const copy = path.join(work, "foreign");
    fs.cpSync(folder, copy, { recursive: true });
    const checkpoint = await db.prisma.auditCheckpoint.findFirstOrThrow({ orderBy: { treeSize: "desc" } });
    const other = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: { not: "evidence.uploaded" }, seq: { lte: checkpoint.treeSize } },
      orderBy: { seq: "asc" },
    });
    const view = await getInclusionProof(
      db.prisma,
      { seq: Number(other.seq), treeSize: Number(checkpoint.treeSize) },
      clock,
    );
    const name = `checkpoints/inclusion/event-${other.seq}.json`;
    fs.writeFileSync(path.join(copy, name), JSON.stringify(inclusionProofDocument(view)));
    const report = verifyEvidenceBundle(await read(copy));
    expect(report.checks.find((check) => check.name === "checkpoints")?.problems).toEqual([
      { file: name, message: `${name}: event #${other.seq} is ${other.action}, not evidence.uploaded` },
    ]);
  });

  it("exports a hand-picked earlier bundle archive without a proof, and says so", async () => {
    const archiveRecord = await db.prisma.evidenceRecord.findFirstOrThrow({
      where: { kind: "AUDIT_EXPORT" },
      select: { id: true },
    });
    const { folder: picked } = await exportToFolder("picked", {
      mode: "records",
      evidenceIds: [...evidenceIds, archiveRecord.id],
    });
    expect(listFiles(picked).filter((name) => name.startsWith("checkpoints/inclusion/"))).toHaveLength(2);
    const parsed = parseManifest(fs.readFileSync(path.join(picked, "manifest.json")));
    if (!parsed.ok) throw new Error(parsed.problem);
    const checkpoint = parsed.manifest.predicate.supporting.find((file) => file.role === "checkpoint");
    expect(checkpoint?.description).toMatch(
      /covers the upload events of 2 of 3 evidence files; no evidence\.uploaded event records files\/audit-export\/evidence-bundle-.*\.tar\.gz/,
    );
    expect(fs.readFileSync(path.join(picked, "VERIFY.md"), "utf8")).toContain(
      "no evidence.uploaded event records",
    );
    const report = verifyEvidenceBundle(await read(picked));
    expect(report.verdict).toBe("verified");
    expect(report.checks.find((check) => check.name === "checkpoints")?.summary).toContain(
      "uploads of 2 of 3 evidence files",
    );
  });

  it("signs a new checkpoint when the log grew since the last one", async () => {
    const before = await db.prisma.auditCheckpoint.count();
    await exportToFolder("again", { mode: "release", releaseId: release.id });
    // the previous export appended its own events, so the log grew: a new checkpoint covers them
    expect(await db.prisma.auditCheckpoint.count()).toBe(before + 1);
  });
});
