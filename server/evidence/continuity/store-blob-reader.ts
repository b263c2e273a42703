// verify-all's reader over a BlobStore that is not a local directory (the S3 adapter): each blob is streamed with
// `open`, hashed chunk by chunk and dropped (kept only up to `keepUpTo` bytes, for the signature checks of small
// envelopes), so memory stays bounded whatever the size of the object. Archives that a verifier reads as a file are
// copied to a temporary directory, hashed on the way, and used only when they are still the recorded bytes.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { BlobStore } from "../blob-store";
import type { BlobRead, BlobReader } from "./blob-reader";

const SHA256_HEX = /^[0-9a-f]{64}$/;

const cannotRead = (error: unknown) =>
  `The stored bytes cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;

export function storeBlobReader(store: Pick<BlobStore, "open">): BlobReader {
  return {
    async read(sha256, options = {}): Promise<BlobRead> {
      if (!SHA256_HEX.test(sha256))
        return { state: "missing", reason: "The record's digest is not a SHA-256" };
      const keepUpTo = options.keepUpTo ?? 0;
      try {
        const stream = await store.open(sha256);
        if (!stream) return { state: "missing", reason: "The bytes are not in the blob store" };
        const hash = createHash("sha256");
        const kept: Buffer[] = [];
        let size = 0;
        for await (const chunk of stream) {
          hash.update(chunk);
          size += chunk.length;
          if (size <= keepUpTo) kept.push(Buffer.from(chunk));
          // past the limit, what was kept is of no use: let it go rather than hold it to the end
          else if (kept.length > 0) kept.length = 0;
        }
        return {
          state: "read",
          sha256: hash.digest("hex"),
          size,
          bytes: size <= keepUpTo ? Buffer.concat(kept, size) : null,
        };
      } catch (error) {
        return { state: "missing", reason: cannotRead(error) };
      }
    },
    async withFile(sha256, use) {
      const stream = await store.open(sha256);
      if (!stream) throw new Error("the bytes are no longer in the blob store");
      const directory = await fs.mkdtemp(path.join(os.tmpdir(), "portal-verify-all-"));
      try {
        const file = path.join(directory, sha256);
        const hash = createHash("sha256");
        await pipeline(
          stream,
          async function* (chunks: AsyncIterable<Buffer>) {
            for await (const chunk of chunks) {
              hash.update(chunk);
              yield chunk;
            }
          },
          createWriteStream(file, { flags: "wx" }),
        );
        // the object may have been replaced since it was hashed: verify nothing but the recorded bytes
        const copied = hash.digest("hex");
        if (copied !== sha256) throw new Error(`the stored bytes changed while being read (now ${copied})`);
        return await use(file);
      } finally {
        await fs.rm(directory, { recursive: true, force: true });
      }
    },
  };
}
