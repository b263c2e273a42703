// The Merkle root of an evidence manifest (and, with PART B, of the audit log) over a large number of leaves,
// through server/lib/merkle.ts, against the least any implementation must do with the same bytes: one SHA-256 per
// leaf. RFC 9162 hashes every leaf once (with a 0x00 prefix) and then n-1 interior nodes, so about 2n hashes
// against n: a ratio near 0.5 means the tree adds nothing but those hashes.
import { createHash, randomBytes } from "node:crypto";
import { canonicalJson } from "../server/lib/canonical-json";
import { leafHash, merkleRoot } from "../server/lib/merkle";
import { medianMsSync } from "./measure";

export type MerkleRootMeasurement = {
  leaves: number;
  leafBytes: number;
  merkleRootMs: number;
  rawSha256Ms: number;
  root: string;
};

/** Leaves shaped like an evidence manifest's: canonical {path, sha256, size} (bundle/manifest.ts). */
function manifestLeaves(count: number): Buffer[] {
  const seed = randomBytes(32);
  return Array.from({ length: count }, (_, index) => {
    const sha256 = createHash("sha256").update(seed).update(String(index)).digest("hex");
    return Buffer.from(
      canonicalJson({ path: `files/sbom/evidence-${index}.json`, sha256, size: 1000 + index }),
    );
  });
}

export function measureMerkleRoot(options: { leaves: number; passes: number }): MerkleRootMeasurement {
  const leaves = manifestLeaves(options.leaves);
  let root = "";
  const merkleRootMs = medianMsSync(options.passes, () => {
    root = merkleRoot(leaves.map((leaf) => leafHash(leaf))).toString("hex");
  });
  let sink = 0;
  const rawSha256Ms = medianMsSync(options.passes, () => {
    for (const leaf of leaves) sink ^= createHash("sha256").update(leaf).digest()[0] ?? 0;
  });
  if (sink === -1) throw new Error("unreachable: keeps the baseline's hashes from being optimised away");
  return {
    leaves: options.leaves,
    leafBytes: leaves.reduce((sum, leaf) => sum + leaf.length, 0),
    merkleRootMs,
    rawSha256Ms,
    root,
  };
}
