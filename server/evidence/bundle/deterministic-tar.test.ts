// The writer against GNU tar and gzip (the tools an auditor has) and against itself: same entries, same bytes.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "@/test/bundles";
import { readTar } from "../../signing/bundle/tar-reader";
import { deterministicTarGz, TarPathError, tarBytes } from "./deterministic-tar";

const files = [
  { path: "bundle/files/sbom/app.cdx.json", bytes: Buffer.from('{"bomFormat":"CycloneDX"}\n') },
  { path: "bundle/SHA256SUMS", bytes: Buffer.from("abc  files/x\n") },
  { path: "bundle/VERIFY.md", bytes: Buffer.from("# Verify\n") },
  { path: "bundle/files/scan-report/empty-line.txt", bytes: Buffer.alloc(0) },
  { path: "bundle/keys/attestation.pem", bytes: Buffer.alloc(1500, 0x41) },
];

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function sh(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, TZ: "UTC", LC_ALL: "C" },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("deterministic tar.gz", () => {
  it("gives the same bytes for the same entries in any order, and different bytes for different content", async () => {
    const first = await deterministicTarGz(files);
    const second = await deterministicTarGz([...files].reverse());
    expect(sha256(second)).toBe(sha256(first));
    expect(second.equals(first)).toBe(true);
    const changed = await deterministicTarGz(
      files.map((file, index) =>
        index === 0 ? { ...file, bytes: Buffer.from('{"bomFormat":"CycloneDx"}\n') } : file,
      ),
    );
    expect(changed.equals(first)).toBe(false);
  });

  it("writes a gzip header with no name, mtime 0 and OS 255, and a tar padded to whole records", async () => {
    const archive = await deterministicTarGz(files);
    expect([...archive.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]);
    expect(archive.readUInt32LE(4)).toBe(0);
    expect(archive[9]).toBe(0xff);
    const tar = gunzipSync(archive);
    expect(tar.equals(tarBytes(files))).toBe(true);
    expect(tar.length % 10240).toBe(0);
  });

  it("lists sorted entries with fixed owners, modes and times in GNU tar, and extracts the same bytes", async () => {
    const dir = tempDir("det-tar-");
    try {
      fs.writeFileSync(path.join(dir, "b.tar.gz"), await deterministicTarGz(files));
      const listing = sh("tar", ["-tvzf", "b.tar.gz"], dir);
      expect(listing.status).toBe(0);
      const lines = listing.out.trim().split("\n");
      expect(lines.map((line) => line.split(/\s+/).at(-1))).toEqual([
        "bundle/",
        "bundle/SHA256SUMS",
        "bundle/VERIFY.md",
        "bundle/files/",
        "bundle/files/sbom/",
        "bundle/files/sbom/app.cdx.json",
        "bundle/files/scan-report/",
        "bundle/files/scan-report/empty-line.txt",
        "bundle/keys/",
        "bundle/keys/attestation.pem",
      ]);
      for (const line of lines) {
        expect(line).toMatch(/^(drwxr-xr-x|-rw-r--r--) root\/root\s+\d+ 1970-01-01 00:00 /);
      }
      expect(sh("tar", ["-xzf", "b.tar.gz"], dir).status).toBe(0);
      for (const file of files) expect(fs.readFileSync(path.join(dir, file.path))).toEqual(file.bytes);
      // gzip itself finds nothing wrong
      expect(sh("gzip", ["-t", "b.tar.gz"], dir).status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps long paths in the ustar prefix, readable by GNU tar and by the portal's own reader", async () => {
    const long = `bundle/${"d".repeat(90)}/${"f".repeat(90)}.json`;
    const archive = tarBytes([{ path: long, bytes: Buffer.from("{}") }]);
    const names: string[] = [];
    await readTar(Readable.from([archive]), (header) => {
      names.push(header.name);
      return null;
    });
    expect(names).toContain(long);
    const dir = tempDir("det-tar-long-");
    try {
      fs.writeFileSync(path.join(dir, "l.tar"), archive);
      expect(sh("tar", ["-tf", "l.tar"], dir).out).toContain(long);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses paths it cannot write faithfully", () => {
    const one = (p: string) => () => tarBytes([{ path: p, bytes: Buffer.from("x") }]);
    expect(one("/etc/passwd")).toThrow(TarPathError);
    expect(one("a/../b")).toThrow(TarPathError);
    expect(one("a//b")).toThrow(TarPathError);
    expect(one("a/b\nc")).toThrow(/control character/);
    expect(one(`${"x".repeat(101)}`)).toThrow(/too long/);
    expect(() =>
      tarBytes([
        { path: "a/b", bytes: Buffer.from("x") },
        { path: "a", bytes: Buffer.from("y") },
      ]),
    ).toThrow(/both a file and a directory/);
    expect(() =>
      tarBytes([
        { path: "a", bytes: Buffer.from("x") },
        { path: "a", bytes: Buffer.from("y") },
      ]),
    ).toThrow(/twice/);
  });
});
