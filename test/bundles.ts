// Builds release bundles the way a CI pipeline does, with the standard tools: sha256sum writes SHA256SUMS,
// `openssl dgst -sha256 -sign` writes SHA256SUMS.sig, GNU tar packs them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function run(command: string, args: string[], cwd: string): Buffer {
  const result = spawnSync(command, args, { cwd });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")}: ${result.stderr.toString()}`);
  return result.stdout;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A P-256 key pair made by openssl: { key: private PEM path, pub: public PEM path }. */
export function opensslKeyPair(dir: string, name: string): { key: string; pub: string; pubPem: string } {
  const key = path.join(dir, `${name}.pem`);
  const pub = path.join(dir, `${name}.pub.pem`);
  run("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key], dir);
  run("openssl", ["pkey", "-in", key, "-pubout", "-out", pub], dir);
  return { key, pub, pubPem: fs.readFileSync(pub, "utf8") };
}

/** Writes the files, then SHA256SUMS (sha256sum over all of them) and, given a key, SHA256SUMS.sig. */
export function buildBundle(
  dir: string,
  files: Record<string, string | Buffer>,
  signingKey?: string,
): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  fs.writeFileSync(path.join(dir, "SHA256SUMS"), run("sha256sum", Object.keys(files).sort(), dir));
  if (signingKey) signChecksums(dir, signingKey);
  return dir;
}

export function signChecksums(dir: string, signingKey: string): void {
  run("openssl", ["dgst", "-sha256", "-sign", signingKey, "-out", "SHA256SUMS.sig", "SHA256SUMS"], dir);
}

/** Packs `dir` as <out>.tar or .tar.gz with one top-level folder, like release archives are. */
export function packBundle(
  dir: string,
  out: string,
  options: { gzip?: boolean; format?: "ustar" | "pax" | "gnu" } = {},
): string {
  const parent = path.dirname(dir);
  run(
    "tar",
    [
      `--format=${options.format ?? "pax"}`,
      options.gzip ? "-czf" : "-cf",
      out,
      "-C",
      parent,
      path.basename(dir),
    ],
    parent,
  );
  return out;
}
