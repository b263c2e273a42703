// The rules of continuity, as pure functions: how one piece of evidence fared between two snapshots, and when the
// whole comparison is CONTINUOUS. CONTINUOUS means: everything the baseline saw is still there with the same digest,
// everything in the target verifies (digest matches its record, signatures verify), and the audit log only grew
// (a consistency proof between the two audit tree heads verifies). Added evidence is fine: stores grow.
import type { ContinuityStatus, ItemStatus, Verdict } from "./vocabulary";

/** What one snapshot saw for one piece of evidence. */
export type Observation = { status: ItemStatus; actualSha256: string | null; reason: string };

export type Classification = { status: ContinuityStatus; reason: string };

const short = (sha256: string) => `${sha256.slice(0, 12)}…`;

export function classifyContinuity(baseline: Observation | null, target: Observation | null): Classification {
  if (!baseline && !target) throw new Error("classifyContinuity needs at least one observation");
  if (!baseline) {
    return {
      status: "ADDED",
      reason:
        target?.status === "OK" ? "New since the baseline" : `New since the baseline; ${target?.reason}`,
    };
  }
  if (!target) {
    return { status: "MISSING", reason: "The evidence record is not in the target snapshot" };
  }
  if (target.actualSha256 === null) {
    return { status: "MISSING", reason: `Unreadable in the target: ${target.reason}` };
  }
  if (baseline.actualSha256 === null) {
    return { status: "CHANGED", reason: "Missing in the baseline, readable in the target" };
  }
  if (baseline.actualSha256 !== target.actualSha256) {
    return {
      status: "CHANGED",
      reason: `Digest was ${short(baseline.actualSha256)}, is now ${short(target.actualSha256)}`,
    };
  }
  return {
    status: "UNCHANGED",
    reason: target.status === "OK" ? "Same digest" : `Same digest; in the target: ${target.reason}`,
  };
}

export type ContinuityCounts = Record<ContinuityStatus, number>;

export type VerdictInput = {
  counts: ContinuityCounts;
  /** the target snapshot's own findings; `addedMissing`: added evidence whose bytes the target could not read */
  target: { changed: number; badSignature: number; addedMissing: number };
  audit: { verified: boolean; reason: string };
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export function continuityVerdict(input: VerdictInput): { verdict: Verdict; reasons: string[] } {
  const reasons: string[] = [];
  const { counts, target, audit } = input;
  if (counts.CHANGED > 0) {
    reasons.push(
      `${plural(counts.CHANGED, "piece of evidence has", "pieces of evidence have")} a different digest than in the baseline`,
    );
  }
  if (counts.MISSING > 0) {
    reasons.push(
      `${plural(counts.MISSING, "piece of evidence from the baseline is", "pieces of evidence from the baseline are")} missing or unreadable in the target`,
    );
  }
  if (target.changed > 0) {
    reasons.push(
      `In the target, ${plural(target.changed, "blob does", "blobs do")} not hash to the digest on ${target.changed === 1 ? "its" : "their"} record`,
    );
  }
  if (target.badSignature > 0) {
    reasons.push(
      `In the target, ${plural(target.badSignature, "signature does", "signatures do")} not verify against the key registry`,
    );
  }
  if (target.addedMissing > 0) {
    reasons.push(
      `${plural(target.addedMissing, "piece of evidence added since the baseline has", "pieces of evidence added since the baseline have")} no readable bytes`,
    );
  }
  if (!audit.verified) reasons.push(`The audit log's consistency proof failed: ${audit.reason}`);
  return { verdict: reasons.length === 0 ? "CONTINUOUS" : "BROKEN", reasons };
}
