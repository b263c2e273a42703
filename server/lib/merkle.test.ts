import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  consistencyProof,
  EMPTY_TREE_ROOT,
  inclusionProof,
  leafHash,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from "./merkle";

const VECTORS = path.resolve(import.meta.dirname, "../../test/fixtures/merkle");

function casesIn(kind: "inclusion" | "consistency") {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json")) files.push(full);
    }
  };
  walk(path.join(VECTORS, kind));
  return files.sort().map((file) => ({
    name: path.relative(VECTORS, file),
    data: JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>,
  }));
}

const b64 = (value: unknown) => Buffer.from((value as string | null) ?? "", "base64");
const b64List = (value: unknown) => ((value as string[] | null) ?? []).map(b64);

// The one vector we deliberately answer differently: its "roots" are 12-byte strings ("don't care 2"), which the
// Go library compares as opaque bytes; we refuse anything that is not a 32-byte SHA-256 hash (stricter, never looser).
const STRICTER_THAN_VECTORS = new Set(["consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"]);

describe("Merkle proofs against the transparency-dev vectors", () => {
  const inclusion = casesIn("inclusion");
  const consistency = casesIn("consistency");

  it("has every vector file", () => {
    expect(inclusion.length + consistency.length).toBe(196);
  });

  it.each(inclusion)("inclusion $name", ({ data }) => {
    const result = verifyInclusion({
      leafIndex: data.leafIdx as number,
      treeSize: data.treeSize as number,
      leafHash: b64(data.leafHash),
      proof: b64List(data.proof),
      root: b64(data.root),
    });
    expect(result.ok).toBe(!data.wantErr);
    if (!result.ok) expect(result.reason).toMatch(/\w/);
  });

  it.each(consistency)("consistency $name", ({ name, data }) => {
    const result = verifyConsistency({
      size1: data.size1 as number,
      size2: data.size2 as number,
      proof: b64List(data.proof),
      root1: b64(data.root1),
      root2: b64(data.root2),
    });
    const expectOk = !data.wantErr && !STRICTER_THAN_VECTORS.has(name);
    expect(result.ok).toBe(expectOk);
  });
});

describe("Merkle trees built here", () => {
  const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

  it("has the RFC's empty root and a single leaf as its own root", () => {
    expect(merkleRoot([]).toString("hex")).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(EMPTY_TREE_ROOT.length).toBe(32);
    const [only] = leaves(1);
    expect(merkleRoot(leaves(1))).toEqual(only);
  });

  it("proves every leaf's inclusion, and no other leaf's", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.nat(), (size, pick) => {
        const tree = leaves(size);
        const root = merkleRoot(tree);
        const index = pick % size;
        const proof = inclusionProof(tree, index);
        const leaf = tree[index] as Buffer;
        expect(verifyInclusion({ leafIndex: index, treeSize: size, leafHash: leaf, proof, root })).toEqual({
          ok: true,
        });
        const other = leafHash(Buffer.from("not in the tree"));
        expect(verifyInclusion({ leafIndex: index, treeSize: size, leafHash: other, proof, root }).ok).toBe(
          false,
        );
      }),
    );
  });

  it("proves every prefix consistent with the whole, and catches a rewritten history", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 70 }), (size1, extra) => {
        const tree = leaves(size1 + extra);
        const root1 = merkleRoot(tree.slice(0, size1));
        const root2 = merkleRoot(tree);
        const proof = consistencyProof(tree, size1);
        const size2 = tree.length;
        expect(verifyConsistency({ size1, size2, proof, root1, root2 })).toEqual({ ok: true });
        if (extra > 0) {
          const rewritten = [...tree];
          rewritten[0] = leafHash(Buffer.from("rewritten"));
          const forged = merkleRoot(rewritten.slice(0, size1));
          expect(verifyConsistency({ size1, size2, proof, root1: forged, root2 }).ok).toBe(false);
        }
      }),
    );
  });

  it("refuses sizes of zero, short hashes and out-of-range indexes with a reason", () => {
    const tree = leaves(4);
    const root = merkleRoot(tree);
    expect(verifyInclusion({ leafIndex: 0, treeSize: 0, leafHash: root, proof: [], root })).toEqual({
      ok: false,
      reason: "tree size must be at least 1",
    });
    const short = verifyInclusion({
      leafIndex: 0,
      treeSize: 4,
      leafHash: Buffer.alloc(31),
      proof: inclusionProof(tree, 0),
      root,
    });
    expect(short).toMatchObject({ ok: false, reason: expect.stringMatching(/32-byte/) });
    expect(() => inclusionProof(tree, 4)).toThrow(RangeError);
    expect(() => consistencyProof(tree, 0)).toThrow(RangeError);
  });
});
