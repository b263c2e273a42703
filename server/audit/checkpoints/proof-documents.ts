// The files an auditor takes away: an inclusion proof of one audit event, and a consistency proof between two
// checkpoints. Each carries the signed checkpoint(s) it is about, so it verifies with nothing but the
// audit-checkpoint public key (the CLI: `checkpoint`, `inclusion`, `consistency`). Pure: no database, no server.
//
// Inclusion: the event's canonical JSON -> SHA-256 = the event hash -> RFC 6962 leaf SHA-256(0x00 || hash) ->
// the audit path (hex, bottom up) -> the root the signed checkpoint states.
import { createHash } from "node:crypto";
import { z } from "zod";
import { checkSignedCheckpoint, type OfflineOptions } from "../../lib/check-checkpoint";
import { decodeHash32 } from "../../lib/hash-text";
import { leafHash, verifyConsistency, verifyInclusion } from "../../lib/merkle";
import type { NoteVerifierKey } from "../../lib/signed-note";
import { ReportBuilder, type VerificationReport } from "../../lib/verification-report";
import type { ConsistencyProofView, InclusionProofView } from "./schemas";

export const INCLUSION_PROOF_MEDIA_TYPE = "application/vnd.portal.audit-inclusion-proof+json;version=1";
export const CONSISTENCY_PROOF_MEDIA_TYPE = "application/vnd.portal.audit-consistency-proof+json;version=1";

const ZHashText = z
  .string()
  .refine((text) => decodeHash32(text) !== null, "must be a 32-byte hash in hex or base64");
const ZSize = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const ZInclusionProofDocument = z.object({
  mediaType: z.literal(INCLUSION_PROOF_MEDIA_TYPE),
  seq: ZSize,
  leafIndex: ZSize,
  treeSize: ZSize,
  eventHash: ZHashText,
  /** the RFC 8785 canonical JSON of the event: exactly the bytes its hash covers */
  canonicalEvent: z.string(),
  hashes: z.array(ZHashText),
  /** the signed checkpoint (c2sp.org/tlog-checkpoint) */
  checkpoint: z.string(),
});
export type InclusionProofDocument = z.infer<typeof ZInclusionProofDocument>;

export const ZConsistencyProofDocument = z.object({
  mediaType: z.literal(CONSISTENCY_PROOF_MEDIA_TYPE),
  size1: ZSize,
  size2: ZSize,
  hashes: z.array(ZHashText),
  checkpoint1: z.string(),
  checkpoint2: z.string(),
});
export type ConsistencyProofDocument = z.infer<typeof ZConsistencyProofDocument>;

export function inclusionProofDocument(view: InclusionProofView): InclusionProofDocument {
  return {
    mediaType: INCLUSION_PROOF_MEDIA_TYPE,
    seq: view.seq,
    leafIndex: view.leafIndex,
    treeSize: view.treeSize,
    eventHash: view.eventHash,
    canonicalEvent: view.canonicalEvent,
    hashes: view.hashes,
    checkpoint: view.checkpoint.signedNote,
  };
}

export function consistencyProofDocument(view: ConsistencyProofView): ConsistencyProofDocument {
  return {
    mediaType: CONSISTENCY_PROOF_MEDIA_TYPE,
    size1: view.checkpoint1.treeSize,
    size2: view.checkpoint2.treeSize,
    hashes: view.hashes,
    checkpoint1: view.checkpoint1.signedNote,
    checkpoint2: view.checkpoint2.signedNote,
  };
}

