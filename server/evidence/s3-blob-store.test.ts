// The S3 adapter with the real AWS SDK client against a fake of the S3 REST API on 127.0.0.1, which checks the
// signature, the payload hash and the SHA-256 checksum the SDK really sends. Not the live service: what S3 itself
// does beyond the published API shapes is not tested here.
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
