// The `continuity` command as an auditor runs it: a separate process with the downloaded report, its envelope and
// the trust root, no server and no database. The report comes from the real services (two verify-all runs that
// each signed an audit checkpoint, then the signed report); openssl checks the same envelope independently. Any
// edit fails with exit 1 and names the check; unreadable input exits 2 without a stack trace.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/context";
import { verifyAllDeps } from "@/test/continuity";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { evidenceDeps, SAMPLE_CYCLONEDX, SAMPLE_SARIF, tempBlobStore } from "@/test/evidence";
import { opensslVerify } from "@/test/openssl";
import { installTestSoftwareBackend } from "@/test/signing";
import { createContinuityReport } from "../evidence/continuity/create-continuity-report";
import { exportContinuityReport } from "../evidence/continuity/export-continuity-report";
import { runVerifyAll } from "../evidence/continuity/run-verify-all";
import { startVerifyAll } from "../evidence/continuity/start-verify-all";
import { uploadEvidence } from "../evidence/upload-evidence";
import { manualClock } from "../lib/clock";
import { pae } from "../signing/dsse";
import { createSigningKey } from "../signing/keys/create-signing-key";
import { exportPemBundle, exportTrustRoot } from "../signing/keys/export-trust-root";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const clock = manualClock("2026-11-30T10:00:00.000Z");
const store = tempBlobStore();
let db: TestDatabase;
let restore: () => void;
let dir: string;
const files: Record<string, string> = {};

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/portal-verify.mjs", ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const write = (name: string, content: string) => {
  const target = path.join(dir, name);
  fs.writeFileSync(target, content);
  return target;
};

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "continuity-cli-"));
  const user = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  const actor = { id: user.id, name: user.name, roles: user.roles };
  for (const purpose of ["attestation", "audit-checkpoint"] as const) {
    await db.prisma.$transaction((tx) =>
      createSigningKey(tx, { purpose, backend: "software", actor, clock }),
    );
  }
  const deps = evidenceDeps(db.prisma, clock, store.blobs);
  const upload = (fileName: string, bytes: Buffer) =>
    uploadEvidence(deps, {
      meta: { kind: "OTHER", fileName },
      bytes,
      producer: { kind: "USER", userId: user.id, name: user.name },
      actor,
    });
  const verifyAll = async (label: string) => {
    clock.advance(60_000);
    await startVerifyAll({ prisma: db.prisma, clock, appVersion: "0.1.0" }, { input: { label }, actor });
    const snapshot = await runVerifyAll(
      verifyAllDeps(db.prisma, clock, store.directory, { checkpointOrigin: "portal.test/audit-log" }),
    );
    if (!snapshot) throw new Error("no run");
    return snapshot;
  };
  await upload("sbom.cdx.json", SAMPLE_CYCLONEDX);
  const before = await verifyAll("pre-upgrade 2026.11");
  await upload("scan.sarif", SAMPLE_SARIF);
  const after = await verifyAll("post-upgrade 2027.1");
  clock.advance(60_000);
  const report = await createContinuityReport(
    { prisma: db.prisma, clock, appVersion: "0.1.0" },
    { input: { baselineId: before.id, targetId: after.id }, actor },
  );
  files.report = write(
    "continuity-report.json",
    (await exportContinuityReport(db.prisma, report.id, "json")).body,
  );
  files.envelope = write(
    "continuity-report.dsse.json",
    (await exportContinuityReport(db.prisma, report.id, "dsse")).body,
  );
  files.trustRoot = write("trust-root.json", (await exportTrustRoot(db.prisma, { clock })).json);
  files.pems = write("trusted-keys.pem", await exportPemBundle(db.prisma, { clock }));
  const attestationKey = await db.prisma.signingKey.findFirstOrThrow({ where: { purpose: "attestation" } });
  files.attestationPem = write("attestation.pem", attestationKey.publicKeyPem);
});

