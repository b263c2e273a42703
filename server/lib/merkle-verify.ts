// RFC 9162 proof verification (2.1.3.2 inclusion, 2.1.4.2 consistency) over plain Uint8Arrays, with the node hash
// passed in. No Node imports on purpose: the server runs this with node:crypto (merkle.ts) and the browser runs the
// very same steps with a JavaScript SHA-256, so what an auditor sees verified on the page is this code, not a copy.
//
// Never throws: malformed input (sizes, indexes, hashes that are not 32 bytes, proofs of the wrong length) is a
// failed check with a reason. Each step is reported so a page can show how the root was reached.

export const MERKLE_HASH_BYTES = 32;

/** SHA-256(0x01 || left || right) */
export type NodeHasher = (left: Uint8Array, right: Uint8Array) => Uint8Array;

/** One hashing step: the proof hash on the left or on the right of what was computed so far. */
export type ProofStep = { proofIndex: number; side: "left" | "right"; result: Uint8Array };

export type InclusionInput = {
  leafIndex: number;
  treeSize: number;
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
  root: Uint8Array;
};

export type ConsistencyInput = {
  size1: number;
  size2: number;
  proof: readonly Uint8Array[];
  root1: Uint8Array;
  root2: Uint8Array;
};

export type InclusionOutcome =
  | { ok: true; steps: ProofStep[]; computedRoot: Uint8Array }
  | { ok: false; reason: string; steps: ProofStep[]; computedRoot: Uint8Array | null };

export type ConsistencyOutcome =
  | { ok: true; steps: ProofStep[]; computedRoot1: Uint8Array; computedRoot2: Uint8Array }
  | {
      ok: false;
      reason: string;
      steps: ProofStep[];
      computedRoot1: Uint8Array | null;
      computedRoot2: Uint8Array | null;
    };

export function verifyInclusionWith(hashNode: NodeHasher, input: InclusionInput): InclusionOutcome {
  const steps: ProofStep[] = [];
  const fail = (reason: string, computedRoot: Uint8Array | null = null): InclusionOutcome => ({
    ok: false,
    reason,
    steps,
    computedRoot,
  });
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
  const expected = inclusionProofLength(leafIndex, treeSize);
  if (proof.length !== expected) {
    return fail(
      `the proof has ${proof.length} hash${proof.length === 1 ? "" : "es"}; leaf ${leafIndex} of a tree of ${treeSize} needs ${expected}`,
    );
  }

  // fn / sn are the positions of the leaf and of the last leaf, walked up one level per proof element
  let fn = BigInt(leafIndex);
  let sn = BigInt(treeSize - 1);
  let r: Uint8Array = input.leafHash;
  for (const [proofIndex, p] of proof.entries()) {
    if (sn === 0n) return fail("the proof is longer than the tree is deep");
    if ((fn & 1n) === 1n || fn === sn) {
      r = hashNode(p, r);
      steps.push({ proofIndex, side: "left", result: r });
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = hashNode(r, p);
      steps.push({ proofIndex, side: "right", result: r });
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return fail("the proof is shorter than the tree is deep");
  if (!bytesEqual(r, input.root)) return fail("the proof does not lead to this root", r);
  return { ok: true, steps, computedRoot: r };
}

/** A tree of size 0 proves nothing about any other tree, so it is refused rather than trivially consistent. */
export function verifyConsistencyWith(hashNode: NodeHasher, input: ConsistencyInput): ConsistencyOutcome {
  const steps: ProofStep[] = [];
  const fail = (
    reason: string,
    computedRoot1: Uint8Array | null = null,
    computedRoot2: Uint8Array | null = null,
  ): ConsistencyOutcome => ({ ok: false, reason, steps, computedRoot1, computedRoot2 });
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
    return bytesEqual(input.root1, input.root2)
      ? { ok: true, steps, computedRoot1: input.root1, computedRoot2: input.root2 }
      : fail("equal sizes but different roots");
  }
  const expected = consistencyProofLength(size1, size2);
  if (proof.length !== expected) {
    return fail(
      `the proof has ${proof.length} hash${proof.length === 1 ? "" : "es"}; trees of ${size1} and ${size2} need ${expected}`,
    );
  }

  // when size1 is a power of two, the first tree is itself a node of the second: its root starts the path
  const startsWithRoot1 = isPowerOfTwo(size1);
  const path = startsWithRoot1 ? [input.root1, ...proof] : [...proof];
  const proofIndexOf = (pathIndex: number) => (startsWithRoot1 ? pathIndex - 1 : pathIndex);
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Uint8Array = path[0] as Uint8Array;
  let sr: Uint8Array = fr;
  for (const [pathIndex, c] of path.entries()) {
    if (pathIndex === 0) continue;
    if (sn === 0n) return fail("the proof is longer than the trees need");
    if ((fn & 1n) === 1n || fn === sn) {
      fr = hashNode(c, fr);
      sr = hashNode(c, sr);
      steps.push({ proofIndex: proofIndexOf(pathIndex), side: "left", result: sr });
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = hashNode(sr, c);
      steps.push({ proofIndex: proofIndexOf(pathIndex), side: "right", result: sr });
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return fail("the proof is shorter than the trees need", fr, sr);
  if (!bytesEqual(fr, input.root1)) return fail("the proof does not lead to the first root", fr, sr);
  if (!bytesEqual(sr, input.root2)) return fail("the proof does not lead to the second root", fr, sr);
  return { ok: true, steps, computedRoot1: fr, computedRoot2: sr };
}

/** How many hashes PATH(m, D[n]) has: one per level below the root on the way to the leaf. */
export function inclusionProofLength(leafIndex: number, treeSize: number): number {
  let length = 0;
  let index = leafIndex;
  let size = treeSize;
  while (size > 1) {
    const k = largestPowerOfTwoBelow(size);
    if (index < k) size = k;
    else {
      index -= k;
      size -= k;
    }
    length += 1;
  }
  return length;
}

/** How many hashes PROOF(m, D[n]) has (0 < m < n). */
export function consistencyProofLength(size1: number, size2: number): number {
  let length = 0;
  let m = size1;
  let size = size2;
  let complete = true;
  while (m !== size) {
    const k = largestPowerOfTwoBelow(size);
    length += 1;
    if (m <= k) size = k;
    else {
      m -= k;
      size -= k;
      complete = false;
    }
  }
  return complete ? length : length + 1;
}

/** Largest power of two strictly smaller than n (n >= 2): where RFC 9162 splits a tree. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function isPowerOfTwo(n: number): boolean {
  const b = BigInt(n); // bitwise operators on numbers stop at 32 bits; tree sizes do not
  return b > 0n && (b & (b - 1n)) === 0n;
}

function hashProblem(name: string, hash: Uint8Array): string | undefined {
  return hash.length === MERKLE_HASH_BYTES
    ? undefined
    : `${name} must be a ${MERKLE_HASH_BYTES}-byte SHA-256 hash, got ${hash.length} bytes`;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
