// Verifies a downloaded continuity report offline, with no server and no database (the CLI's `continuity` command
// runs this): the DSSE envelope against trusted keys, the statement naming this very document by its SHA-256, and
// the document's own consistency. Counts are recounted from the items, both evidence roots and the cross-reference
// root are recomputed from the items' digests with the documented leaf encoding, the verdict is derived again, and
// the audit consistency proof is verified (RFC 9162) between the two recorded audit roots. Never throws on bad input.
import { type Clock, systemClock } from "../../lib/clock";
import { verifyConsistency } from "../../lib/merkle";
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

export type ReportCheck = { name: string; ok: boolean; detail: string };

export type ReportVerification = {
  /** false when the document is not a continuity report at all (the CLI answers 2, not 1) */
  readable: boolean;
  ok: boolean;
  verdict: "CONTINUOUS" | "BROKEN" | null;
  documentSha256: string;
  checks: ReportCheck[];
  summary: string;
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

function signatureChecks(
  envelope: unknown,
  trustedKeys: readonly TrustedKey[],
  digest: string,
  document: ContinuityReportDocument,
  clock: Clock,
): ReportCheck[] {
  const verification = verifyEnvelope(envelope, trustedKeys, {
    purpose: "attestation",
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    clock,
  });
  const checks: ReportCheck[] = [{ name: "signature", ok: verification.ok, detail: verification.reason }];
  let statement: ReturnType<typeof parseStatement> = null;
  try {
    statement = verification.payloadType ? parseStatement(envelopePayload(envelope as never)) : null;
  } catch {
    statement = null;
  }
  if (!statement || statement.predicateType !== CONTINUITY_PREDICATE_TYPE) {
    checks.push({
      name: "statement",
      ok: false,
      detail: "the envelope does not carry a continuity report statement",
    });
    return checks;
  }
  const named = statement.subject.some((subject) => subject.digest.sha256 === digest);
  checks.push({
    name: "statement",
    ok: named,
    detail: named
      ? `the signed statement names this document (sha256:${digest})`
      : `the signed statement names sha256:${statement.subject[0]?.digest.sha256 ?? "?"}, not this document (sha256:${digest})`,
  });
  const predicate = statement.predicate as {
    verdict?: unknown;
    baseline?: { evidenceRoot?: unknown };
    target?: { evidenceRoot?: unknown };
  };
  const agrees =
    predicate.verdict === document.verdict &&
    predicate.baseline?.evidenceRoot === document.baseline.evidence.root &&
    predicate.target?.evidenceRoot === document.target.evidence.root;
  checks.push({
    name: "signed summary",
    ok: agrees,
    detail: agrees
      ? "the signed verdict and roots are the document's"
      : "the signed verdict or roots differ from the document's",
  });
  return checks;
}

function consistencyChecks(document: ContinuityReportDocument): ReportCheck[] {
  const checks: ReportCheck[] = [];
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
  checks.push({
    name: "counts",
    ok: mismatched.length === 0 && duplicates === 0,
    detail:
      duplicates > 0
        ? `${duplicates} evidence id(s) appear more than once`
        : mismatched.length === 0
          ? `the counts match the ${document.items.length} items`
          : mismatched
              .map((status) => `${status}: ${document.counts[status]} stated, ${tally[status]} items`)
              .join("; "),
  });
  const leaves = (side: "baseline" | "target") =>
    document.items.flatMap((item) => {
      const sha256 = item[side]?.sha256;
      return sha256 ? [{ evidenceId: item.evidenceId, sha256 }] : [];
    });
  for (const side of ["baseline", "target"] as const) {
    const recomputed = evidenceRoot(leaves(side));
    const stated = document[side].evidence;
    const ok = recomputed.root === stated.root && recomputed.leaves === stated.leaves;
    checks.push({
      name: `${side} root`,
      ok,
      detail: ok
        ? `${recomputed.leaves} leaves give the stated root ${stated.root}`
        : `the items give ${recomputed.root} over ${recomputed.leaves} leaves; the report states ${stated.root} over ${stated.leaves}`,
    });
  }
  const crossReference = document.crossReference;
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
  checks.push({
    name: "cross-reference",
    ok: rootsAgree && fromTarget === crossReference.oldRootFromTarget,
    detail: !rootsAgree
      ? "the cross-reference names other roots than the snapshots"
      : fromTarget !== crossReference.oldRootFromTarget
        ? `the old root recomputed from the target's digests is ${fromTarget}, the report states ${crossReference.oldRootFromTarget}`
        : fromTarget === crossReference.oldRoot
          ? "the target reproduces the old root exactly: every baseline digest is unchanged"
          : "the old root recomputed from the target's digests differs from the old root: some baseline digests changed",
  });
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
  checks.push({
    name: "audit consistency",
    ok: recordedHeads && check.ok === proof.verified,
    detail: !recordedHeads
      ? "the proof is between other audit tree heads than the snapshots'"
      : check.ok
        ? `the proof verifies: the audit log at ${proof.size2} events extends the one at ${proof.size1}`
        : `the proof does not verify (${check.reason})${proof.verified ? ", yet the report says it does" : ", as the report says"}`,
  });
  const added = document.items.filter(
    (item) => item.status === "ADDED" && item.target?.status === "MISSING",
  ).length;
  const derived = continuityVerdict({
    counts: document.counts,
    target: {
      changed: document.target.counts.changed,
      badSignature: document.target.counts.badSignature,
      addedMissing: added,
    },
    audit: { verified: check.ok, reason: check.ok ? "" : check.reason },
  });
  checks.push({
    name: "verdict",
    ok: derived.verdict === document.verdict,
    detail:
      derived.verdict === document.verdict
        ? `${document.verdict} follows from the items and the proof`
        : `the items and the proof say ${derived.verdict}, the report says ${document.verdict}`,
  });
  return checks;
}

export function verifyContinuityReport(input: {
  document: Uint8Array;
  envelope: unknown;
  trustedKeys: readonly TrustedKey[];
  clock?: Clock;
}): ReportVerification {
  const digest = sha256Hex(input.document);
  const parsed = parseDocument(input.document);
  if ("problem" in parsed) {
    return {
      readable: false,
      ok: false,
      verdict: null,
      documentSha256: digest,
      checks: [{ name: "document", ok: false, detail: parsed.problem }],
      summary: parsed.problem,
    };
  }
  const { document } = parsed;
  const checks = [
    ...signatureChecks(input.envelope, input.trustedKeys, digest, document, input.clock ?? systemClock),
    ...consistencyChecks(document),
  ];
  const failed = checks.filter((check) => !check.ok);
  return {
    readable: true,
    ok: failed.length === 0,
    verdict: document.verdict,
    documentSha256: digest,
    checks,
    summary:
      failed.length === 0
        ? `the report verifies: ${document.verdict} between “${document.baseline.label}” and “${document.target.label}”`
        : `the report does not verify: ${failed.map((check) => `${check.name}: ${check.detail}`).join("; ")}`,
  };
}
