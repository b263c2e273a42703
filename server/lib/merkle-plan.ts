// Which stored subtree roots a proof needs, so proofs over a large log read O(log n) hashes instead of the log.
//
// Every hash in an RFC 9162 proof (and every root) is the root of a range of leaves [start, end) that the RFC's
// recursion produces. Such a range always starts at a multiple of the power of two covering it, so it splits into
// at most log2(n) "perfect" subtrees: 2^level leaves starting at index * 2^level. A perfect subtree's root never
// changes once its last leaf exists, which is what makes it safe to store once and read forever; the range's root
// is then the right fold of its perfect parts: H(P1, H(P2, ... H(Pk-1, Pk))).
//
// In a proof at most one hash covers an incomplete range (the right edge of the tree), so a proof reads at most
// about 2 log2(n) perfect roots. Pure: the audit log resolves the references against its tables, tests against
// an array of leaves.
import { largestPowerOfTwoBelow } from "./merkle-verify";

/** The perfect subtree of 2^level leaves starting at leaf index * 2^level. */
export type NodeRef = { level: number; index: number };

/** One hash of a proof or a root: the root of leaves [start, end), from these perfect parts, left to right. */
export type PlannedHash = { start: number; end: number; parts: NodeRef[] };

/** Perfect subtrees covering [start, end), largest first (end > start, start aligned as the RFC's ranges are). */
export function perfectParts(start: number, end: number): NodeRef[] {
  const parts: NodeRef[] = [];
  let at = start;
  let remaining = end - start;
  while (remaining > 0) {
    let size = 1;
    let level = 0;
    while (size * 2 <= remaining) {
      size *= 2;
      level += 1;
    }
    if (at % size !== 0) throw new RangeError(`[${start}, ${end}) is not a range of an RFC 6962 tree`);
    parts.push({ level, index: at / size });
    at += size;
    remaining -= size;
  }
  return parts;
}

function planned(start: number, end: number): PlannedHash {
  return { start, end, parts: perfectParts(start, end) };
}

/** The root of a tree of `treeSize` leaves (treeSize >= 1). */
export function rootPlan(treeSize: number): PlannedHash {
  assertSize(treeSize, 1);
  return planned(0, treeSize);
}

/** PATH(m, D[n]) as ranges, in the RFC's order (bottom up). */
export function inclusionPlan(leafIndex: number, treeSize: number): PlannedHash[] {
  assertSize(treeSize, 1);
  if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new RangeError(`leaf index ${leafIndex} is outside a tree of size ${treeSize}`);
  }
  const path: PlannedHash[] = [];
  let start = 0;
  let end = treeSize;
  let m = leafIndex;
  const stack: PlannedHash[] = [];
  while (end - start > 1) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m < k) {
      stack.push(planned(start + k, end));
      end = start + k;
    } else {
      stack.push(planned(start, start + k));
      start += k;
      m -= k;
    }
  }
  // the recursion emits the deepest sibling first
  while (stack.length > 0) path.push(stack.pop() as PlannedHash);
  return path;
}

/** PROOF(m, D[n]) as ranges, in the RFC's order (1 <= size1 <= size2; empty when equal). */
export function consistencyPlan(size1: number, size2: number): PlannedHash[] {
  assertSize(size1, 1);
  assertSize(size2, size1);
  if (size1 === size2) return [];
  const stack: PlannedHash[] = [];
  let start = 0;
  let end = size2;
  let m = size1;
  let complete = true;
  while (m !== end - start) {
    const k = largestPowerOfTwoBelow(end - start);
    if (m <= k) {
      stack.push(planned(start + k, end));
      end = start + k;
    } else {
      stack.push(planned(start, start + k));
      start += k;
      m -= k;
      complete = false;
    }
  }
  const proof: PlannedHash[] = complete ? [] : [planned(start, end)];
  while (stack.length > 0) proof.push(stack.pop() as PlannedHash);
  return proof;
}

/** Every distinct perfect subtree a set of planned hashes reads. */
export function refsOf(plans: readonly PlannedHash[]): NodeRef[] {
  const seen = new Map<string, NodeRef>();
  for (const plan of plans) for (const part of plan.parts) seen.set(refKey(part), part);
  return [...seen.values()];
}

export function refKey(ref: NodeRef): string {
  return `${ref.level}:${ref.index}`;
}

/** The hash of each planned range from the roots of its perfect parts (right fold). */
export function resolvePlan(
  plan: PlannedHash,
  rootOf: (ref: NodeRef) => Uint8Array,
  hashNode: (left: Uint8Array, right: Uint8Array) => Uint8Array,
): Uint8Array {
  const parts = plan.parts.map(rootOf);
  let hash = parts.at(-1);
  if (!hash) throw new RangeError("an empty range has no planned hash");
  for (let i = parts.length - 2; i >= 0; i -= 1) hash = hashNode(parts[i] as Uint8Array, hash);
  return hash;
}

function assertSize(size: number, minimum: number) {
  if (!Number.isSafeInteger(size) || size < minimum) {
    throw new RangeError(`tree size ${size} must be an integer of at least ${minimum}`);
  }
}

/**
 * The perfect subtrees that become complete when leaves are appended, so a store can write each once. `frontier`
 * is the tree's right edge before the append (its perfect parts, largest first, with their roots); the result is
 * the new right edge and every completed subtree of level >= 1, in the order they completed.
 */
export function appendToFrontier(
  frontier: readonly (NodeRef & { hash: Uint8Array })[],
  firstLeafIndex: number,
  leafHashes: readonly Uint8Array[],
  hashNode: (left: Uint8Array, right: Uint8Array) => Uint8Array,
): { frontier: (NodeRef & { hash: Uint8Array })[]; completed: (NodeRef & { hash: Uint8Array })[] } {
  const edge = [...frontier];
  const completed: (NodeRef & { hash: Uint8Array })[] = [];
  for (const [offset, hash] of leafHashes.entries()) {
    let node: NodeRef & { hash: Uint8Array } = { level: 0, index: firstLeafIndex + offset, hash };
    for (let last = edge.at(-1); last && last.level === node.level; last = edge.at(-1)) {
      edge.pop();
      node = { level: node.level + 1, index: last.index / 2, hash: hashNode(last.hash, node.hash) };
      completed.push(node);
    }
    edge.push(node);
  }
  return { frontier: edge, completed };
}
