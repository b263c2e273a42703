// Everything the gates look at, worked out once per evaluation from the raw inputs: the SBOM summary, the scan
// reports' findings merged and classified by the VEX exceptions, and the CEL input document. Order-independent:
// every list is sorted here, so shuffled inputs give the same context.

import { type Finding, mergeFindings } from "./findings";
import type { GateInputs } from "./gate-inputs";
import { parseOpenVex } from "./openvex";
import { type DocumentProblem, describeProblems } from "./parse-result";
import { parseSbom, type SbomSummary } from "./sbom";
import { parseScanReport } from "./scan-report";
import { applyVex, type IgnoredVex, type VexException, type VexedFinding } from "./vex-apply";

export type SbomState =
  | { state: "missing" }
  | { state: "invalid"; problems: DocumentProblem[] }
  | { state: "ok"; summary: SbomSummary; missingDigests: string[] };

export type ScanState = {
  reports: number;
  /** "scan report 2: Results[0].Vulnerabilities[1].PkgName: must be a string", sorted */
  invalid: string[];
  /** newest time any valid report says it ran (ISO), or null */
  newestScanAt: string | null;
};

export type EvaluationContext = {
  environment: string;
  now: Date;
  inputs: GateInputs;
  sbom: SbomState;
  scan: ScanState;
  /** worst first */
  findings: VexedFinding[];
  ignoredVex: IgnoredVex[];
};

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function readSbom(inputs: GateInputs): SbomState {
  if (inputs.sbom === null || inputs.sbom === undefined) return { state: "missing" };
  const result = parseSbom(inputs.sbom);
  if (!result.ok) return { state: "invalid", problems: result.problems };
  const covered = new Set(result.value.digests);
  const missingDigests = [...new Set(inputs.artifacts.map((a) => a.digest))]
    .filter((d) => !covered.has(d))
    .sort();
  return { state: "ok", summary: result.value, missingDigests };
}

function readScans(inputs: GateInputs): { scan: ScanState; findings: Finding[][] } {
  const invalid: string[] = [];
  const findings: Finding[][] = [];
  let newestScanAt: string | null = null;
  for (const report of inputs.scanReports) {
    const result = parseScanReport(report);
    if (!result.ok) {
      invalid.push(describeProblems(result.problems));
      continue;
    }
    findings.push(result.value.findings);
    const at = result.value.scannedAt;
    if (at !== null && (newestScanAt === null || at > newestScanAt)) newestScanAt = at;
  }
  return {
    scan: { reports: inputs.scanReports.length, invalid: invalid.sort(byText), newestScanAt },
    findings,
  };
}

function readVex(inputs: GateInputs): { exceptions: VexException[]; ignored: IgnoredVex[] } {
  const exceptions: VexException[] = [];
  const ignored: IgnoredVex[] = [];
  for (const entry of inputs.vex) {
    const result = parseOpenVex(entry.document);
    if (!result.ok) {
      ignored.push({
        documentId: "(invalid)",
        reason: `not a valid OpenVEX document: ${describeProblems(result.problems)}`,
      });
      continue;
    }
    exceptions.push({
      document: result.value,
      scope: entry.scope,
      expiresAt: entry.expiresAt,
      signedBy: entry.signedBy,
    });
  }
  return { exceptions, ignored };
}

export function buildContext(options: {
  environment: string;
  now: Date;
  inputs: GateInputs;
}): EvaluationContext {
  const { inputs, now } = options;
  const { scan, findings } = readScans(inputs);
  const vex = readVex(inputs);
  const applied = applyVex({
    findings: mergeFindings(findings),
    exceptions: vex.exceptions,
    release: {
      releaseId: inputs.release.id,
      product: inputs.release.product,
      version: inputs.release.version,
      digests: inputs.artifacts.map((artifact) => artifact.digest),
      purls: inputs.release.purls,
    },
    now,
  });
  const ignoredVex = [...vex.ignored, ...applied.ignored].sort(
    (a, b) => byText(a.documentId, b.documentId) || byText(a.reason, b.reason),
  );
  return {
    environment: options.environment,
    now,
    inputs,
    sbom: readSbom(inputs),
    scan,
    findings: applied.findings,
    ignoredVex,
  };
}
