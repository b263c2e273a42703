// Streams bytes into a new file while hashing them, in constant memory: how both blob stores stage an upload
// (the directory store renames the file into place on commit, the S3 store sends it with its SHA-256). A stream
// that fails leaves no file behind.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import { pipeline } from "node:stream/promises";

export async function writeHashed(
  source: AsyncIterable<Uint8Array>,
  file: string,
): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  try {
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Uint8Array>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      // wx: a new file only, never one that happens to exist
      createWriteStream(file, { flags: "wx" }),
    );
  } catch (error) {
    await fs.rm(file, { force: true });
    throw error;
  }
  return { sha256: hash.digest("hex"), size };
}
