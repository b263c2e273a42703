// Transparency-log checkpoints (c2sp.org/tlog-checkpoint): a signed note whose text is exactly
//   <origin>\n<tree size, decimal, no leading zeros>\n<base64 RFC 6962 root hash>\n[extension lines\n]
// Rekor adds "Timestamp: <unix nanoseconds>" as an extension line; our audit log does the same so the time a
// checkpoint was made is covered by its signature.
//
// Pure: used by the server, the transparency mirror and the offline CLI alike. Never throws on bad input.
import { MERKLE_HASH_BYTES } from "./merkle-verify";
import {
  decodeStrictBase64,
  type NoteVerification,
  type NoteVerifierKey,
  verifySignedNote,
} from "./signed-note";

export type Checkpoint = {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  extensions: string[];
};

export type CheckpointParse = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: string };

const TIMESTAMP_LINE = /^Timestamp: (0|[1-9][0-9]{0,19})$/;

export function formatCheckpointText(checkpoint: Checkpoint): string {
  const lines = [
    checkpoint.origin,
    String(checkpoint.treeSize),
    checkpoint.rootHash.toString("base64"),
    ...checkpoint.extensions,
  ];
  for (const line of lines) {
    if (line.length === 0 || line.includes("\n"))
      throw new Error("checkpoint lines must be non-empty single lines");
  }
  return `${lines.join("\n")}\n`;
}

/** The "Timestamp: <ns>" extension line (Rekor's convention), at millisecond precision. */
export function timestampLine(at: Date): string {
  return `Timestamp: ${BigInt(at.getTime()) * 1_000_000n}`;
}

/** The time an extension line states, if one does. */
export function checkpointTimestamp(checkpoint: Pick<Checkpoint, "extensions">): Date | null {
  for (const line of checkpoint.extensions) {
    const match = TIMESTAMP_LINE.exec(line);
    if (match?.[1]) {
      const ms = BigInt(match[1]) / 1_000_000n;
      if (ms <= BigInt(8.64e15)) return new Date(Number(ms));
    }
  }
  return null;
}

export function parseCheckpointText(text: string): CheckpointParse {
  if (!text.endsWith("\n")) return fail("the checkpoint text must end with a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines.length < 3) return fail("a checkpoint has at least three lines: origin, tree size, root hash");
  const [origin = "", sizeText = "", rootText = "", ...extensions] = lines;
  if (origin.length === 0) return fail("the origin line is empty");
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) {
    return fail(`the tree size "${sizeText.slice(0, 40)}" is not a decimal number without leading zeros`);
  }
  const treeSize = Number(sizeText);
  if (!Number.isSafeInteger(treeSize)) return fail(`the tree size ${sizeText} is too large`);
  const rootHash = decodeStrictBase64(rootText);
  if (!rootHash) return fail("the root hash is not standard base64");
  if (rootHash.length !== MERKLE_HASH_BYTES) {
    return fail(`the root hash must be ${MERKLE_HASH_BYTES} bytes, got ${rootHash.length}`);
  }
  if (extensions.some((line) => line.length === 0)) return fail("extension lines must not be empty");
  return { ok: true, checkpoint: { origin, treeSize, rootHash, extensions } };
}

export type CheckpointVerification = {
  ok: boolean;
  reason: string;
  checkpoint: Checkpoint | null;
  /** the time its Timestamp extension states, if any */
  timestamp: Date | null;
  note: NoteVerification;
};

/**
 * A checkpoint is trusted only once its note verifies with a trusted key; then its text must be a well-formed
 * checkpoint, and its origin the expected one (when the caller knows which log it expects).
 */
export function verifyCheckpoint(
  signedNote: string | Uint8Array,
  trustedKeys: readonly NoteVerifierKey[],
  options: { origin?: string } = {},
): CheckpointVerification {
  const note = verifySignedNote(signedNote, trustedKeys);
  const none = { checkpoint: null, timestamp: null, note };
  if (!note.ok || note.text === null) return { ok: false, reason: note.reason, ...none };
  const parsed = parseCheckpointText(note.text);
  if (!parsed.ok) return { ok: false, reason: `not a checkpoint: ${parsed.reason}`, ...none };
  const { checkpoint } = parsed;
  const timestamp = checkpointTimestamp(checkpoint);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    return {
      ok: false,
      reason: `the checkpoint is for "${checkpoint.origin}", not "${options.origin}"`,
      checkpoint,
      timestamp,
      note,
    };
  }
  return { ok: true, reason: note.reason, checkpoint, timestamp, note };
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
