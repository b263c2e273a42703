// What a newly seen, validly signed checkpoint means for the mirror, given what it already holds for that log:
//   - nothing held yet                    -> keep it as the first (trusted on first use)
//   - a held checkpoint of the same size  -> same root: already held; other root: a split view (root mismatch)
//   - otherwise                           -> a consistency proof between it and the latest held one decides:
//                                            proven -> keep it (the newest becomes the latest); not proven ->
//                                            keep it as diverged and raise the alarm.
// A proof of the wrong length, or whose hashes are not 32 bytes, proves nothing either way: that is bad input, and
// the import is refused without an alarm. Pure.
import { verifyConsistency } from "../../lib/merkle";
import { consistencyProofLength } from "../../lib/merkle-verify";

export type HeldCheckpoint = { id: string; treeSize: number; rootHash: Buffer };
export type SeenCheckpoint = { treeSize: number; rootHash: Buffer };

export type CheckpointDecision =
  | { kind: "first" }
  | { kind: "duplicate"; held: HeldCheckpoint }
  | { kind: "root_mismatch"; held: HeldCheckpoint }
  | { kind: "needs_proof"; held: HeldCheckpoint; size1: number; size2: number };

export function decideCheckpoint(
  held: { sameSize: HeldCheckpoint | null; latest: HeldCheckpoint | null },
  seen: SeenCheckpoint,
): CheckpointDecision {
  if (held.sameSize) {
    return held.sameSize.rootHash.equals(seen.rootHash)
      ? { kind: "duplicate", held: held.sameSize }
      : { kind: "root_mismatch", held: held.sameSize };
  }
  if (!held.latest) return { kind: "first" };
  const { latest } = held;
  return {
    kind: "needs_proof",
    held: latest,
    size1: Math.min(latest.treeSize, seen.treeSize),
    size2: Math.max(latest.treeSize, seen.treeSize),
  };
}

export type ProofJudgement =
  | { kind: "consistent" }
  | { kind: "malformed"; reason: string }
  | { kind: "inconsistent"; reason: string };

export function judgeConsistency(
  decision: Extract<CheckpointDecision, { kind: "needs_proof" }>,
  seen: SeenCheckpoint,
  proof: readonly Buffer[],
): ProofJudgement {
  const { size1, size2, held } = decision;
  const expected = consistencyProofLength(size1, size2);
  if (proof.length !== expected) {
    return {
      kind: "malformed",
      reason: `a consistency proof from size ${size1} to ${size2} has ${expected} hashes; this one has ${proof.length}`,
    };
  }
  const [root1, root2] =
    seen.treeSize < held.treeSize ? [seen.rootHash, held.rootHash] : [held.rootHash, seen.rootHash];
  const result = verifyConsistency({ size1, size2, proof, root1, root2 });
  return result.ok ? { kind: "consistent" } : { kind: "inconsistent", reason: result.reason };
}

export function divergenceDetail(
  kind: "root_mismatch" | "inconsistent",
  held: SeenCheckpoint,
  seen: SeenCheckpoint,
  reason?: string,
): string {
  const hex = (hash: Buffer) => hash.toString("hex");
  return kind === "root_mismatch"
    ? `Two checkpoints of size ${seen.treeSize}, both validly signed, state different roots (${hex(held.rootHash)} held, ${hex(seen.rootHash)} new): the log showed two different histories.`
    : `The checkpoint of size ${seen.treeSize} (root ${hex(seen.rootHash)}) could not be proven consistent with the held checkpoint of size ${held.treeSize} (root ${hex(held.rootHash)}): ${reason ?? "the consistency proof fails"}.`;
}
