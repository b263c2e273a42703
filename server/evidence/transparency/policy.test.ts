import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consistencyProof, leafHash, merkleRoot } from "../../lib/merkle";
import { decideCheckpoint, divergenceDetail, judgeConsistency } from "./policy";
import { parseConsistencyProof } from "./proof-text";

const leaves = (n: number, label = "e") =>
  Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`${label}${i}`)));
const held = (id: string, tree: Buffer[]) => ({ id, treeSize: tree.length, rootHash: merkleRoot(tree) });

describe("what a new checkpoint means next to the held ones", () => {
  it("is the first when nothing is held, a duplicate or a split view at a held size", () => {
    const tree = leaves(5);
    const seen = { treeSize: 5, rootHash: merkleRoot(tree) };
    expect(decideCheckpoint({ sameSize: null, latest: null }, seen)).toEqual({ kind: "first" });
    const same = held("a", tree);
    expect(decideCheckpoint({ sameSize: same, latest: same }, seen).kind).toBe("duplicate");
    const other = held("b", leaves(5, "x"));
    expect(decideCheckpoint({ sameSize: other, latest: other }, seen).kind).toBe("root_mismatch");
  });

  it("asks for a proof between the smaller and the larger size, whichever is new", () => {
    const latest = held("a", leaves(9));
    expect(
      decideCheckpoint({ sameSize: null, latest }, { treeSize: 4, rootHash: Buffer.alloc(32) }),
    ).toMatchObject({
      kind: "needs_proof",
      size1: 4,
      size2: 9,
    });
    expect(
      decideCheckpoint({ sameSize: null, latest }, { treeSize: 12, rootHash: Buffer.alloc(32) }),
    ).toMatchObject({
      size1: 9,
      size2: 12,
    });
  });

  it("is consistent exactly when one history extends the other (any sizes, any fork point)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        (heldSize, seenSize, forkAt, forked) => {
          fc.pre(heldSize !== seenSize);
          const honest = leaves(Math.max(heldSize, seenSize));
          const keep = Math.min(forkAt, Math.min(heldSize, seenSize) - 1);
          const other = forked
            ? [...honest.slice(0, keep), ...leaves(honest.length - keep, "forged")]
            : honest;
          const heldTree = honest.slice(0, heldSize);
          const seenTree = other.slice(0, seenSize);
          const decision = decideCheckpoint(
            { sameSize: null, latest: held("h", heldTree) },
            { treeSize: seenSize, rootHash: merkleRoot(seenTree) },
          );
          if (decision.kind !== "needs_proof") throw new Error("expected a proof to be needed");
          // the proof as the larger tree's log would serve it
          const larger = seenSize > heldSize ? seenTree : heldTree;
          const proof = consistencyProof(larger, decision.size1);
          const judgement = judgeConsistency(
            decision,
            { treeSize: seenSize, rootHash: merkleRoot(seenTree) },
            proof,
          );
          expect(judgement.kind).toBe(forked ? "inconsistent" : "consistent");
        },
      ),
    );
  });

  it("calls a proof of the wrong length malformed (bad input), not a divergence", () => {
    const tree = leaves(10);
    const decision = decideCheckpoint(
      { sameSize: null, latest: held("h", tree.slice(0, 6)) },
      held("s", tree),
    );
    if (decision.kind !== "needs_proof") throw new Error("expected a proof to be needed");
    const proof = consistencyProof(tree, 6);
    expect(judgeConsistency(decision, held("s", tree), [...proof, Buffer.alloc(32)])).toMatchObject({
      kind: "malformed",
      reason: /has 3 hashes; this one has 4/,
    });
    expect(judgeConsistency(decision, held("s", tree), proof)).toEqual({ kind: "consistent" });
  });

  it("says what diverged, with sizes and roots", () => {
    const a = held("a", leaves(3));
    const b = held("b", leaves(3, "x"));
    expect(divergenceDetail("root_mismatch", a, b)).toMatch(/Two checkpoints of size 3, both validly signed/);
    expect(
      divergenceDetail("inconsistent", a, held("c", leaves(7)), "the proof does not lead to the first root"),
    ).toMatch(
      /size 7 .* could not be proven consistent with the held checkpoint of size 3 .*: the proof does not lead/,
    );
  });
});

describe("consistency proofs as pasted", () => {
  const hex = "ab".repeat(32);
  const b64 = Buffer.alloc(32, 1).toString("base64");

  it.each([
    [`{"rootHash":"x","hashes":["${hex}","${b64}"]}`, 2, null],
    [`{"firstSize":3,"lastSize":9,"hashes":["${hex}"]}`, 1, { size1: 3, size2: 9 }],
    [`${hex}\n${b64}\n`, 2, null],
    ["", 0, null],
  ])("reads %s", (text, count, sizes) => {
    const parsed = parseConsistencyProof(text);
    expect(parsed.ok && parsed.proof.hashes.length).toBe(count);
    expect(parsed.ok && parsed.proof.sizes).toEqual(sizes);
  });

  it.each([
    ["{not json", /not valid JSON/],
    ['{"proof":[]}', /no "hashes" list/],
    ['{"size1":"3","size2":9,"hashes":[]}', /sizes are not whole numbers/],
    [`${hex.slice(2)}`, /hash 1 .* not a 32-byte hash/],
  ])("refuses %s", (text, reason) => {
    expect(parseConsistencyProof(text)).toMatchObject({ ok: false, reason });
  });
});
