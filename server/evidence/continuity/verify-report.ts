// Verifies a downloaded continuity report offline, with no server and no database (the CLI's `continuity` command
// runs this): the DSSE envelope against trusted keys, the statement naming this very document by its SHA-256, and
// the document's own consistency. Counts are recounted from the items, both evidence roots and the cross-reference
// root are recomputed from the items' digests with the documented leaf encoding, the audit consistency proof is
// verified (RFC 9162) between the two recorded audit roots, the signed audit checkpoints the report carries are
// verified against the audit-checkpoint keys and must state those very roots, and the verdict is derived again.
// Answers in the shape every offline verification uses (lib/verification-report.ts); never throws on bad input.

import { checkSignedCheckpoint } from "../../lib/check-checkpoint";
import { type Clock, systemClock } from "../../lib/clock";
import { verifyConsistency } from "../../lib/merkle";
import type { NoteVerifierKey } from "../../lib/signed-note";
import { ReportBuilder, type VerificationReport } from "../../lib/verification-report";
import { envelopePayload, type TrustedKey, verifyEnvelope } from "../../signing/dsse";
import { IN_TOTO_PAYLOAD_TYPE, parseStatement } from "../../signing/in-toto";
import { evidenceRoot } from "./evidence-tree";
import { continuityVerdict } from "./policy";
import {
  CONTINUITY_PREDICATE_TYPE,
  type ContinuityReportDocument,
  sha256Hex,
  ZContinuityReportDocument,
} from "./report-document";
import { CONTINUITY_STATUSES } from "./vocabulary";

export type ReportVerification = VerificationReport & {
  /** false when the file is not a continuity report at all (the CLI answers 2, not 1) */
  readable: boolean;
};

function parseDocument(bytes: Uint8Array): { document: ContinuityReportDocument } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (error) {
    return { problem: `the report is not JSON (${(error as Error).message})` };
  }
  const parsed = ZContinuityReportDocument.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      problem: `the file is not a continuity report (${issue?.path.join(".") || "document"}: ${issue?.message})`,
    };
  }
  return { document: parsed.data };
}

function checkSignature(
  report: ReportBuilder,
  input: { envelope: unknown; trustedKeys: readonly TrustedKey[]; clock: Clock },
  digest: string,
  document: ContinuityReportDocument,
): void {
  const verification = verifyEnvelope(input.envelope, input.trustedKeys, {
    purpose: "attestation",
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    clock: input.clock,
  });
  report.step("signature", verification.ok, verification.reason);
  let statement: ReturnType<typeof parseStatement> = null;
  try {
    statement = verification.payloadType ? parseStatement(envelopePayload(input.envelope as never)) : null;
  } catch {
    statement = null;
  }
  if (!statement || statement.predicateType !== CONTINUITY_PREDICATE_TYPE) {
    report.step("statement", false, "the envelope does not carry a continuity report statement");
    return;
  }
  const named = statement.subject.some((subject) => subject.digest.sha256 === digest);
  report.step(
    "statement",
    named,
    named
      ? `the signed statement names this document (sha256:${digest})`
      : `the signed statement names sha256:${statement.subject[0]?.digest.sha256 ?? "?"}, not this document (sha256:${digest})`,
  );
  const predicate = statement.predicate as {
    verdict?: unknown;
    baseline?: { evidenceRoot?: unknown };
    target?: { evidenceRoot?: unknown };
  };
  const agrees =
    predicate.verdict === document.verdict &&
    predicate.baseline?.evidenceRoot === document.baseline.evidence.root &&
    predicate.target?.evidenceRoot === document.target.evidence.root;
  report.step(
    "signed summary",
    agrees,
    agrees
      ? "the signed verdict and roots are the document's"
      : "the signed verdict or roots differ from the document's",
  );
}

function checkCounts(report: ReportBuilder, document: ContinuityReportDocument): void {
  const tally = Object.fromEntries(CONTINUITY_STATUSES.map((status) => [status, 0])) as Record<
    string,
    number
  >;
  const seen = new Set<string>();
  let duplicates = 0;
  for (const item of document.items) {
    tally[item.status] = (tally[item.status] ?? 0) + 1;
    if (seen.has(item.evidenceId)) duplicates += 1;
    seen.add(item.evidenceId);
  }
  const mismatched = CONTINUITY_STATUSES.filter((status) => tally[status] !== document.counts[status]);
  report.step(
    "counts",
    mismatched.length === 0 && duplicates === 0,
    duplicates > 0
      ? `${duplicates} evidence id(s) appear more than once`
      : mismatched.length === 0
        ? `the counts match the ${document.items.length} items`
        : mismatched
            .map((status) => `${status}: ${document.counts[status]} stated, ${tally[status]} items`)
            .join("; "),
  );
}

