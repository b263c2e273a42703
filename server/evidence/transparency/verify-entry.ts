// Checks a log entry's inclusion proof against a checkpoint: the checkpoint must be of the tree the proof is for
// (same size, and the root the file states, if it states one, must be the checkpoint's), then the audit path must
// lead from the entry's leaf to that root. Pure: the mirror (against its stored checkpoint) and the CLI (against a
// signed checkpoint file) share it.

import { checkSignedCheckpoint } from "../../lib/check-checkpoint";
import { verifyInclusion } from "../../lib/merkle";
import type { NoteVerifierKey } from "../../lib/signed-note";
import type { Checkpoint } from "../../lib/tlog-checkpoint";
import { ReportBuilder, type VerificationReport } from "../../lib/verification-report";
import type { LogEntryProof } from "./entry-formats";

export function checkEntryAgainst(
  report: ReportBuilder,
  entry: LogEntryProof,
  checkpoint: Pick<Checkpoint, "treeSize" | "rootHash">,
): boolean {
  const sameTree = entry.treeSize === checkpoint.treeSize;
  report.step(
    "tree",
    sameTree,
    sameTree
      ? `the proof is for the tree of ${entry.treeSize} the checkpoint signs`
      : `the proof is for a tree of ${entry.treeSize}, the checkpoint is of ${checkpoint.treeSize}`,
  );
  if (!sameTree) return false;
  if (entry.statedRoot && !entry.statedRoot.equals(checkpoint.rootHash)) {
    return report.step(
      "root",
      false,
      `the file states root ${entry.statedRoot.toString("hex")}, the checkpoint signs ${checkpoint.rootHash.toString("hex")}`,
    );
  }
  const result = verifyInclusion({
    leafIndex: entry.leafIndex,
    treeSize: entry.treeSize,
    leafHash: entry.leafHash,
    proof: entry.hashes,
    root: checkpoint.rootHash,
  });
  return report.step(
    "inclusion",
    result.ok,
    result.ok
      ? `${entry.hashes.length} hashes lead from leaf ${entry.leafIndex} (${entry.body ? "hash of the entry's body" : "the stated leaf hash"}) to the signed root`
      : result.reason,
  );
}

/** Offline: the entry, a signed checkpoint (the one given, else the one the file carries) and trusted keys. */
export function verifyEntryOffline(
  entry: LogEntryProof,
  options: { checkpoint?: string; keys: readonly NoteVerifierKey[]; origin?: string },
): VerificationReport {
  const report = new ReportBuilder("Log entry inclusion proof");
  report.facts.format = entry.format;
  report.facts["leaf index"] = entry.leafIndex;
  report.facts["log index"] = entry.logIndex;
  report.facts["leaf hash"] = entry.leafHash.toString("hex");
  report.facts.kind = entry.kind;
  const note = options.checkpoint ?? entry.checkpoint;
  if (!note) {
    report.step("checkpoint", false, "the file carries no checkpoint: give one (--checkpoint)");
    return report.finish("");
  }
  const checkpoint = checkSignedCheckpoint(report, "checkpoint signature", note, options.keys, {
    origin: options.origin,
  });
  if (!checkpoint) return report.finish("");
  report.facts.checkpoint = `${checkpoint.origin}, size ${checkpoint.treeSize}`;
  checkEntryAgainst(report, entry, checkpoint);
  return report.finish(
    `the entry is leaf ${entry.leafIndex} of the log signed at size ${checkpoint.treeSize}`,
  );
}
