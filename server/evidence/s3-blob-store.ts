// The blob store in an S3-compatible object store (AWS S3, MinIO, Ceph, R2…), for deployments with several server
// instances: the same content-addressed layout as the directory store (<prefix>sha256/<2 hex>/<64 hex>), the same
// BlobStore interface. A put sends the SHA-256 along (x-amz-checksum-sha256), so the store itself refuses bytes
// that changed on the way; bytes already there are not sent again. Reads are hashed again by the callers that say
// "verified", as with the directory store.

import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { BlobStore } from "./blob-store";
import { writeHashed } from "./hashed-write";

const SHA256_HEX = /^[0-9a-f]{64}$/;

export type S3BlobStoreOptions = {
  client: S3Client;
  bucket: string;
  /** a key prefix inside the bucket, e.g. "portal/" */
  prefix?: string;
};

export type S3ClientOptions = {
  region: string;
  /** an S3-compatible endpoint (MinIO, Ceph…); unset: AWS */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** unset: the AWS SDK's usual chain (environment, shared files, instance or task role) */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // the SHA-256 is sent explicitly on every put; no extra CRC checksums that S3-compatible stores may not know
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

const isMissing = (error: unknown) =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);

export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { client, bucket } = options;
  const prefix = options.prefix ?? "";
  const keyOf = (sha256: string) => {
    // the digest becomes a key: anything but 64 hex characters could name another object
    if (!SHA256_HEX.test(sha256)) throw new Error("a blob is named by 64 lower-case hex characters");
    return `${prefix}sha256/${sha256.slice(0, 2)}/${sha256}`;
  };
  const has = async (sha256: string) => {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  };
  return {
    has,
    async put(bytes) {
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      // content-addressed: the same name holds the same bytes, so what is there need not be sent again
      if (!(await has(sha256))) {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: keyOf(sha256),
            Body: bytes,
            ContentLength: bytes.length,
            ContentType: "application/octet-stream",
            ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64"),
          }),
        );
      }
      return { sha256, size: bytes.length };
    },
    // Staged bytes wait in a local temporary file (hashed on the way in, constant memory) and go to the bucket on
    // commit, with their SHA-256 for the store to check; a discarded upload never reaches the bucket.
    async stage(source) {
      const staging = await fs.mkdtemp(path.join(os.tmpdir(), "portal-s3-stage-"));
      const temporary = path.join(staging, `${randomBytes(12).toString("hex")}.tmp`);
      const cleanUp = () => fs.rm(staging, { recursive: true, force: true });
      let written: { sha256: string; size: number };
      try {
        written = await writeHashed(source, temporary);
      } catch (error) {
        await cleanUp();
        throw error;
      }
      const { sha256, size } = written;
      let settled = false;
      return {
        sha256,
        size,
        async commit() {
          if (settled) return;
          settled = true;
          try {
            if (!(await has(sha256))) {
              await client.send(
                new PutObjectCommand({
                  Bucket: bucket,
                  Key: keyOf(sha256),
                  Body: createReadStream(temporary),
                  ContentLength: size,
                  ContentType: "application/octet-stream",
                  ChecksumSHA256: Buffer.from(sha256, "hex").toString("base64"),
                }),
              );
            }
          } finally {
            await cleanUp();
          }
        },
        async discard() {
          if (settled) return;
          settled = true;
          await cleanUp();
        },
      };
    },
    async open(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
        return (response.Body as Readable | undefined) ?? null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async get(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
        if (!response.Body) return null;
        return Buffer.from(await response.Body.transformToByteArray());
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
  };
}
