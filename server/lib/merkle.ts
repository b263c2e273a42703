// Merkle trees as Certificate Transparency defines them (RFC 6962, restated in RFC 9162 section 2.1): the audit log's
// checkpoints, evidence manifests and the transparency-log mirror all use this one hashing scheme, so proofs made here
// verify with any RFC 9162 implementation and the other way round.
//
// Leaves and interior nodes are hashed with different one-byte prefixes (0x00, 0x01) so that a leaf can never be
// passed off as a node (second-preimage protection). All hashes are SHA-256; anything that is not 32 bytes is
// refused rather than compared, so a truncated or empty value can never "match".
import { createHash } from "node:crypto";

export const MERKLE_HASH_BYTES = 32;

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

/** Largest power of two strictly smaller than n (n >= 2): where RFC 9162 splits a tree. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

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

export type InclusionInput = {
  leafIndex: number;
  treeSize: number;
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
  root: Uint8Array;
};

/** RFC 9162 2.1.3.2, step for step. Never throws: malformed input is a failed check with a reason. */
export function verifyInclusion(input: InclusionInput): MerkleCheck {
  const { leafIndex, treeSize, proof } = input;
  if (!Number.isSafeInteger(treeSize) || treeSize < 1) return fail("tree size must be at least 1");
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
    return fail(`leaf index ${leafIndex} is outside a tree of size ${treeSize}`);
  }
  const malformed =
    hashProblem("leaf hash", input.leafHash) ??
    hashProblem("root", input.root) ??
    proof.map((hash, i) => hashProblem(`proof[${i}]`, hash)).find(Boolean);
  if (malformed) return fail(malformed);

  // fn / sn are the positions of the leaf and of the last leaf, walked up one level per proof element
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r: Buffer = Buffer.from(input.leafHash);
  for (const p of proof) {
    if (sn === 0n) return fail("proof is longer than the tree is deep");
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return fail("proof is shorter than the tree is deep");
  if (!r.equals(input.root)) return fail("the proof does not lead to this root");
  return { ok: true };
}

export type ConsistencyInput = {
  size1: number;
  size2: number;
  proof: readonly Uint8Array[];
  root1: Uint8Array;
  root2: Uint8Array;
};

/**
 * RFC 9162 2.1.4.2. A tree of size 0 proves nothing about any other tree, so it is refused (as the transparency-dev
 * vectors expect) rather than declared trivially consistent.
 */
export function verifyConsistency(input: ConsistencyInput): MerkleCheck {
  const { size1, size2, proof } = input;
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2)) return fail("sizes must be integers");
  if (size1 < 1) return fail("a consistency proof needs a first tree of size at least 1");
  if (size2 < size1) return fail(`the second tree (${size2}) is smaller than the first (${size1})`);
  const malformed =
    hashProblem("first root", input.root1) ??
    hashProblem("second root", input.root2) ??
    proof.map((hash, i) => hashProblem(`proof[${i}]`, hash)).find(Boolean);
  if (malformed) return fail(malformed);

  if (size1 === size2) {
    if (proof.length > 0) return fail("trees of equal size need an empty proof");
    return Buffer.from(input.root1).equals(input.root2)
      ? { ok: true }
      : fail("equal sizes but different roots");
  }
  if (proof.length === 0) return fail("the proof is empty");

  // when size1 is a power of two, the first tree is itself a node of the second: its root starts the path
  const path = isPowerOfTwo(size1) ? [input.root1, ...proof] : [...proof];
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Buffer = Buffer.from(path[0] as Uint8Array);
  let sr: Buffer = Buffer.from(fr);
  for (const c of path.slice(1)) {
    if (sn === 0n) return fail("proof is longer than the trees need");
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return fail("proof is shorter than the trees need");
  if (!fr.equals(input.root1)) return fail("the proof does not lead to the first root");
  if (!sr.equals(input.root2)) return fail("the proof does not lead to the second root");
  return { ok: true };
}

function isPowerOfTwo(n: number): boolean {
  const b = BigInt(n); // bitwise operators on numbers stop at 32 bits; tree sizes do not
  return b > 0n && (b & (b - 1n)) === 0n;
}

function hashProblem(name: string, hash: Uint8Array): string | undefined {
  return hash.length === MERKLE_HASH_BYTES
    ? undefined
    : `${name} must be a ${MERKLE_HASH_BYTES}-byte SHA-256 hash, got ${hash.length} bytes`;
}

function assertIndex(index: number, size: number) {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${size}`);
  }
}

function fail(reason: string): MerkleCheck {
  return { ok: false, reason };
}
