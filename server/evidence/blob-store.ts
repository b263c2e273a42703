// A content-addressed store for evidence bytes: put returns the SHA-256, get takes it. The interface is all the
// portal knows; two adapters: a directory (below, DATA_DIR/blobs by default) and an S3-compatible bucket
// (s3-blob-store.ts). Files live under the directory as sha256/<2 hex>/<64 hex>; a blob is written to a temporary
// file and renamed, so readers never see half a blob, and writing the same bytes twice is harmless. The store does
// not vouch for what it returns: callers that claim "verified" hash the bytes again (a disk can rot, a person can
// edit).
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { env } from "../env";
import { writeHashed } from "./hashed-write";
import { createS3BlobStore, createS3Client } from "./s3-blob-store";

/** Bytes written aside and hashed; they appear under their digest only on commit (two-phase uploads). */
export type StagedBlob = {
  sha256: string;
  size: number;
  commit: () => Promise<void>;
  discard: () => Promise<void>;
};

export type BlobStore = {
  put: (bytes: Uint8Array) => Promise<{ sha256: string; size: number }>;
  /**
   * Streams bytes aside while hashing them, in constant memory (artifacts of gigabytes): the caller commits them
   * once it has decided to keep them, or discards them (a refused upload leaves nothing behind).
   */
  stage: (source: AsyncIterable<Uint8Array>) => Promise<StagedBlob>;
  /** the stored bytes, or null when nothing is stored under this digest */
  get: (sha256: string) => Promise<Buffer | null>;
  /** the stored bytes as a stream, or null when nothing is stored under this digest */
  open: (sha256: string) => Promise<AsyncIterable<Buffer> | null>;
  has: (sha256: string) => Promise<boolean>;
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function createFileBlobStore(directory: string): BlobStore {
  const pathOf = (sha256: string) => {
    // the digest becomes a path: anything but 64 hex characters could walk out of the directory
    if (!SHA256_HEX.test(sha256)) throw new Error("a blob is named by 64 lower-case hex characters");
    return path.join(directory, "sha256", sha256.slice(0, 2), sha256);
  };
  return {
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const target = pathOf(sha256);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      await fs.writeFile(temporary, bytes, { flag: "wx" });
      await fs.rename(temporary, target);
      return { sha256, size: bytes.length };
    },
    async stage(source) {
      const staging = path.join(directory, "staging");
      await fs.mkdir(staging, { recursive: true });
      const temporary = path.join(staging, `${randomBytes(12).toString("hex")}.tmp`);
      const { sha256, size } = await writeHashed(source, temporary);
      let settled = false;
      return {
        sha256,
        size,
        async commit() {
          if (settled) return;
          settled = true;
          const target = pathOf(sha256);
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.rename(temporary, target);
        },
        async discard() {
          if (settled) return;
          settled = true;
          await fs.rm(temporary, { force: true });
        },
      };
    },
    async open(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      try {
        const handle = await fs.open(pathOf(sha256), "r");
        // opened first, so a missing blob is a null answer rather than an error in the middle of a stream
        return handle.createReadStream();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async get(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      try {
        return await fs.readFile(pathOf(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async has(sha256) {
      if (!SHA256_HEX.test(sha256)) return false;
      return fs
        .access(pathOf(sha256))
        .then(() => true)
        .catch(() => false);
    },
  };
}

const holder = globalThis as unknown as { portalBlobStore?: BlobStore };

/** The process's blob store: the S3 bucket when EVIDENCE_S3_BUCKET is set, else DATA_DIR/blobs (or a test's). */
export function blobStore(): BlobStore {
  holder.portalBlobStore ??= env.EVIDENCE_S3_BUCKET
    ? createS3BlobStore({
        client: createS3Client({
          region: env.EVIDENCE_S3_REGION,
          endpoint: env.EVIDENCE_S3_ENDPOINT,
          forcePathStyle: env.EVIDENCE_S3_FORCE_PATH_STYLE,
        }),
        bucket: env.EVIDENCE_S3_BUCKET,
        prefix: env.EVIDENCE_S3_PREFIX,
      })
    : createFileBlobStore(path.join(env.DATA_DIR, "blobs"));
  return holder.portalBlobStore;
}

/** Replaces the process's blob store (tests); returns a function that puts the previous one back. */
export function installBlobStore(store: BlobStore): () => void {
  const previous = holder.portalBlobStore;
  holder.portalBlobStore = store;
  return () => {
    holder.portalBlobStore = previous;
  };
}
