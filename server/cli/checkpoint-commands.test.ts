// The offline verifier as an auditor runs it: a separate process, files on disk, no server and no database. The
// proofs come from the real services (a signed audit checkpoint, an inclusion and a consistency proof) and from
// the production Rekor log; every changed byte fails with exit 1 and a reason, every unreadable input exits 2 with
// one line and no stack trace.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { appendAudit } from "../audit/append-audit";
import { getConsistencyProof, getInclusionProof } from "../audit/checkpoints/get-proofs";
import { consistencyProofDocument, inclusionProofDocument } from "../audit/checkpoints/proof-documents";
import { signAuditCheckpoint } from "../audit/checkpoints/sign-audit-checkpoint";
import { manualClock } from "../lib/clock";
import { createSigningKey } from "../signing/keys/create-signing-key";
import { exportTrustRoot } from "../signing/keys/export-trust-root";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/transparency");
const ORIGIN = "portal.test/audit-log";
const clock = manualClock("2026-11-30T10:00:00.000Z");
const actor = { id: null, name: "Ada Auditor", roles: ["AUDITOR"] };

let db: TestDatabase;
let restore: () => void;
let dir: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      path.join(ROOT, "node_modules/.bin/tsx"),
      ["server/cli/main.ts", ...args],
      {
        cwd: ROOT,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const file = (name: string, content: string) => {
  const target = path.join(dir, name);
  fs.writeFileSync(target, content);
  return target;
};

async function append(count: number) {
  for (let i = 0; i < count; i += 1) {
    clock.advance(1_000);
    await db.prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: { type: "auth.sign_out" },
        actor,
        subject: { type: "session", id: `s${i}` },
        clock,
      }),
    );
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-cli-"));
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
  const key = await db.prisma.$transaction((tx) =>
    createSigningKey(tx, { purpose: "audit-checkpoint", backend: "software", actor, clock }),
  );
  file("audit-key.pem", key.publicKeyPem);
  file("trust-root.json", (await exportTrustRoot(db.prisma, { clock })).json);
  await append(11);
  const first = await signAuditCheckpoint(db.prisma, { origin: ORIGIN, trigger: "manual", actor, clock });
  await append(6);
  const second = await signAuditCheckpoint(db.prisma, { origin: ORIGIN, trigger: "manual", actor, clock });
  file("checkpoint.txt", second.checkpoint.signedNote);
  const inclusion = await getInclusionProof(db.prisma, { seq: 5 }, clock);
  file("inclusion.json", JSON.stringify(inclusionProofDocument(inclusion), null, 2));
  const sizes = { size1: first.checkpoint.treeSize, size2: second.checkpoint.treeSize };
  const consistency = await getConsistencyProof(db.prisma, sizes, clock);
  file("consistency.json", JSON.stringify(consistencyProofDocument(consistency), null, 2));
  file("old.txt", first.checkpoint.signedNote);
});
afterAll(async () => {
  restore();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the portal's audit checkpoints, verified offline", () => {
  it("verifies a checkpoint with the PEM key, or with the trust root, and pins the origin", async () => {
    const pem = await cli(
      "checkpoint",
      path.join(dir, "checkpoint.txt"),
      "--key",
      path.join(dir, "audit-key.pem"),
    );
    expect(pem).toMatchObject({ code: 0 });
    expect(pem.stdout).toMatch(/Checkpoint: VERIFIED/);
    expect(pem.stdout).toMatch(/origin +portal\.test\/audit-log/);
    const root = await cli(
      "checkpoint",
      path.join(dir, "checkpoint.txt"),
      "--key",
      path.join(dir, "trust-root.json"),
      "--origin",
      "other.example/log",
      "--json",
    );
    expect(root.code).toBe(1);
    expect(JSON.parse(root.stdout)).toMatchObject({ ok: false, verdict: /is for "portal.test\/audit-log"/ });
  });

  it("verifies an event's inclusion proof, and fails when the event or a proof hash is changed", async () => {
    const key = path.join(dir, "audit-key.pem");
    const ok = await cli("inclusion", path.join(dir, "inclusion.json"), "--key", key);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/event #5 is in the audit log signed at size/);

    const doc = JSON.parse(fs.readFileSync(path.join(dir, "inclusion.json"), "utf8")) as {
      canonicalEvent: string;
      hashes: string[];
    };
    const edited = file(
      "edited-event.json",
      JSON.stringify({ ...doc, canonicalEvent: doc.canonicalEvent.replace("Ada Auditor", "Mallory") }),
    );
    const eventChanged = await cli("inclusion", edited, "--key", key);
    expect(eventChanged.code).toBe(1);
    expect(eventChanged.stdout).toMatch(/FAIL +event hash .*the event was changed/);

    const flipped = doc.hashes.map((hash, index) =>
      index === 0 ? `${hash[0] === "0" ? "1" : "0"}${hash.slice(1)}` : hash,
    );
    const proofChanged = await cli(
      "inclusion",
      file("edited-proof.json", JSON.stringify({ ...doc, hashes: flipped })),
      "--key",
      key,
    );
    expect(proofChanged.code).toBe(1);
    expect(proofChanged.stdout).toMatch(/FAIL +inclusion +the proof does not lead to this root/);

    const short = await cli(
      "inclusion",
      file("short-proof.json", JSON.stringify({ ...doc, hashes: doc.hashes.slice(1) })),
      "--key",
      key,
    );
    expect(short.code).toBe(1);
    expect(short.stdout).toMatch(/the proof has \d+ hashes?; leaf 4 of a tree of \d+ needs/);
  });

  it("verifies the consistency of two checkpoints, and refuses them swapped or from a stranger's key", async () => {
    const key = path.join(dir, "audit-key.pem");
    const ok = await cli("consistency", path.join(dir, "consistency.json"), "--key", key);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/nothing was removed or rewritten/);
    const swapped = await cli(
      "consistency",
      path.join(dir, "consistency.json"),
      "--key",
      key,
      "--old",
      path.join(dir, "checkpoint.txt"),
      "--new",
      path.join(dir, "old.txt"),
    );
    expect(swapped.code).toBe(1);
    expect(swapped.stdout).toMatch(/FAIL +sizes/);
    const stranger = await cli(
      "consistency",
      path.join(dir, "consistency.json"),
      "--key",
      path.join(FIXTURES, "rekor.sigstore.dev.pub.pem"),
    );
    expect(stranger.code).toBe(1);
    expect(stranger.stdout).toMatch(/no signature from a trusted key/);
  });
});