function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "document"}: ${issue.message}` : "invalid document";
}

export function verifyInclusionDocument(
  input: unknown,
  keys: readonly NoteVerifierKey[],
  options: OfflineOptions = {},
): VerificationReport {
  const report = new ReportBuilder("Audit inclusion proof");
  const parsed = ZInclusionProofDocument.safeParse(input);
  if (!parsed.success) {
    report.step("document", false, `not an audit inclusion proof: ${zodProblem(parsed.error)}`);
    return report.finish("");
  }
  const doc = parsed.data;
  report.facts.event = `#${doc.seq}`;
  report.facts["event hash"] = doc.eventHash.toLowerCase();
  const checkpoint = checkSignedCheckpoint(report, "checkpoint signature", doc.checkpoint, keys, options);
  if (!checkpoint) return report.finish("");
  report.facts.checkpoint = `${checkpoint.origin}, size ${checkpoint.treeSize}`;
  report.facts.root = checkpoint.rootHash.toString("hex");

  const computed = createHash("sha256").update(doc.canonicalEvent, "utf8").digest();
  const stated = decodeHash32(doc.eventHash) as Buffer;
  report.step(
    "event hash",
    computed.equals(stated),
    computed.equals(stated)
      ? `SHA-256 of the canonical event is ${computed.toString("hex")}`
      : `SHA-256 of the canonical event is ${computed.toString("hex")}, the proof states ${stated.toString("hex")}: the event was changed`,
  );
  report.step(
    "position",
    doc.leafIndex === doc.seq - 1 && doc.treeSize === checkpoint.treeSize,
    doc.treeSize !== checkpoint.treeSize
      ? `the proof is for a tree of ${doc.treeSize}, the checkpoint is of ${checkpoint.treeSize}`
      : doc.leafIndex !== doc.seq - 1
        ? `event #${doc.seq} is leaf ${doc.seq - 1}, the proof says leaf ${doc.leafIndex}`
        : `event #${doc.seq} is leaf ${doc.leafIndex} of ${doc.treeSize}`,
  );
  if (report.failed) return report.finish("");
  const result = verifyInclusion({
    leafIndex: doc.leafIndex,
    treeSize: checkpoint.treeSize,
    leafHash: leafHash(computed),
    proof: doc.hashes.map((hash) => decodeHash32(hash) as Buffer),
    root: checkpoint.rootHash,
  });
  report.step(
    "inclusion",
    result.ok,
    result.ok ? `${doc.hashes.length} hashes lead from the event's leaf to the signed root` : result.reason,
  );
  return report.finish(`event #${doc.seq} is in the audit log signed at size ${checkpoint.treeSize}`);
}

export function verifyConsistencyDocument(
  input: unknown,
  keys: readonly NoteVerifierKey[],
  options: OfflineOptions = {},
): VerificationReport {
  const report = new ReportBuilder("Audit consistency proof");
  const parsed = ZConsistencyProofDocument.safeParse(input);
  if (!parsed.success) {
    report.step("document", false, `not an audit consistency proof: ${zodProblem(parsed.error)}`);
    return report.finish("");
  }
  const doc = parsed.data;
  return verifyCheckpointConsistency(report, {
    checkpoint1: doc.checkpoint1,
    checkpoint2: doc.checkpoint2,
    hashes: doc.hashes.map((hash) => decodeHash32(hash) as Buffer),
    sizes: { size1: doc.size1, size2: doc.size2 },
    keys,
    options,
  });
}

/** Two signed checkpoints and the proof between them (also used for Rekor's consistency proofs). */
export function verifyCheckpointConsistency(
  report: ReportBuilder,
  input: {
    checkpoint1: string;
    checkpoint2: string;
    hashes: Buffer[];
    /** the sizes the proof says it is for, when it says */
    sizes?: { size1: number; size2: number };
    keys: readonly NoteVerifierKey[];
    options: OfflineOptions;
  },
): VerificationReport {
  const first = checkSignedCheckpoint(
    report,
    "first checkpoint",
    input.checkpoint1,
    input.keys,
    input.options,
  );
  const second = checkSignedCheckpoint(
    report,
    "second checkpoint",
    input.checkpoint2,
    input.keys,
    input.options,
  );
  if (!first || !second) return report.finish("");
  report.facts["first root"] = first.rootHash.toString("hex");
  report.facts["second root"] = second.rootHash.toString("hex");
  report.step(
    "same log",
    first.origin === second.origin,
    first.origin === second.origin
      ? first.origin
      : `"${first.origin}" and "${second.origin}" are different logs`,
  );
  if (input.sizes) {
    const matches = input.sizes.size1 === first.treeSize && input.sizes.size2 === second.treeSize;
    report.step(
      "sizes",
      matches,
      matches
        ? `${first.treeSize} -> ${second.treeSize}`
        : `the proof is for ${input.sizes.size1} -> ${input.sizes.size2}, the checkpoints are ${first.treeSize} and ${second.treeSize}`,
    );
  }
  if (report.failed) return report.finish("");
  const result = verifyConsistency({
    size1: first.treeSize,
    size2: second.treeSize,
    proof: input.hashes,
    root1: first.rootHash,
    root2: second.rootHash,
  });
  report.step(
    "consistency",
    result.ok,
    result.ok
      ? `${input.hashes.length} hashes prove the first ${first.treeSize} entries unchanged in the tree of ${second.treeSize}`
      : result.reason,
  );
  return report.finish(
    `the log of size ${second.treeSize} extends the log of size ${first.treeSize}: nothing was removed or rewritten`,
  );
}
