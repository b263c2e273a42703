import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFileBlobStore, sha256Hex } from "./blob-store";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "blobs-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe("file blob store", () => {
  const store = createFileBlobStore(directory);

  it("stores bytes under their SHA-256 and gives them back", async () => {
    const bytes = Buffer.from("hello evidence");
    const { sha256, size } = await store.put(bytes);
    expect(sha256).toBe(sha256Hex(bytes));
    expect(size).toBe(bytes.length);
    expect(await store.has(sha256)).toBe(true);
    expect((await store.get(sha256))?.toString()).toBe("hello evidence");
    expect(fs.existsSync(path.join(directory, "sha256", sha256.slice(0, 2), sha256))).toBe(true);
    // the same bytes again: same name, no error
    expect((await store.put(bytes)).sha256).toBe(sha256);
  });

  it("answers null for unknown digests and refuses names that are not digests", async () => {
    expect(await store.get("0".repeat(64))).toBeNull();
    expect(await store.get("../../etc/passwd")).toBeNull();
    expect(await store.has("nope")).toBe(false);
  });
});

describe("staged uploads", () => {
  const store = createFileBlobStore(directory);
  async function* chunks(...parts: string[]) {
    for (const part of parts) yield Buffer.from(part);
  }
  const read = async (stream: AsyncIterable<Buffer> | null) => {
    const parts: Buffer[] = [];
    for await (const part of stream ?? []) parts.push(part);
    return Buffer.concat(parts).toString();
  };

  it("hashes streamed bytes and shows them under their digest only once committed", async () => {
    const staged = await store.stage(chunks("staged ", "artifact ", "bytes"));
    expect(staged.sha256).toBe(sha256Hex(Buffer.from("staged artifact bytes")));
    expect(staged.size).toBe(21);
    expect(await store.has(staged.sha256)).toBe(false);
    await staged.commit();
    expect(await store.has(staged.sha256)).toBe(true);
    expect(await read(await store.open(staged.sha256))).toBe("staged artifact bytes");
    expect(await store.open("1".repeat(64))).toBeNull();
  });

  it("leaves nothing behind when discarded, or when the source fails half-way", async () => {
    const staged = await store.stage(chunks("refused upload"));
    await staged.discard();
    expect(await store.has(staged.sha256)).toBe(false);
    async function* failing() {
      yield Buffer.from("half");
      throw new Error("client went away");
    }
    await expect(store.stage(failing())).rejects.toThrow("client went away");
    expect(fs.readdirSync(path.join(directory, "staging"))).toEqual([]);
  });
});
