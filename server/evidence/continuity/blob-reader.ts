// Reads stored evidence bytes in fixed-size chunks and hashes them as they come, so verify-all's memory stays
// bounded whatever the size of a blob. Chunks are read synchronously and the event loop gets a turn between them:
// measured here, a stream or promise read per small file cost 4-10x the hashing itself (libuv round trips), while
// a 4 MiB synchronous read holds the loop for milliseconds. The blob store's `get` reads a whole blob into memory, which suits serving one
// download but not a pass over every blob; this reader walks the same on-disk layout (sha256/<2 hex>/<64 hex>,
// pinned by a test against createFileBlobStore) and keeps only as many bytes as a signature check needs.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../../env";
import { blobStore } from "../blob-store";
import { storeBlobReader } from "./store-blob-reader";

export type BlobRead =
  | {
      state: "read";
      sha256: string;
      size: number;
      /** the bytes, when there were at most `keepUpTo` of them */
      bytes: Buffer | null;
    }
  | { state: "missing"; reason: string };

export type BlobReader = {
  read: (sha256: string, options?: { keepUpTo?: number }) => Promise<BlobRead>;
  /**
   * Runs `use` with a local file holding the bytes, for verifiers that read archives themselves (release and
   * evidence bundles): the blob's own file in a directory store, a temporary copy (checked against the digest and
   * removed afterwards) for an object store.
   */
  withFile: <T>(sha256: string, use: (filePath: string) => Promise<T>) => Promise<T>;
};

const SHA256_HEX = /^[0-9a-f]{64}$/;
const CHUNK_BYTES = 4 * 1024 * 1024;

export function fileBlobReader(directory: string): BlobReader {
  const pathOf = (sha256: string) => {
    // the digest becomes a path: anything but 64 hex characters could walk out of the directory
    if (!SHA256_HEX.test(sha256)) throw new Error("a blob is named by 64 lower-case hex characters");
    return path.join(directory, "sha256", sha256.slice(0, 2), sha256);
  };
  return {
    withFile: (sha256, use) => use(pathOf(sha256)),
    async read(sha256, options = {}) {
      if (!SHA256_HEX.test(sha256))
        return { state: "missing", reason: "The record's digest is not a SHA-256" };
      const keepUpTo = options.keepUpTo ?? 0;
      let fd: number;
      try {
        fd = fs.openSync(pathOf(sha256), "r");
      } catch (error) {
        return { state: "missing", reason: unreadable(error) };
      }
      try {
        const hash = createHash("sha256");
        const kept: Buffer[] = [];
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, fs.fstatSync(fd).size + 1));
        let size = 0;
        for (;;) {
          const read = fs.readSync(fd, buffer, 0, buffer.length, null);
          if (read === 0) break;
          const chunk = buffer.subarray(0, read);
          hash.update(chunk);
          size += read;
          if (size <= keepUpTo) kept.push(Buffer.from(chunk));
          // a large blob must not hold the event loop: let requests through between chunks
          if (read === buffer.length) await new Promise((resolve) => setImmediate(resolve));
        }
        return {
          state: "read",
          sha256: hash.digest("hex"),
          size,
          bytes: size <= keepUpTo ? Buffer.concat(kept, size) : null,
        };
      } catch (error) {
        return { state: "missing", reason: unreadable(error) };
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

export function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "The bytes are not in the blob store";
  return `The stored bytes cannot be read (${code ?? (error as Error).message})`;
}

/**
 * The reader over this process's blob store: the S3 bucket when one is configured (blobStore() keeps the evidence
 * there), else the blob directory DATA_DIR/blobs, read directly.
 */
export function processBlobReader(): BlobReader {
  if (env.EVIDENCE_S3_BUCKET) return storeBlobReader(blobStore());
  return fileBlobReader(path.join(env.DATA_DIR, "blobs"));
}
