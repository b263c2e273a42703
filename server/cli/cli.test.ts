// portal-verify as an auditor runs it: the real bin, spawned, on bundles built the way the exporter builds them
// (same manifest, VERIFY.md, DSSE and packer), with keys from openssl. Exit codes 0/1/2, files named, no stack
// traces, and nothing imported that needs a server.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opensslKeyPair, tempDir } from "@/test/bundles";
import { flipByte, unpack } from "@/test/evidence-bundles";
import { testSigner } from "@/test/signing";
import { bundleFolderName, packBundle } from "../evidence/bundle/export-bundle";
import { buildManifest, type ManifestFile } from "../evidence/bundle/manifest";
import { renderInstructions } from "../evidence/bundle/verify-instructions";
import { canonicalJson } from "../lib/canonical-json";
import { signEnvelope } from "../signing/dsse";
import { IN_TOTO_PAYLOAD_TYPE } from "../signing/in-toto";
import { toSpkiPem } from "../signing/key-id";
import { sha256Hex } from "../signing/signature-check";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/portal-verify.mjs");
const work = tempDir("portal-verify-");
let archive: string;
let folder: string;
let signer: ReturnType<typeof testSigner>;

function cli(args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const noStackTrace = (output: { stdout: string; stderr: string }) =>
  expect(`${output.stdout}${output.stderr}`).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

async function makeBundle(): Promise<Buffer> {
  signer = testSigner();
  const bundleId = "0b7c1e2a-3f4d-4e5f-8a9b-0c1d2e3f4a5b";
  const createdAt = new Date("2026-12-03T08:00:00.000Z");
  const evidence = [
    {
      path: "files/sbom/app.cdx.json",
      bytes: Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.6"}\n'),
      kind: "SBOM",
    },
    {
      path: "files/scan-report/scan.sarif",
      bytes: Buffer.from('{"version":"2.1.0","runs":[]}\n'),
      kind: "SCAN_REPORT",
    },
  ];
  const files: ManifestFile[] = evidence.map((item, index) => ({
    path: item.path,
    sha256: sha256Hex(item.bytes),
    size: item.bytes.length,
    kind: item.kind,
    mediaType: "application/json",
    fileName: path.basename(item.path),
    subjectDigest: null,
    evidenceId: `00000000-0000-4000-8000-00000000000${index}`,
    description: "",
    producer: "ci",
    uploadedAt: createdAt.toISOString(),
    links: [],
  }));
  const keyPath = `keys/attestation-${signer.signer.keyId.slice(7, 23)}.pem`;
  const keyBytes = Buffer.from(toSpkiPem(signer.publicKey));
  const instructions = Buffer.from(
    renderInstructions({
      bundleId,
      title: "CLI test bundle",
      createdAt: createdAt.toISOString(),
      createdBy: "Ada Auditor",
      selection: "2 hand-picked pieces of evidence",
      fileCount: 2,
      totalBytes: files.reduce((sum, file) => sum + file.size, 0),
      merkleRoot: "0".repeat(64),
      signingKey: { keyId: signer.signer.keyId, path: keyPath, purpose: "attestation" },
      extraFiles: [],
      archiveName: "bundle.tar.gz",
    }),
  );
  const supporting = [
    { path: keyPath, bytes: keyBytes, role: "trusted-key" },
    { path: "VERIFY.md", bytes: instructions, role: "instructions" },
  ];
  const { bytes: manifest } = buildManifest({
    bundle: {
      id: bundleId,
      title: "CLI test bundle",
      createdAt: createdAt.toISOString(),
      createdBy: "Ada Auditor",
      selection: "2 hand-picked pieces of evidence",
      portalVersion: "test",
    },
    files,
    supporting: supporting.map((file) => ({
      path: file.path,
      sha256: sha256Hex(file.bytes),
      size: file.bytes.length,
      role: file.role,
      description: "",
    })),
  });
  const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, manifest, [signer.signer]);
  fs.writeFileSync(path.join(work, "envelope.json"), `${canonicalJson(envelope)}\n`);
  return packBundle({
    folder: bundleFolderName(bundleId, createdAt),
    files: [
      ...evidence.map((item) => ({ path: item.path, bytes: item.bytes })),
      ...supporting.map((file) => ({ path: file.path, bytes: file.bytes })),
      { path: "manifest.json", bytes: manifest },
      { path: "manifest.dsse", bytes: Buffer.from(`${canonicalJson(envelope)}\n`) },
    ],
  });
}

