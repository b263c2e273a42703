// Merkle trees as Certificate Transparency defines them (RFC 6962, restated in RFC 9162 section 2.1): the audit log's
// checkpoints, evidence manifests and the transparency-log mirror all use this one hashing scheme, so proofs made here
// verify with any RFC 9162 implementation and the other way round.
//
// Leaves and interior nodes are hashed with different one-byte prefixes (0x00, 0x01) so that a leaf can never be
// passed off as a node (second-preimage protection). All hashes are SHA-256; anything that is not 32 bytes is
// refused rather than compared, so a truncated or empty value can never "match".
import { createHash } from "node:crypto";
import {
  type ConsistencyInput,
  type InclusionInput,
  largestPowerOfTwoBelow,
  verifyConsistencyWith,
  verifyInclusionWith,
} from "./merkle-verify";

export { MERKLE_HASH_BYTES } from "./merkle-verify";

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function leafHash(data: Uint8Array): Buffer {
  return createHash("sha256").update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash("sha256").update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256 of the empty string (RFC 9162 2.1.1). */
export const EMPTY_TREE_ROOT = createHash("sha256").digest();

const splitPoint = largestPowerOfTwoBelow;

/** MTH(D[n]) over leaf hashes (not leaf data: callers hash their entries with `leafHash` first). */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return Buffer.from(EMPTY_TREE_ROOT);
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

function subtreeRoot(leaves: readonly Uint8Array[], start: number, end: number): Buffer {
  const size = end - start;
  if (size === 1) return Buffer.from(leaves[start] as Uint8Array);
  const k = splitPoint(size);
  return nodeHash(subtreeRoot(leaves, start, start + k), subtreeRoot(leaves, start + k, end));
}

/** PATH(m, D[n]): the audit path of leaf `index` (RFC 9162 2.1.3.1). */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Buffer[] {
  assertIndex(index, leafHashes.length);
  const path: Buffer[] = [];
  const walk = (m: number, start: number, end: number) => {
    const size = end - start;
    if (size <= 1) return;
    const k = splitPoint(size);
    if (m < k) {
      walk(m, start, start + k);
      path.push(subtreeRoot(leafHashes, start + k, end));
    } else {
      walk(m - k, start + k, end);
      path.push(subtreeRoot(leafHashes, start, start + k));
    }
  };
  walk(index, 0, leafHashes.length);
  return path;
}

/** PROOF(m, D[n]): proves the first `size1` leaves are a prefix of all of them (RFC 9162 2.1.4.1). */
export function consistencyProof(leafHashes: readonly Uint8Array[], size1: number): Buffer[] {
  const size2 = leafHashes.length;
  if (!Number.isSafeInteger(size1) || size1 < 1 || size1 > size2) {
    throw new RangeError(`consistency proofs need 1 <= size1 <= size2 (got ${size1} and ${size2})`);
  }
  const proof: Buffer[] = [];
  // SUBPROOF(m, D[start:end], b): b says whether the subtree of size m is itself a complete earlier tree root
  const sub = (m: number, start: number, end: number, complete: boolean) => {
    const size = end - start;
    if (m === size) {
      if (!complete) proof.push(subtreeRoot(leafHashes, start, end));
      return;
    }
    const k = splitPoint(size);
    if (m <= k) {
      sub(m, start, start + k, complete);
      proof.push(subtreeRoot(leafHashes, start + k, end));
    } else {
      sub(m - k, start + k, end, false);
      proof.push(subtreeRoot(leafHashes, start, start + k));
    }
  };
  if (size1 < size2) sub(size1, 0, size2, true);
  return proof;
}

export type MerkleCheck = { ok: true } | { ok: false; reason: string };

export type { ConsistencyInput, InclusionInput };

/** RFC 9162 2.1.3.2 (merkle-verify.ts), with node:crypto. Never throws: malformed input is a failed check. */
export function verifyInclusion(input: InclusionInput): MerkleCheck {
  const outcome = verifyInclusionWith(nodeHash, input);
  return outcome.ok ? { ok: true } : { ok: false, reason: outcome.reason };
}

/** RFC 9162 2.1.4.2 (merkle-verify.ts). A first tree of size 0 is refused, as the transparency-dev vectors expect. */
export function verifyConsistency(input: ConsistencyInput): MerkleCheck {
  const outcome = verifyConsistencyWith(nodeHash, input);
  return outcome.ok ? { ok: true } : { ok: false, reason: outcome.reason };
}

function assertIndex(index: number, size: number) {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${size}`);
  }
}
