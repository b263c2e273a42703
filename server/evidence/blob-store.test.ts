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