beforeAll(async () => {
  const bytes = await makeBundle();
  archive = path.join(work, "bundle.tar.gz");
  fs.writeFileSync(archive, bytes);
  folder = unpack(bytes, path.join(work, "unpacked"));
  fs.writeFileSync(path.join(work, "signer.pem"), toSpkiPem(signer.publicKey));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("portal-verify bundle", () => {
  it("verifies a good bundle (archive or folder): exit 0, a readable report", () => {
    const run = cli(["bundle", "bundle.tar.gz"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("OK   checksums   6 files match");
    expect(run.stdout).toContain("WARN signature");
    expect(run.stdout).toContain("came with the bundle");
    expect(run.stdout).toMatch(/VERIFIED: 7 files, signed by sha256:[0-9a-f]{64}\n$/);
    const pinned = cli(["bundle", folder, "--key", "signer.pem"]);
    expect(pinned.status).toBe(0);
    expect(pinned.stdout).toContain("OK   signature");
    expect(pinned.stdout).not.toContain("came with the bundle");
  });

  it("prints the report as JSON with --json", () => {
    const run = cli(["bundle", "bundle.tar.gz", "--key=signer.pem", "--json"]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      command: "bundle",
      verdict: "verified",
      ok: true,
      trust: "pinned",
      evidenceFiles: 2,
    });
    expect(report.checks.map((check: { name: string }) => check.name)).toEqual([
      "archive",
      "checksums",
      "manifest",
      "signature",
      "contents",
      "merkle",
      "checkpoints",
    ]);
  });

  it("fails with exit 1 and names the file when one byte of any file flips", () => {
    const names = fs
      .readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)));
    expect(names).toHaveLength(7);
    for (const name of names) {
      const copy = path.join(work, `flipped-${name.replace(/\//g, "_")}`);
      fs.cpSync(folder, copy, { recursive: true });
      flipByte(path.join(copy, name));
      const run = cli(["bundle", copy]);
      expect(run.status, name).toBe(1);
      expect(run.stdout, name).toMatch(new RegExp(`NOT VERIFIED: .*${name.replace(/\./g, "\\.")}`));
      noStackTrace(run);
    }
  });

  it("refuses a key that did not sign, and a trust root that does not hold the signer", () => {
    const other = opensslKeyPair(work, "other");
    const run = cli(["bundle", "bundle.tar.gz", "--key", other.pub]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/FAIL signature[\s\S]*is not a trusted key/);
    expect(run.stdout).toContain("NOT VERIFIED: manifest.dsse");
    // a trust root (the JSON from /keys) that holds the signer, but as a release key: wrong purpose
    const trustRoot = (purpose: string) => ({
      mediaType: "application/vnd.portal.trust-root+json;version=1",
      generatedAt: "2026-12-03T09:00:00.000Z",
      keys: [
        {
          keyId: signer.signer.keyId,
          purpose,
          algorithm: "ecdsa-p256-sha256",
          publicKeyPem: signer.signer.publicKeyPem,
          status: "active",
          validFrom: "2026-01-01T00:00:00.000Z",
          validUntil: null,
          revokedAt: null,
          revocationReason: null,
          previousKeyId: null,
        },
      ],
    });
    fs.writeFileSync(path.join(work, "release-root.json"), JSON.stringify(trustRoot("release")));
    const wrongPurpose = cli(["bundle", "bundle.tar.gz", "--trust-root", "release-root.json"]);
    expect(wrongPurpose.status).toBe(1);
    expect(wrongPurpose.stdout).toContain("is a release key; a attestation key is required");
    fs.writeFileSync(path.join(work, "attestation-root.json"), JSON.stringify(trustRoot("attestation")));
    expect(cli(["bundle", "bundle.tar.gz", "--trust-root", "attestation-root.json"]).status).toBe(0);
  });

  it("answers unreadable input with exit 2 and one line, never a stack trace", () => {
    const bytes = fs.readFileSync(archive);
    fs.writeFileSync(path.join(work, "truncated.tar.gz"), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    fs.writeFileSync(path.join(work, "garbage.tar.gz"), "PK but not really a zip, nor anything else");
    fs.writeFileSync(path.join(work, "empty.tar.gz"), "");
    const corrupt = Buffer.from(bytes);
    const middle = Math.floor(corrupt.length / 2);
    corrupt[middle] = (corrupt[middle] ?? 0) ^ 0xff;
    fs.writeFileSync(path.join(work, "corrupt.tar.gz"), corrupt);
    for (const [file, reason] of [
      ["truncated.tar.gz", /truncated|unexpected end/i],
      ["garbage.tar.gz", /neither a directory, a tar archive nor a gzip-compressed tar archive/],
      ["empty.tar.gz", /neither a directory/],
      ["corrupt.tar.gz", /corrupt|invalid|incorrect|check/i],
      ["missing.tar.gz", /cannot be read/],
    ] as const) {
      const run = cli(["bundle", file]);
      expect(run.status, file).toBe(2);
      expect(run.stdout, file).toMatch(reason);
      expect(run.stdout, file).toContain("NOT VERIFIED: the bundle could not be read");
      noStackTrace(run);
    }
  });

  it("answers usage errors with exit 2 and the usage line", () => {
    for (const args of [
      ["bundle"],
      ["bundle", "a", "b"],
      ["bundle", "x", "--key"],
      ["bundle", "x", "--colour"],
      ["bundle", "x", "--key", "nope.pem"],
    ]) {
      const run = cli(args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toContain("usage: portal-verify bundle");
      noStackTrace(run);
    }
    expect(cli([]).status).toBe(2);
    expect(cli(["frobnicate"])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('unknown command "frobnicate"'),
    });
    expect(cli(["--help"])).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/bundle\s+verify an evidence bundle/),
    });
    expect(cli(["bundle", "--help"])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("Trusted keys: --key"),
    });
  });
});

