// The normalized vulnerability finding every scanner format is read into, and the severity words the gates use.

export const SEVERITIES = ["critical", "high", "medium", "low", "none", "unknown"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type FindingSource = "cyclonedx" | "trivy" | "grype";

export type Finding = {
  /** CVE-…, GHSA-…, or whatever id the scanner gave */
  id: string;
  severity: Severity;
  /** the highest CVSS base score the report gave, or null */
  cvss: number | null;
  package: string;
  version: string;
  purl: string | null;
  source: FindingSource;
};

export type ScanReport = {
  format: FindingSource;
  /** ISO time the report says the scan ran, or null when it does not say */
  scannedAt: string | null;
  findings: Finding[];
};

const severityRank: Record<Severity, number> = {
  critical: 5,
  high: 4,
  medium: 3,
  low: 2,
  none: 1,
  unknown: 0,
};

export function severityAtLeast(severity: Severity, floor: Severity): boolean {
  return severityRank[severity] >= severityRank[floor];
}

/** CVSS v3/v4 qualitative rating scale (FIRST): the same bands NVD prints. */
export function severityFromCvss(score: number): Severity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  if (score > 0) return "low";
  return "none";
}

/** Scanner words (Trivy's CRITICAL, Grype's Negligible, CycloneDX's info) -> ours; unrecognized -> unknown. */
export function normalizeSeverity(word: string | null | undefined): Severity {
  switch ((word ?? "").trim().toLowerCase()) {
    case "critical":
      return "critical";
    case "high":
      return "high";
    case "medium":
    case "moderate":
      return "medium";
    case "low":
    case "negligible":
    case "info":
      return "low";
    case "none":
      return "none";
    default:
      return "unknown";
  }
}

/** The stated severity wins; when the report gives none (or "unknown"), the CVSS score decides. */
export function decideSeverity(stated: Severity, cvss: number | null): Severity {
  if (stated !== "unknown") return stated;
  return cvss === null ? "unknown" : severityFromCvss(cvss);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Worst first, then by id, package and version: the order every list the gates print is in. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank[b.severity] - severityRank[a.severity] ||
    (b.cvss ?? -1) - (a.cvss ?? -1) ||
    compareText(a.id, b.id) ||
    compareText(a.package, b.package) ||
    compareText(a.version, b.version) ||
    compareText(a.purl ?? "", b.purl ?? "") ||
    compareText(a.source, b.source)
  );
}

/** One finding per (id, package, version): several reports of the same hole count once, at its worst. */
export function mergeFindings(lists: readonly Finding[][]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of lists.flat()) {
    const key = `${finding.id}\u0000${finding.package}\u0000${finding.version}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const merged = [...groups.values()].map((group) => {
    const [worst, ...rest] = [...group].sort(compareFindings) as [Finding, ...Finding[]];
    // keep a package URL when any report gave one (VEX statements match on it), the same one whatever the order
    const purls = [worst, ...rest].flatMap((finding) => (finding.purl ? [finding.purl] : [])).sort();
    return { ...worst, purl: worst.purl ?? purls[0] ?? null };
  });
  return merged.sort(compareFindings);
}
