// Helpers for tests of exported evidence bundles: unpack with GNU tar, run the shell blocks of VERIFY.md exactly as
// written, flip one byte of a file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export function unpack(archive: Buffer, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  const file = path.join(into, "bundle.tar.gz");
  fs.writeFileSync(file, archive);
  const result = spawnSync("tar", ["-xzf", file, "-C", into], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tar: ${result.stderr}`);
  fs.rmSync(file);
  const [folder] = fs.readdirSync(into);
  if (!folder) throw new Error("the archive holds nothing");
  return path.join(into, folder);
}

/** The ```sh blocks of VERIFY.md, in order. */
export function verifyMdBlocks(dir: string): string[] {
  const text = fs.readFileSync(path.join(dir, "VERIFY.md"), "utf8");
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
}

/** Runs a shell block in the bundle folder as an auditor would paste it (bash, stopping at the first failure). */
export function runShell(script: string, cwd: string): { status: number; output: string } {
  const result = spawnSync("bash", ["-e", "-o", "pipefail", "-c", script], {
    cwd,
    encoding: "utf8",
    // no stdin: Debian's bash reads ~/.bashrc when its stdin looks like a remote shell's
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LC_ALL: "C", TMPDIR: cwd.replace(/[^/]+$/, "") },
  });
  return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

export function flipByte(file: string): void {
  const bytes = fs.readFileSync(file);
  const index = Math.floor(bytes.length / 2);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  fs.writeFileSync(file, bytes);
}

export function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), name) : [name];
  });
}