describe("portal-verify dsse", () => {
  it("verifies an envelope with the signer's key and lists the in-toto subjects", () => {
    const run = cli(["dsse", "envelope.json", "--key", "signer.pem"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("payload type:   application/vnd.in-toto+json");
    expect(run.stdout).toMatch(/[0-9a-f]{64} {2}files\/sbom\/app\.cdx\.json/);
    expect(run.stdout).toContain("VERIFIED: 1 trusted signature verifies");
    expect(JSON.parse(cli(["dsse", "envelope.json", "--key", "signer.pem", "--json"]).stdout)).toMatchObject({
      verdict: "verified",
      ok: true,
      validSignatures: 1,
    });
  });

  it("fails (1) on a changed payload or another key, and cannot read (2) garbage or no key", () => {
    const envelope = JSON.parse(fs.readFileSync(path.join(work, "envelope.json"), "utf8"));
    envelope.payload = Buffer.from("{}").toString("base64");
    fs.writeFileSync(path.join(work, "changed.json"), JSON.stringify(envelope));
    expect(cli(["dsse", "changed.json", "--key", "signer.pem"])).toMatchObject({
      status: 1,
      stdout: expect.stringContaining("the payload, payload type or signature changed"),
    });
    const other = opensslKeyPair(work, "stranger");
    expect(cli(["dsse", "envelope.json", "--key", other.pub]).status).toBe(1);
    expect(cli(["dsse", "envelope.json", "--key", "signer.pem", "--payload-type", "text/plain"]).status).toBe(
      1,
    );
    fs.writeFileSync(path.join(work, "garbage.json"), "{not json");
    const garbage = cli(["dsse", "garbage.json", "--key", "signer.pem"]);
    expect(garbage).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("cannot be read as a DSSE envelope"),
    });
    noStackTrace(garbage);
    expect(cli(["dsse", "envelope.json"])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("give --key or --trust-root"),
    });
    fs.writeFileSync(
      path.join(work, "not-a-key.pem"),
      "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    );
    expect(cli(["dsse", "envelope.json", "--key", "not-a-key.pem"])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("not a valid public key"),
    });
    expect(cli(["dsse", "envelope.json", "--trust-root", "garbage.json"])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("is not a trust root"),
    });
  });
});

describe("what portal-verify imports", () => {
  it("needs no server: nothing reachable from the bin imports server-only, Prisma, the database or env.ts", () => {
    const seen = new Set<string>();
    const forbidden: string[] = [];
    const resolve = (from: string, specifier: string): string | null => {
      if (!specifier.startsWith(".")) return null;
      const base = path.resolve(path.dirname(from), specifier);
      return (
        [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), base].find(
          (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
        ) ?? null
      );
    };
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = fs.readFileSync(file, "utf8");
      // runtime imports only: `import type` and `export type` vanish when the TypeScript is stripped
      for (const match of source.matchAll(
        /^(?:import|export)\s+(?!type\s)(?:[^'"]*?from\s+)?["']([^"']+)["']/gm,
      )) {
        const specifier = match[1] as string;
        if (
          /^(server-only|@prisma\/|pg$|@electric-sql\/|next|next-auth)/.test(specifier) ||
          /\/(db|env)(\/|$)/.test(specifier)
        ) {
          forbidden.push(`${path.relative(ROOT, file)} imports ${specifier}`);
        }
        const next = resolve(file, specifier);
        if (next) walk(next);
      }
    };
    walk(path.join(ROOT, "server/cli/main.ts"));
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].map((file) => path.relative(ROOT, file))).toEqual(
      expect.arrayContaining([
        "server/cli/commands/bundle.ts",
        "server/evidence/bundle/verify-evidence-bundle.ts",
      ]),
    );
    expect(forbidden).toEqual([]);
  });
});
