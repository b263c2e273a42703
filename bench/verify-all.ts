// verify-all over a blob store of many files against `sha256sum` over the very same files, in the same run. The
// blobs are written through the real blob store and recorded as evidence (createMany, as an import would), then a
// verify-all run re-hashes them all (4 MiB chunks, one batch transaction per 200 items) and
// `find | xargs sha256sum` hashes them too. Both read warm files (just written, in the page cache): the ratio says
// what the portal adds to hashing (reading per record, item rows, progress, the evidence root), not disk speed.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PortalPrisma } from "../server/db/connection";
import { createFileBlobStore } from "../server/evidence/blob-store";
import { fileBlobReader } from "../server/evidence/continuity/blob-reader";
import { runVerifyAll } from "../server/evidence/continuity/run-verify-all";
import { startVerifyAll } from "../server/evidence/continuity/start-verify-all";
import { systemClock } from "../server/lib/clock";
import { timed } from "./measure";

export type VerifyAllMeasurement = {
  blobs: number;
  bytes: number;
  ok: number;
  verifyAllMs: number;
  sha256sumMs: number;
  sha256sumFiles: number;
};

/** Distinct blobs of `size` bytes: a window of a random pool, prefixed with the blob's number. */
function blobBytes(pool: Buffer, index: number, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  const header = Buffer.from(`blob ${index}\n`);
  header.copy(bytes);
  const offset = (index * 7919) % (pool.length - size);
  pool.copy(bytes, header.length, offset, offset + size - header.length);
  return bytes;
}

async function fillStore(
  prisma: PortalPrisma,
  directory: string,
  blobs: number,
  blobSize: number,
): Promise<void> {
  const store = createFileBlobStore(directory);
  const pool = randomBytes(8 * 1024 * 1024);
  const now = systemClock.now();
  const BATCH = 500;
  for (let start = 0; start < blobs; start += BATCH) {
    const rows = [];
    for (let index = start; index < Math.min(blobs, start + BATCH); index += 1) {
      const { sha256, size } = await store.put(blobBytes(pool, index, blobSize));
      rows.push({
        kind: "OTHER",
        sha256,
        size: BigInt(size),
        mediaType: "application/octet-stream",
        fileName: `bench-${index}.bin`,
        producerKind: "SYSTEM",
        producerName: "bench",
        createdAt: now,
      });
    }
    await prisma.evidenceRecord.createMany({ data: rows });
  }
}

function sha256sumAll(directory: string): { ms: number; files: number } {
  const started = performance.now();
  const result = spawnSync(
    "sh",
    ["-c", 'find "$1" -type f -print0 | xargs -0 sha256sum', "sh", path.join(directory, "sha256")],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`sha256sum failed: ${result.stderr}`);
  return { ms, files: result.stdout.trim().split("\n").length };
}

export async function measureVerifyAll(
  prisma: PortalPrisma,
  options: { blobs: number; blobSize: number; progress: (message: string) => void },
): Promise<VerifyAllMeasurement> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-blobs-"));
  try {
    options.progress(`verify-all: writing ${options.blobs} blobs of ${options.blobSize} bytes`);
    await fillStore(prisma, directory, options.blobs, options.blobSize);
    // warm both readers alike: one untimed pass
    sha256sumAll(directory);
    options.progress("verify-all: timing the run and sha256sum");
    await startVerifyAll(
      { prisma, clock: systemClock, appVersion: "bench" },
      { input: { label: "bench" }, actor: { id: null, name: "bench", roles: [] } },
    );
    const run = await timed(() =>
      runVerifyAll({ prisma, clock: systemClock, reader: fileBlobReader(directory), workerId: "bench" }),
    );
    const sums = sha256sumAll(directory);
    if (!run.value || run.value.counts.ok !== options.blobs) {
      throw new Error(`verify-all saw ${run.value?.counts.ok ?? 0} ok blobs of ${options.blobs}`);
    }
    return {
      blobs: options.blobs,
      bytes: options.blobs * options.blobSize,
      ok: run.value.counts.ok,
      verifyAllMs: run.ms,
      sha256sumMs: sums.ms,
      sha256sumFiles: sums.files,
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
