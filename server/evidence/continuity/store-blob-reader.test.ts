// verify-all over the S3 blob store: the real AWS SDK client against the fake S3 REST API of
// s3-blob-store.test.ts. The reader streams and hashes each object, keeps only small envelopes, copies an archive
// to a temporary file for the bundle verifiers (and refuses a copy that is not the recorded bytes); a run of the
// process's verify-all, configured for S3, finds every blob in the bucket and notices an object edited there.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/context";
import { registrySignedAttestation } from "@/test/continuity";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { evidenceDeps, SAMPLE_CYCLONEDX } from "@/test/evidence";
import { startS3Fake } from "@/test/fakes/s3-fake";
import { installTestSoftwareBackend } from "@/test/signing";
import type { AuditActor } from "../../audit/events";
import { manualClock } from "../../lib/clock";
import { createSigningKey } from "../../signing/keys/create-signing-key";
import { type BlobStore, installBlobStore, sha256Hex } from "../blob-store";
import { auditProofFiles } from "../bundle/audit-proof-files";
import { exportBundle } from "../bundle/export-bundle";
import type { EvidenceDeps } from "../deps";
import { createS3BlobStore, createS3Client } from "../s3-blob-store";
import { uploadEvidence } from "../upload-evidence";
import { processBlobReader } from "./blob-reader";
import { processVerifyAllDeps } from "./process-deps";
import { runVerifyAll } from "./run-verify-all";
import { startVerifyAll } from "./start-verify-all";
import { storeBlobReader } from "./store-blob-reader";

const options = {
  accessKeyId: "AKIDEVIDENCE",
  secretAccessKey: "evidence-secret",
  region: "eu-central-1",
  bucket: "portal-evidence",
};
// the configuration is read on first use: this file's process is configured for the bucket
process.env.EVIDENCE_S3_BUCKET = options.bucket;

const clock = manualClock("2026-12-03T12:00:00.000Z");
let fake: Awaited<ReturnType<typeof startS3Fake>>;
let store: BlobStore;
let restoreStore: () => void;

const keyOf = (sha256: string) => `portal/sha256/${sha256.slice(0, 2)}/${sha256}`;

beforeAll(async () => {
  fake = await startS3Fake(options);
  store = createS3BlobStore({
    client: createS3Client({
      region: options.region,
      endpoint: fake.url,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    }),
    bucket: options.bucket,
    prefix: "portal/",
  });
  // what blobStore() builds from EVIDENCE_S3_* in production, pointed at the fake
  restoreStore = installBlobStore(store);
});
afterAll(async () => {
  restoreStore();
  await fake.close();
});

describe("the reader over an object store", () => {
  it("streams and hashes an object, keeping its bytes only up to the limit", async () => {
    const bytes = Buffer.from("evidence read back from the bucket\n");
    const { sha256 } = await store.put(bytes);
    const reader = storeBlobReader(store);
    expect(await reader.read(sha256)).toEqual({ state: "read", sha256, size: bytes.length, bytes: null });
    expect(await reader.read(sha256, { keepUpTo: 1000 })).toEqual({
      state: "read",
      sha256,
      size: bytes.length,
      bytes,
    });
    expect(await reader.read(sha256, { keepUpTo: 10 })).toMatchObject({ bytes: null });
    expect(await reader.read("0".repeat(64))).toEqual({
      state: "missing",
      reason: "The bytes are not in the blob store",
    });
    const before = fake.requests.length;
    expect(await reader.read("../other-bucket/key")).toMatchObject({ state: "missing" });
    expect(fake.requests.length).toBe(before);
  });

  it("hands an archive verifier a temporary copy, removed afterwards, only while it is the recorded bytes", async () => {
    const bytes = Buffer.from("an archive to verify as a file\n");
    const { sha256 } = await store.put(bytes);
    const reader = storeBlobReader(store);
    let seen = "";
    const content = await reader.withFile(sha256, async (file) => {
      seen = file;
      return fs.readFileSync(file);
    });
    expect(content).toEqual(bytes);
    expect(fs.existsSync(seen)).toBe(false);

    fake.objects.set(keyOf(sha256), Buffer.from("replaced in the bucket\n"));
    await expect(reader.withFile(sha256, async () => "used")).rejects.toThrow(
      /^the stored bytes changed while being read \(now [0-9a-f]{64}\)$/,
    );
    await expect(reader.withFile("1".repeat(64), async () => "used")).rejects.toThrow(
      "the bytes are no longer in the blob store",
    );
  });
});

