// The tar reader against archives GNU tar wrote (ustar, pax, gnu formats), so it is checked against a real
// implementation rather than against itself.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { run, tempDir } from "@/test/bundles";
import { readTar, type TarEntryHeader, TarFormatError } from "./tar-reader";

const root = tempDir("tar-reader-");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const longName = `${"deep/".repeat(25)}${"n".repeat(120)}.txt`;
const contents: Record<string, Buffer> = {
  "a.txt": Buffer.from("alpha\n"),
  "empty.bin": Buffer.alloc(0),
  "exact-block.bin": Buffer.alloc(512, 7),
  "big.bin": Buffer.alloc(3 * 1024 * 1024 + 5, 0xab),
  "caf\u00e9/\u00fcber.txt": Buffer.from("unicode names\n"),
  [longName]: Buffer.from("long\n"),
};
const source = path.join(root, "src");
for (const [name, data] of Object.entries(contents)) {
  fs.mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
  fs.writeFileSync(path.join(source, name), data);
}
fs.symlinkSync("a.txt", path.join(source, "link"));

async function entriesOf(bytes: Buffer, chunkSize = 1000) {
  const seen: (TarEntryHeader & { sha256: string })[] = [];
  async function* chunks() {
    for (let offset = 0; offset < bytes.length; offset += chunkSize)
      yield bytes.subarray(offset, offset + chunkSize);
  }
  await readTar(chunks(), (header) => {
    const hash = createHash("sha256");
    let size = 0;
    return {
      write: (chunk) => {
        hash.update(chunk);
        size += chunk.length;
      },
      end: () => {
        expect(size).toBe(header.type === "file" ? header.size : 0);
        seen.push({ ...header, sha256: hash.digest("hex") });
      },
    };
  });
  return seen;
}

const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

describe("readTar", () => {
  it.each(["ustar", "pax", "gnu"] as const)(
    "reads GNU tar's %s format, names and bytes exact",
    async (format) => {
      const out = path.join(root, `${format}.tar`);
      // ustar cannot hold a 245-character name: GNU tar refuses it there, so that format gets the others only
      const names = Object.keys(contents).filter((name) => format !== "ustar" || name !== longName);
      run("tar", [`--format=${format}`, "-cf", out, "-C", source, ...names, "link"], root);
      for (const chunkSize of [1, 511, 4096, 65_536]) {
        if (chunkSize === 1 && format !== "pax") continue;
        const entries = await entriesOf(fs.readFileSync(out), chunkSize === 1 ? 97 : chunkSize);
        const files = entries.filter((entry) => entry.type === "file");
        expect(files.map((entry) => entry.name).sort()).toEqual(names.sort());
        for (const entry of files) expect(entry.sha256).toBe(sha(contents[entry.name] as Buffer));
        expect(entries.find((entry) => entry.name === "link")).toMatchObject({
          type: "symlink",
          linkName: "a.txt",
        });
      }
    },
  );

  it("reads directories as entries without data, and a gzip stream once inflated", async () => {
    const out = path.join(root, "dirs.tar.gz");
    run("tar", ["-czf", out, "-C", root, "src"], root);
    const entries = await entriesOf(gunzipSync(fs.readFileSync(out)));
    expect(entries.some((entry) => entry.type === "directory" && entry.name === "src/")).toBe(true);
    expect(entries.find((entry) => entry.name === "src/a.txt")?.sha256).toBe(
      sha(contents["a.txt"] as Buffer),
    );
  });

  it("refuses truncated and corrupt archives, and things that are not tar", async () => {
    const out = path.join(root, "small.tar");
    run("tar", ["--format=pax", "-cf", out, "-C", source, "a.txt", "exact-block.bin"], root);
    const bytes = fs.readFileSync(out);
    // cut inside the last entry's data (the archive ends with zero padding that could go unnoticed)
    let lastData = bytes.length - 1;
    while (lastData > 0 && bytes[lastData] === 0) lastData -= 1;
    await expect(entriesOf(bytes.subarray(0, lastData - 10))).rejects.toThrow(/truncated/);
    const corrupt = Buffer.from(bytes);
    corrupt[20] = (corrupt[20] ?? 0) ^ 0xff;
    await expect(entriesOf(corrupt)).rejects.toThrow(TarFormatError);
    await expect(entriesOf(Buffer.from("hello, I am not an archive"))).rejects.toThrow(/truncated|not a tar/);
    await expect(entriesOf(Buffer.alloc(0))).rejects.toThrow(/not a tar archive/);
  });
});
