import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EMPTY_TREE_ROOT } from "../../lib/merkle";
import { evidenceLeafData, evidenceLeafHash, evidenceRoot } from "./evidence-tree";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const leaf = (id: string, sha256: string) => ({ evidenceId: id, sha256 });
const ID1 = "11111111-1111-4111-8111-111111111111";
const ID2 = "22222222-2222-4222-8222-222222222222";
const ID3 = "33333333-3333-4333-8333-333333333333";

describe("the evidence tree", () => {
  it("encodes a leaf as the ASCII line an auditor can rebuild with printf and sha256sum", () => {
    expect(evidenceLeafData(leaf(ID1, "a".repeat(64))).toString("ascii")).toBe(`${ID1} ${"a".repeat(64)}`);
    // printf '\x00%s %s' <id> <sha256> | sha256sum
    const expected = createHash("sha256")
      .update(Buffer.concat([Buffer.from([0]), Buffer.from(`${ID1} ${"a".repeat(64)}`)]))
      .digest("hex");
    expect(evidenceLeafHash(leaf(ID1.toUpperCase(), "a".repeat(64))).toString("hex")).toBe(expected);
  });

  it("roots RFC 6962 trees over leaves sorted by id, whatever order they come in", () => {
    const h = (id: string, text: string) => evidenceLeafHash(leaf(id, sha(text)));
    const node = (left: Buffer, right: Buffer) =>
      createHash("sha256")
        .update(Buffer.from([1]))
        .update(left)
        .update(right)
        .digest();
    const leaves = [leaf(ID3, sha("c")), leaf(ID1, sha("a")), leaf(ID2, sha("b"))];
    const expected = node(node(h(ID1, "a"), h(ID2, "b")), h(ID3, "c")).toString("hex");
    expect(evidenceRoot(leaves)).toEqual({ root: expected, leaves: 3 });
    expect(evidenceRoot([...leaves].reverse()).root).toBe(expected);
    expect(evidenceRoot([])).toEqual({ root: EMPTY_TREE_ROOT.toString("hex"), leaves: 0 });
  });

  it("changes the root when any digest changes", () => {
    const before = evidenceRoot([leaf(ID1, sha("a")), leaf(ID2, sha("b"))]).root;
    expect(evidenceRoot([leaf(ID1, sha("a")), leaf(ID2, sha("B"))]).root).not.toBe(before);
    expect(evidenceRoot([leaf(ID2, sha("a")), leaf(ID1, sha("b"))]).root).not.toBe(before);
  });
});
