// Whether the stored bytes of a piece of evidence are still what was recorded: read them back and hash them now.
// The blob store does not vouch for what it returns (disks rot, people edit files), so "ok" is only ever said
// after hashing.
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { type BlobStore, sha256Hex } from "./blob-store";
import type { EvidenceDeps } from "./deps";
import { getEvidence } from "./get-evidence";
import type { BlobCheck } from "./schemas";

export async function checkStoredBytes(
  blobs: BlobStore,
  sha256: string,
  now: Date,
): Promise<BlobCheck & { bytes: Buffer | null }> {
  const bytes = await blobs.get(sha256);
  if (!bytes) {
    return {
      state: "missing",
      detail: "The bytes are not in the blob store.",
      checkedAt: now,
      actualSha256: null,
      bytes,
    };
  }
  const actual = sha256Hex(bytes);
  if (actual !== sha256) {
    return {
      state: "mismatch",
      detail: `The stored bytes hash to ${actual}, not to the recorded SHA-256.`,
      checkedAt: now,
      actualSha256: actual,
      bytes,
    };
  }
  return {
    state: "ok",
    detail: "The stored bytes hash to the recorded SHA-256.",
    checkedAt: now,
    actualSha256: actual,
    bytes,
  };
}

export async function checkEvidence(
  deps: Pick<EvidenceDeps, "prisma" | "blobs" | "clock">,
  id: string,
): Promise<BlobCheck> {
  const evidence = await getEvidence(deps.prisma, id);
  const { bytes: _bytes, ...check } = await checkStoredBytes(deps.blobs, evidence.sha256, deps.clock.now());
  return check;
}

/** The bytes to download, only when they still hash to the record: evidence that changed is not evidence. */
export async function readEvidenceContent(
  deps: { prisma: PortalPrisma; blobs: BlobStore; clock: { now: () => Date } },
  id: string,
): Promise<{ bytes: Buffer; mediaType: string; fileName: string; sha256: string }> {
  const evidence = await getEvidence(deps.prisma, id);
  const check = await checkStoredBytes(deps.blobs, evidence.sha256, deps.clock.now());
  if (check.state === "missing" || !check.bytes) {
    throw new DomainError("CONFLICT", "The bytes of this evidence are missing from the blob store", {
      state: check.state,
    });
  }
  if (check.state === "mismatch") {
    throw new DomainError("CONFLICT", `${check.detail} They are not served.`, { state: check.state });
  }
  return {
    bytes: check.bytes,
    mediaType: evidence.mediaType,
    fileName: evidence.fileName,
    sha256: evidence.sha256,
  };
}