afterAll(async () => {
  restore();
  await db.close();
  store.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("continuity", () => {
  it("verifies the downloaded report against the trust root, checkpoints included, and says what it found", async () => {
    const document = JSON.parse(fs.readFileSync(files.report as string, "utf8"));
    expect(document.audit.checkpoints.baseline.signedNote).toMatch(/^portal\.test\/audit-log\n\d+\n/);
    expect(document.counts).toEqual({ UNCHANGED: 1, CHANGED: 0, MISSING: 0, ADDED: 1 });
    const result = await cli(
      "continuity",
      files.report as string,
      "--envelope",
      files.envelope as string,
      "--key",
      files.trustRoot as string,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Continuity report: VERIFIED");
    expect(result.stdout).toMatch(/ok +baseline checkpoint +signed by portal\.test\/audit-log/);
    expect(result.stdout).toMatch(/ok +target audit head/);
    expect(result.stdout).toContain(
      "the signed report holds: CONTINUOUS between “pre-upgrade 2026.11” and “post-upgrade 2027.1”",
    );
    // the PEM bundle works too
    expect(
      (
        await cli(
          "continuity",
          files.report as string,
          "--envelope",
          files.envelope as string,
          "--key",
          files.pems as string,
        )
      ).code,
    ).toBe(0);
    const json = await cli(
      "continuity",
      files.report as string,
      "--envelope",
      files.envelope as string,
      "--key",
      files.trustRoot as string,
      "--json",
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      subject: "Continuity report",
      facts: { "report verdict": "CONTINUOUS" },
    });
  });

  it("agrees with sha256sum and openssl on the same files", () => {
    const envelope = JSON.parse(fs.readFileSync(files.envelope as string, "utf8"));
    const payload = Buffer.from(envelope.payload, "base64");
    const statement = JSON.parse(payload.toString("utf8"));
    const digest = createHash("sha256")
      .update(fs.readFileSync(files.report as string))
      .digest("hex");
    expect(statement.subject[0].digest.sha256).toBe(digest);
    const openssl = opensslVerify({
      publicKeyPem: fs.readFileSync(files.attestationPem as string, "utf8"),
      data: pae(envelope.payloadType, payload),
      signature: Buffer.from(envelope.signatures[0].sig, "base64"),
    });
    expect(openssl.ok).toBe(true);
  });

  it("fails an edited report and names the check", async () => {
    const text = fs.readFileSync(files.report as string, "utf8");
    const edited = write(
      "edited.json",
      text.replace('"ADDED":1', '"ADDED":0').replace('"UNCHANGED":1', '"UNCHANGED":2'),
    );
    const result = await cli(
      "continuity",
      edited,
      "--envelope",
      files.envelope as string,
      "--key",
      files.trustRoot as string,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Continuity report: FAILED");
    expect(result.stdout).toMatch(
      /FAIL +statement +the signed statement names sha256:[0-9a-f]{64}, not this document/,
    );
    expect(result.stdout).toMatch(/FAIL +counts +UNCHANGED: 2 stated, 1 items; ADDED: 0 stated, 1 items/);
    const wrongKey = await cli(
      "continuity",
      files.report as string,
      "--envelope",
      files.envelope as string,
      "--key",
      files.attestationPem as string,
    );
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stdout).toMatch(/FAIL +baseline checkpoint/);
  });

  it("answers unreadable input with exit 2 and one line, never a stack trace", async () => {
    const cases = [
      await cli("continuity", files.report as string, "--key", files.trustRoot as string),
      await cli(
        "continuity",
        path.join(dir, "nope.json"),
        "--envelope",
        files.envelope as string,
        "--key",
        files.trustRoot as string,
      ),
      await cli(
        "continuity",
        write("not-a-report.json", '{"hello":"world"}'),
        "--envelope",
        files.envelope as string,
        "--key",
        files.trustRoot as string,
      ),
      await cli(
        "continuity",
        files.report as string,
        "--envelope",
        files.envelope as string,
        "--key",
        write("bad.pem", "not a key"),
      ),
    ];
    expect(cases.map((result) => result.code)).toEqual([2, 2, 2, 2]);
    for (const result of cases) expect(`${result.stdout}${result.stderr}`).not.toMatch(/\n\s+at /);
    expect(cases[0]?.stderr).toContain("give the report's DSSE envelope with --envelope <file>");
    expect(cases[2]?.stdout).toContain("the file is not a continuity report");
  });
});