describe("verify-all with the evidence in S3", () => {
  let db: TestDatabase;
  let restoreBackend: () => void;
  let actor: AuditActor & { id: string };
  let deps: EvidenceDeps;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    restoreBackend = installTestSoftwareBackend().restore;
    deps = evidenceDeps(db.prisma, clock, store);
    const user = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
    actor = { id: user.id, name: user.name, roles: user.roles };
    for (const purpose of ["attestation", "audit-checkpoint"] as const) {
      await db.prisma.$transaction((tx) =>
        createSigningKey(tx, { purpose, backend: "software", actor, clock }),
      );
    }
    const upload = async (name: string, kind: "SBOM" | "ATTESTATION", bytes: Buffer) => {
      const result = await uploadEvidence(deps, {
        meta: { kind, fileName: name, links: {} },
        bytes,
        producer: { kind: "USER", userId: actor.id, name: actor.name },
        actor,
      });
      ids[name] = result.evidence.id;
    };
    await upload("sbom.cdx.json", "SBOM", SAMPLE_CYCLONEDX);
    await upload(
      "build.intoto.dsse.json",
      "ATTESTATION",
      await registrySignedAttestation(db.prisma, clock, "app"),
    );
    clock.advance(60_000);
    const bundle = await exportBundle(
      { ...deps, extraFiles: auditProofFiles({ origin: "portal.test/audit-log" }) },
      { input: { selection: { mode: "records", evidenceIds: Object.values(ids) } }, actor },
    );
    ids.bundle = bundle.archive.evidenceId;
    clock.advance(60_000);
  });
  afterAll(async () => {
    restoreBackend();
    await db.close();
  });

  async function verifyAll(label: string) {
    await startVerifyAll({ prisma: db.prisma, clock, appVersion: "0.1.0" }, { input: { label }, actor });
    const finished = await runVerifyAll({ ...processVerifyAllDeps(db.prisma), clock, workerId: "s3-test" });
    clock.advance(60_000);
    if (!finished) throw new Error("nothing was run");
    const items = await db.prisma.evidenceSnapshotItem.findMany({ where: { snapshotId: finished.id } });
    return { finished, item: (id: string) => items.find((row) => row.evidenceId === id) };
  }

  it("is what the process's verify-all reads with when the S3 store is configured", async () => {
    const { sha256 } = await store.put(Buffer.from("only in the bucket\n"));
    expect(await processBlobReader().read(sha256)).toMatchObject({ state: "read", sha256 });
    expect(await processVerifyAllDeps(db.prisma).reader.read(sha256)).toMatchObject({
      state: "read",
      sha256,
    });
  });

  it("reads every blob from the bucket, the bundle archive and the attestation's signatures included", async () => {
    const gets = fake.calls.filter((call) => call.operation === "GetObject").length;
    const { finished, item } = await verifyAll("in the bucket");
    expect(finished.counts).toEqual({ ok: 3, changed: 0, missing: 0, badSignature: 0 });
    expect(item(ids["build.intoto.dsse.json"] as string)?.reason).toContain(
      "DSSE envelope: 1 trusted signature verifies",
    );
    expect(item(ids.bundle as string)?.reason).toMatch(
      /^Digest matches; Evidence bundle: 2 files, manifest signed by/,
    );
    // three reads for the hashes, one more for the archive's temporary copy
    expect(fake.calls.filter((call) => call.operation === "GetObject").length - gets).toBe(4);
  });

  it("notices an object edited in the bucket", async () => {
    const record = await db.prisma.evidenceRecord.findUniqueOrThrow({ where: { id: ids["sbom.cdx.json"] } });
    fake.objects.set(keyOf(record.sha256), Buffer.from('{"bomFormat":"CycloneDX","edited":true}\n'));
    const { finished, item } = await verifyAll("after an edit");
    expect(finished.counts).toMatchObject({ ok: 2, changed: 1 });
    expect(item(record.id)).toMatchObject({
      status: "CHANGED",
      actualSha256: sha256Hex(Buffer.from('{"bomFormat":"CycloneDX","edited":true}\n')),
    });
  });
});
