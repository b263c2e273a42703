// Vulnerability gate: over the findings that still count after VEX, the highest CVSS, the worst severity, the
// count per severity and the unknown-severity budget. Reasons list the offending ids, worst first.
import type { z } from "zod";
import type { EvaluationContext } from "../evaluation-context";
import { SEVERITIES, type Severity, severityAtLeast } from "../findings";
import type { ZVulnerabilityGate } from "../policy-pack";
import type { VexedFinding } from "../vex-apply";
import { fail, type GateCheck, listed, pass } from "./gate-check";

const score = (cvss: number) => cvss.toFixed(1);

/** Each id once; an id found in several packages is named with each package, so the count adds up. */
function ids(findings: readonly VexedFinding[]): string[] {
  const packagesOf = new Map<string, Set<string>>();
  for (const finding of findings)
    packagesOf.set(finding.id, (packagesOf.get(finding.id) ?? new Set()).add(finding.package));
  return [
    ...new Set(
      findings.map((finding) =>
        (packagesOf.get(finding.id)?.size ?? 0) > 1 ? `${finding.id} (${finding.package})` : finding.id,
      ),
    ),
  ];
}

function vexNote(finding: VexedFinding): string {
  const vex = finding.vex;
  if (!vex) return finding.id;
  const why = vex.justification ?? vex.impactStatement;
  const signer = vex.signedBy ? `, signed by ${vex.signedBy}` : "";
  return `${finding.id} ${vex.status}${why ? ` (${why})` : ""}${signer}`;
}

/** Findings VEX took out of the count, one line per id: what the pass reason and the summary mention. */
export function removedByVex(findings: readonly VexedFinding[]): string[] {
  return [...new Set(findings.filter((finding) => !finding.counted).map(vexNote))];
}

export function checkVulnerabilities(
  gate: z.infer<typeof ZVulnerabilityGate>,
  context: EvaluationContext,
): GateCheck {
  const { scan } = context;
  if (scan.reports === 0) {
    return gate.requireReport
      ? fail("no scan report attached to the release")
      : pass("no scan report to count");
  }
  if (scan.invalid.length > 0)
    return fail(...scan.invalid.map((problem) => `a scan report does not parse: ${problem}`));
  const counted = context.findings.filter((finding) => finding.counted);
  const reasons: string[] = [];

  if (gate.maxCvss !== undefined) {
    const limit = gate.maxCvss;
    const over = counted.filter((finding) => finding.cvss !== null && finding.cvss > limit);
    const named = [...new Set(over.map((finding) => `${finding.id} (CVSS ${score(finding.cvss ?? 0)})`))];
    if (named.length > 0) {
      reasons.push(
        `${listed(named)} ${named.length === 1 ? "exceeds" : "exceed"} threshold (max CVSS ${score(limit)})`,
      );
    }
  }
  if (gate.maxSeverity !== undefined) {
    const ceiling = gate.maxSeverity;
    const over = counted.filter(
      (f) => f.severity !== "unknown" && f.severity !== ceiling && severityAtLeast(f.severity, ceiling),
    );
    if (over.length > 0) {
      const named = [...new Set(over.map((finding) => `${finding.id} (${finding.severity})`))];
      reasons.push(`${countWords(over.length, null)} above ${ceiling}: ${listed(named)}`);
    }
  }
  for (const severity of SEVERITIES) {
    const limit = gate.maxCount[severity];
    const these = counted.filter((finding) => finding.severity === severity);
    if (limit !== undefined && these.length > limit) {
      reasons.push(`${countWords(these.length, severity)}, threshold ${limit}: ${listed(ids(these))}`);
    }
  }
  if (gate.unknownBudget !== undefined) {
    const unknown = counted.filter((finding) => finding.severity === "unknown");
    if (unknown.length > gate.unknownBudget) {
      reasons.push(
        `${countWords(unknown.length, "unknown")}, budget ${gate.unknownBudget}: ${listed(ids(unknown))}`,
      );
    }
  }
  if (reasons.length > 0) return fail(...reasons);
  const removed = removedByVex(context.findings);
  const within = `${countWords(counted.length, null)} counted, all within thresholds`;
  return removed.length > 0 ? pass(within, `removed by VEX: ${listed(removed)}`) : pass(within);
}

function countWords(count: number, severity: Severity | null): string {
  const noun = count === 1 ? "vulnerability" : "vulnerabilities";
  if (severity === null) return `${count} ${noun}`;
  if (severity === "unknown") return `${count} ${noun} of unknown severity`;
  return `${count} ${severity} ${noun}`;
}
