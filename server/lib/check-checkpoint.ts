// One step of every offline verification: a signed checkpoint checked against the trusted keys (and the expected
// origin), recorded in the report with who signed it and what it states.
import type { NoteVerifierKey } from "./signed-note";
import { type Checkpoint, verifyCheckpoint } from "./tlog-checkpoint";
import type { ReportBuilder } from "./verification-report";

export type OfflineOptions = { origin?: string };

/** Checks a signed checkpoint and records the step; returns the checkpoint when it verified. */
export function checkSignedCheckpoint(
  report: ReportBuilder,
  label: string,
  signedNote: string,
  keys: readonly NoteVerifierKey[],
  options: OfflineOptions,
): Checkpoint | null {
  const result = verifyCheckpoint(signedNote, keys, options);
  const signer = result.note.signatures.find((check) => check.status === "verified");
  if (!result.ok || !result.checkpoint) {
    report.step(label, false, result.reason);
    return null;
  }
  report.step(
    label,
    true,
    `signed by ${signer?.name ?? "a trusted key"} (${signer?.algorithm ?? "?"}, key hash ${signer?.keyHash ?? "?"}); ${result.checkpoint.origin}, size ${result.checkpoint.treeSize}${result.timestamp ? `, ${result.timestamp.toISOString()}` : ""}`,
  );
  return result.checkpoint;
}
