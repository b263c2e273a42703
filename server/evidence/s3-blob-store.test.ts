// The S3 adapter with the real AWS SDK client against a fake of the S3 REST API on 127.0.0.1, which checks the
// signature, the payload hash and the SHA-256 checksum the SDK really sends. Not the live service: what S3 itself
// does beyond the published API shapes is not tested here.
import fs from "node:fs";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Fake } from "@/test/fakes/s3-fake";
import { sha256Hex } from "./blob-store";
import { checkStoredBytes } from "./check-evidence";
import { createS3BlobStore, createS3Client } from "./s3-blob-store";

const options = {
  accessKeyId: "AKIDEVIDENCE",
  secretAccessKey: "evidence-secret",
  region: "eu-central-1",
  bucket: "portal-evidence",
};
let fake: Awaited<ReturnType<typeof startS3Fake>>;

const storeWith = (secretAccessKey = options.secretAccessKey) =>
  createS3BlobStore({
    client: createS3Client({
      region: options.region,
      endpoint: fake.url,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey },
    }),
    bucket: options.bucket,
    prefix: "portal/",
  });

beforeAll(async () => {
  fake = await startS3Fake(options);
});
afterAll(async () => {
  await fake.close();
});

describe("S3 blob store", () => {
  it("stores bytes under their SHA-256 with a checksum the store verifies, and reads them back", async () => {
    const store = storeWith();
    const bytes = Buffer.from('{"bomFormat":"CycloneDX","specVersion":"1.6"}\n');
    const sha256 = sha256Hex(bytes);
    expect(await store.put(bytes)).toEqual({ sha256, size: bytes.length });
    const key = `portal/sha256/${sha256.slice(0, 2)}/${sha256}`;
    expect(fake.objects.get(key)).toEqual(bytes);
    const put = fake.requests.find((request) => request.method === "PUT");
    expect(put?.headers["x-amz-checksum-sha256"]).toBe(Buffer.from(sha256, "hex").toString("base64"));
    expect(put?.path).toBe(`/${options.bucket}/${key}`);
    expect(await store.has(sha256)).toBe(true);
    expect(await store.get(sha256)).toEqual(bytes);
  });

  it("does not send bytes that are already there", async () => {
    const store = storeWith();
    const bytes = Buffer.from("the same evidence twice\n");
    await store.put(bytes);
    const before = fake.calls.length;
    await store.put(bytes);
    expect(fake.calls.slice(before).map((call) => call.operation)).toEqual(["HeadObject"]);
  });

  it("answers null and false for unknown digests, and refuses names that are not digests", async () => {
    const store = storeWith();
    expect(await store.get("0".repeat(64))).toBeNull();
    expect(await store.has("0".repeat(64))).toBe(false);
    const before = fake.requests.length;
    expect(await store.get("../../other-bucket/key")).toBeNull();
    expect(await store.has("nope")).toBe(false);
    expect(fake.requests.length).toBe(before);
  });

  it("fails loudly on a wrong secret instead of pretending the blob is missing", async () => {
    const store = storeWith("not-the-secret");
    // a put asks HEAD first; S3 answers HEAD errors with a bare 403, which the SDK cannot name
    await expect(store.put(Buffer.from("x"))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(store.get("1".repeat(64))).rejects.toThrow(/signature we calculated does not match/);
    expect([...fake.objects.values()].some((bytes) => bytes.equals(Buffer.from("x")))).toBe(false);
  });

  it("returns whatever the bucket holds: re-hashing is what tells a changed object", async () => {
    const store = storeWith();
    const bytes = Buffer.from("evidence that will be edited in the bucket\n");
    const { sha256 } = await store.put(bytes);
    fake.objects.set(`portal/sha256/${sha256.slice(0, 2)}/${sha256}`, Buffer.from("edited\n"));
    expect(await checkStoredBytes(store, sha256, new Date())).toMatchObject({ state: "mismatch" });
  });
});

async function* chunksOf(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

async function* failingAfter(part: string): AsyncIterable<Uint8Array> {
  yield Buffer.from(part);
  throw new Error("the upload was cut off");
}

/** The stage's temporary directories left in the system's temporary folder. */
const stagingLeft = () =>
  fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("portal-s3-stage-")).length;

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe("S3 blob store: staged uploads and streamed reads", () => {
  it("stages a stream aside, hashed, and sends it to the bucket with its SHA-256 only on commit", async () => {
    const store = storeWith();
    const before = stagingLeft();
    const bytes = Buffer.from("a large artifact, streamed in three parts\n");
    const staged = await store.stage(chunksOf("a large artifact, ", "streamed in ", "three parts\n"));
    const sha256 = sha256Hex(bytes);
    expect(staged).toMatchObject({ sha256, size: bytes.length });
    const key = `portal/sha256/${sha256.slice(0, 2)}/${sha256}`;
    expect(fake.objects.has(key)).toBe(false);
    expect(stagingLeft()).toBe(before + 1);

    const calls = fake.calls.length;
    await staged.commit();
    expect(fake.calls.slice(calls).map((call) => call.operation)).toEqual(["HeadObject", "PutObject"]);
    expect(fake.objects.get(key)).toEqual(bytes);
    const put = fake.requests.filter((request) => request.method === "PUT").at(-1);
    expect(put?.headers["x-amz-checksum-sha256"]).toBe(Buffer.from(sha256, "hex").toString("base64"));
    expect(stagingLeft()).toBe(before);
    // settled: a second commit or a discard changes nothing
    await staged.commit();
    await staged.discard();
    expect(fake.calls.length).toBe(calls + 2);
    expect(fake.objects.get(key)).toEqual(bytes);
  });

  it("does not send staged bytes that are already in the bucket", async () => {
    const store = storeWith();
    await store.put(Buffer.from("already uploaded once\n"));
    const staged = await store.stage(chunksOf("already uploaded ", "once\n"));
    const calls = fake.calls.length;
    await staged.commit();
    expect(fake.calls.slice(calls).map((call) => call.operation)).toEqual(["HeadObject"]);
  });

  it("leaves nothing behind for a discarded upload or a stream that failed", async () => {
    const store = storeWith();
    const before = stagingLeft();
    const puts = fake.calls.filter((call) => call.operation === "PutObject").length;
    const staged = await store.stage(chunksOf("refused after a look\n"));
    await staged.discard();
    await staged.commit();
    expect(fake.objects.has(`portal/sha256/${staged.sha256.slice(0, 2)}/${staged.sha256}`)).toBe(false);
    await expect(store.stage(failingAfter("half an upload"))).rejects.toThrow("the upload was cut off");
    expect(stagingLeft()).toBe(before);
    expect(fake.calls.filter((call) => call.operation === "PutObject").length).toBe(puts);
  });

  it("streams stored bytes back, and answers null for unknown digests and names that are not digests", async () => {
    const store = storeWith();
    const bytes = Buffer.alloc(256 * 1024, "evidence ");
    const { sha256 } = await store.put(bytes);
    const stream = await store.open(sha256);
    if (!stream) throw new Error("expected a stream");
    expect(await readAll(stream)).toEqual(bytes);
    expect(await store.open("2".repeat(64))).toBeNull();
    const before = fake.requests.length;
    expect(await store.open("../../other-bucket/key")).toBeNull();
    expect(fake.requests.length).toBe(before);
  });

  it("fails loudly when it cannot read, instead of answering that the blob is missing", async () => {
    await expect(storeWith("not-the-secret").open("3".repeat(64))).rejects.toThrow(
      /signature we calculated does not match/,
    );
  });
});
