// The tar writer's archives read back with GNU tar (an independent implementation) and with the portal's own
// streaming reader, and are byte-for-byte the same when written twice.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { readTar } from "../signing/bundle/tar-reader";
import { type TarEntry, tarStream } from "./tar-writer";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "tar-writer-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const mtime = new Date("2026-12-01T10:00:00.000Z");

function entry(name: string, content: string | Buffer): TarEntry {
  const bytes = Buffer.from(content);
  return {
    name,
    size: bytes.length,
    content: async function* () {
      // in pieces, as a blob store stream would give them
      for (let start = 0; start < bytes.length; start += 1000) yield bytes.subarray(start, start + 1000);
    },
  };
}

async function bytesOf(entries: TarEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of tarStream(entries, { mtime })) parts.push(part);
  return Buffer.concat(parts);
}

const longDir = `${"deep/".repeat(30)}`;
const entries = () => [
  entry("portal-1.0.0/SHA256SUMS", "abc  x\n"),
  entry("portal-1.0.0/images/app.tar", Buffer.alloc(5000, 7)),
  entry("portal-1.0.0/empty", ""),
  // 150 bytes of directories and a short name: fits prefix + name
  entry(`portal-1.0.0/${longDir}file.txt`, "split"),
  // a single component longer than 100 bytes: needs a pax path record
  entry(`portal-1.0.0/${"n".repeat(140)}.bin`, "pax"),
  entry("portal-1.0.0/ünïcødé.txt", "utf-8 name"),
];

describe("tarStream", () => {
  it("writes archives that GNU tar lists and extracts with the same names, sizes, bytes and time", async () => {
    const archive = path.join(work, "a.tar");
    fs.writeFileSync(archive, await bytesOf(entries()));
    const listing = spawnSync("tar", ["--list", "--verbose", "--numeric-owner", "-f", archive], {
      encoding: "utf8",
    });
    expect(listing.status, listing.stderr).toBe(0);
    const lines = listing.stdout.trim().split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/^-rw-r--r-- 0\/0\s+5000 2026-12-01 \d\d:00 portal-1\.0\.0\/images\/app\.tar$/);
    const out = path.join(work, "out");
    fs.mkdirSync(out);
    const extract = spawnSync("tar", ["-xf", archive, "-C", out], { encoding: "utf8" });
    expect(extract.status, extract.stderr).toBe(0);
    for (const item of entries()) {
      const chunks: Buffer[] = [];
      for await (const chunk of item.content()) chunks.push(Buffer.from(chunk));
      expect(fs.readFileSync(path.join(out, item.name)).equals(Buffer.concat(chunks))).toBe(true);
    }
  });

  it("reads back through the portal's own tar reader", async () => {
    const seen: { name: string; size: number; sha: string }[] = [];
    await readTar(Readable.from([await bytesOf(entries())]), (header) => {
      const hash = createHash("sha256");
      return {
        write: (chunk) => void hash.update(chunk),
        end: () =>
          void seen.push({ name: header.name, size: header.size, sha: hash.digest("hex").slice(0, 8) }),
      };
    });
    expect(seen.map((item) => [item.name, item.size])).toEqual(
      entries().map((item) => [item.name, item.size]),
    );
  });

  it("is deterministic: the same entries and time give the same bytes", async () => {
    const first = createHash("sha256")
      .update(await bytesOf(entries()))
      .digest("hex");
    const second = createHash("sha256")
      .update(await bytesOf(entries()))
      .digest("hex");
    expect(second).toBe(first);
  });

  it("refuses an entry whose bytes do not match its declared size", async () => {
    const short = { ...entry("x", "four"), size: 10 };
    await expect(bytesOf([short])).rejects.toThrow("x: 4 bytes, not 10");
    const long = { ...entry("y", "too many"), size: 2 };
    await expect(bytesOf([long])).rejects.toThrow("y: more bytes than its size of 2");
  });
});
