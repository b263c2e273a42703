import { describe, expect, it } from "vitest";
import { consistencyProof, inclusionProof, leafHash, merkleRoot, nodeHash } from "./merkle";
import {
  appendToFrontier,
  consistencyPlan,
  inclusionPlan,
  type NodeRef,
  perfectParts,
  refKey,
  refsOf,
  resolvePlan,
  rootPlan,
} from "./merkle-plan";

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`event ${i}`)));

/** Every perfect subtree root of a tree, as a store built by appendToFrontier would hold it. */
function storeOf(tree: Buffer[]) {
  const { frontier, completed } = appendToFrontier([], 0, tree, nodeHash);
  const nodes = new Map<string, Uint8Array>();
  for (const [index, hash] of tree.entries()) nodes.set(refKey({ level: 0, index }), hash);
  for (const node of completed) nodes.set(refKey(node), node.hash);
  const reads: NodeRef[] = [];
  const rootOf = (ref: NodeRef) => {
    reads.push(ref);
    const hash = nodes.get(refKey(ref));
    if (!hash) throw new Error(`no stored node ${refKey(ref)}`);
    return hash;
  };
  return { rootOf, reads, frontier, completedCount: completed.length };
}

const SIZES = Array.from({ length: 70 }, (_, i) => i + 1);

describe("proofs planned from stored perfect subtrees equal the RFC's, for every leaf of every tree up to 70", () => {
  it.each(SIZES)("tree of %i", (size) => {
    const tree = leaves(size);
    const store = storeOf(tree);
    expect(Buffer.from(resolvePlan(rootPlan(size), store.rootOf, nodeHash))).toEqual(merkleRoot(tree));
    for (let index = 0; index < size; index += 1) {
      const planned = inclusionPlan(index, size).map((plan) =>
        Buffer.from(resolvePlan(plan, store.rootOf, nodeHash)),
      );
      expect(planned).toEqual(inclusionProof(tree, index));
    }
    for (let size1 = 1; size1 <= size; size1 += 1) {
      const planned = consistencyPlan(size1, size).map((plan) =>
        Buffer.from(resolvePlan(plan, store.rootOf, nodeHash)),
      );
      expect(planned).toEqual(consistencyProof(tree, size1));
    }
  });
});

describe("the planner reads O(log n) stored nodes, whatever the size", () => {
  it.each([1_000_000, 2 ** 40 + 12_345, Number.MAX_SAFE_INTEGER])("size %i", (size) => {
    const log2 = Math.ceil(Math.log2(size));
    for (const index of [0, Math.floor(size / 3), size - 1]) {
      const refs = refsOf(inclusionPlan(index, size));
      expect(refs.length).toBeLessThanOrEqual(2 * log2);
    }
    expect(refsOf(consistencyPlan(Math.floor(size / 2) + 1, size)).length).toBeLessThanOrEqual(2 * log2);
    expect(rootPlan(size).parts.length).toBeLessThanOrEqual(log2);
  });
});

describe("building the store leaf by leaf", () => {
  it("completes each perfect subtree exactly once, in batches of any size", () => {
    const tree = leaves(37);
    const whole = appendToFrontier([], 0, tree, nodeHash);
    let frontier: ReturnType<typeof appendToFrontier>["frontier"] = [];
    const completed: string[] = [];
    for (let at = 0; at < tree.length; at += 5) {
      const step = appendToFrontier(frontier, at, tree.slice(at, at + 5), nodeHash);
      frontier = step.frontier;
      completed.push(
        ...step.completed.map((node) => `${refKey(node)}=${Buffer.from(node.hash).toString("hex")}`),
      );
    }
    expect(completed).toEqual(
      whole.completed.map((node) => `${refKey(node)}=${Buffer.from(node.hash).toString("hex")}`),
    );
    // 37 leaves complete 18 + 9 + 4 + 2 + 1 subtrees of level >= 1; the edge is 32 + 4 + 1
    expect(completed).toHaveLength(34);
    expect(frontier.map(({ level, index }) => ({ level, index }))).toEqual(perfectParts(0, 37));
  });

  it("refuses ranges and sizes no RFC 6962 tree has", () => {
    expect(() => perfectParts(3, 7)).toThrow(RangeError);
    expect(() => inclusionPlan(5, 5)).toThrow(RangeError);
    expect(() => consistencyPlan(0, 5)).toThrow(RangeError);
    expect(() => consistencyPlan(6, 5)).toThrow(RangeError);
    expect(consistencyPlan(5, 5)).toEqual([]);
  });
});