function checkRoots(report: ReportBuilder, document: ContinuityReportDocument): void {
  const leaves = (side: "baseline" | "target") =>
    document.items.flatMap((item) => {
      const sha256 = item[side]?.sha256;
      return sha256 ? [{ evidenceId: item.evidenceId, sha256 }] : [];
    });
  for (const side of ["baseline", "target"] as const) {
    const recomputed = evidenceRoot(leaves(side));
    const stated = document[side].evidence;
    const ok = recomputed.root === stated.root && recomputed.leaves === stated.leaves;
    report.step(
      `${side} root`,
      ok,
      ok
        ? `${recomputed.leaves} leaves give the stated root ${stated.root}`
        : `the items give ${recomputed.root} over ${recomputed.leaves} leaves; the report states ${stated.root} over ${stated.leaves}`,
    );
  }
  const { crossReference } = document;
  const rootsAgree =
    crossReference.oldRoot === document.baseline.evidence.root &&
    crossReference.newRoot === document.target.evidence.root;
  const fromTarget = evidenceRoot(
    document.items.flatMap((item) =>
      item.baseline?.sha256 && item.target?.sha256
        ? [{ evidenceId: item.evidenceId, sha256: item.target.sha256 }]
        : [],
    ),
  ).root;
  report.step(
    "cross-reference",
    rootsAgree && fromTarget === crossReference.oldRootFromTarget,
    !rootsAgree
      ? "the cross-reference names other roots than the snapshots"
      : fromTarget !== crossReference.oldRootFromTarget
        ? `the old root recomputed from the target's digests is ${fromTarget}, the report states ${crossReference.oldRootFromTarget}`
        : fromTarget === crossReference.oldRoot
          ? "the target reproduces the old root: every baseline digest is unchanged"
          : "the old root recomputed from the target's digests differs from the old root: some baseline digests changed",
  );
}

/** Verifies the proof; answers whether it verified (the verdict depends on it, whatever the report claims). */
function checkAuditProof(
  report: ReportBuilder,
  document: ContinuityReportDocument,
): { ok: boolean; reason: string } {
  const proof = document.audit.consistency;
  const recordedHeads =
    proof.size1 === document.baseline.audit.treeSize &&
    proof.size2 === document.target.audit.treeSize &&
    proof.root1 === document.baseline.audit.root &&
    proof.root2 === document.target.audit.root;
  const check = verifyConsistency({
    size1: proof.size1,
    size2: proof.size2,
    proof: proof.proof.map((hash) => Buffer.from(hash, "hex")),
    root1: Buffer.from(proof.root1, "hex"),
    root2: Buffer.from(proof.root2, "hex"),
  });
  report.step(
    "audit consistency",
    recordedHeads && check.ok === proof.verified,
    !recordedHeads
      ? "the proof is between other audit tree heads than the snapshots'"
      : check.ok
        ? `the proof verifies: the audit log at ${proof.size2} events extends the one at ${proof.size1}`
        : `the proof does not verify (${check.reason})${proof.verified ? ", yet the report says it does" : ", as the report says"}`,
  );
  return check.ok ? { ok: true, reason: "" } : { ok: false, reason: check.reason };
}

function checkCheckpoints(
  report: ReportBuilder,
  document: ContinuityReportDocument,
  noteKeys: readonly NoteVerifierKey[],
): void {
  for (const side of ["baseline", "target"] as const) {
    const signed = document.audit.checkpoints[side];
    const head = document[side].audit;
    if (!signed) {
      report.facts[`${side} checkpoint`] = "not signed (no audit-checkpoint key when the snapshot finished)";
      continue;
    }
    const checkpoint = checkSignedCheckpoint(report, `${side} checkpoint`, signed.signedNote, noteKeys, {});
    if (!checkpoint) continue;
    const same = checkpoint.treeSize === head.treeSize && checkpoint.rootHash.toString("hex") === head.root;
    report.step(
      `${side} audit head`,
      same,
      same
        ? `the signed checkpoint states the snapshot's audit head (${head.treeSize} events)`
        : `the signed checkpoint states ${checkpoint.treeSize} events with root ${checkpoint.rootHash.toString("hex")}, the snapshot ${head.treeSize} with ${head.root}`,
    );
  }
}

export function verifyContinuityReport(input: {
  document: Uint8Array;
  envelope: unknown;
  trustedKeys: readonly TrustedKey[];
  /** keys for the audit checkpoints the report carries (the audit-checkpoint keys) */
  noteKeys?: readonly NoteVerifierKey[];
  clock?: Clock;
}): ReportVerification {
  const report = new ReportBuilder("Continuity report");
  const digest = sha256Hex(input.document);
  report.facts["document sha256"] = digest;
  const parsed = parseDocument(input.document);
  if ("problem" in parsed) {
    report.step("document", false, parsed.problem);
    return { ...report.finish(""), readable: false };
  }
  const { document } = parsed;
  report.facts.baseline = `${document.baseline.label} (${document.baseline.finishedAt})`;
  report.facts.target = `${document.target.label} (${document.target.finishedAt})`;
  report.facts["report verdict"] = document.verdict;
  report.facts.counts = Object.entries(document.counts)
    .map(([status, count]) => `${count} ${status.toLowerCase()}`)
    .join(", ");
  checkSignature(report, { ...input, clock: input.clock ?? systemClock }, digest, document);
  checkCounts(report, document);
  checkRoots(report, document);
  const audit = checkAuditProof(report, document);
  checkCheckpoints(report, document, input.noteKeys ?? []);
  const added = document.items.filter((item) => item.status === "ADDED" && item.target?.status === "MISSING");
  const derived = continuityVerdict({
    counts: document.counts,
    target: {
      changed: document.target.counts.changed,
      badSignature: document.target.counts.badSignature,
      addedMissing: added.length,
    },
    audit: { verified: audit.ok, reason: audit.reason },
  });
  report.step(
    "verdict",
    derived.verdict === document.verdict,
    derived.verdict === document.verdict
      ? `${document.verdict} follows from the items and the proof`
      : `the items and the proof say ${derived.verdict}, the report says ${document.verdict}`,
  );
  return {
    ...report.finish(
      `the signed report holds: ${document.verdict} between “${document.baseline.label}” and “${document.target.label}”`,
    ),
    readable: true,
  };
}