describe("Rekor, offline", () => {
  it("verifies the real sigstore@3.1.0 entry against its checkpoint with Rekor's key", async () => {
    const result = await cli(
      "inclusion",
      path.join(FIXTURES, "sigstore-3.1.0-tlog-entry.sigstore.json"),
      "--key",
      path.join(FIXTURES, "rekor.sigstore.dev.pub.pem"),
      "--origin",
      "rekor.sigstore.dev - 1193050959916656506",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/leaf 46800500 of the log signed at size 46800506/);
  });
});

describe("bad input: exit 2, one line, no stack trace", () => {
  it.each([
    ["a missing file", ["checkpoint", "/nonexistent/cp.txt", "--key", "x"], /no such file/],
    ["no key", ["checkpoint", path.join(FIXTURES, "NOTICE.md")], /give the trusted key/],
    ["an unknown option", ["inclusion", "x.json", "--frobnicate"], /Unknown option/],
    [
      "a proof that is not JSON",
      ["inclusion", path.join(FIXTURES, "NOTICE.md"), "--key", "x"],
      /is not JSON/,
    ],
    [
      "a key file with no key",
      ["checkpoint", path.join(FIXTURES, "NOTICE.md"), "--key", path.join(FIXTURES, "NOTICE.md")],
      /not a PEM public key or verifier key/,
    ],
    ["an unknown command", ["frobnicate"], /unknown command "frobnicate"/],
  ])("%s", async (_name, args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("reads a file of the wrong kind as a failed verification with a reason, not a crash", async () => {
    const notAProof = file("not-a-proof.json", JSON.stringify({ leafIndex: 3, treeSize: 2, hashes: ["zz"] }));
    const result = await cli("inclusion", notAProof, "--key", path.join(dir, "audit-key.pem"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/proof hash 1 is not a 32-byte hash/);
    const garbled = file(
      "garbled-checkpoint.txt",
      "portal.test/audit-log\n12\nnot-base64\n\n\u2014 x AAAA\n",
    );
    const checkpoint = await cli("checkpoint", garbled, "--key", path.join(dir, "audit-key.pem"), "--json");
    expect(checkpoint.code).toBe(1);
    expect(JSON.parse(checkpoint.stdout)).toMatchObject({ ok: false, verdict: /malformed note/ });
  });
});
