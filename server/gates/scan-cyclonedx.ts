// CycloneDX 1.5+ `vulnerabilities` -> findings: one per affected component (affects[].ref resolved to the component
// by bom-ref), CVSS from the CVSS-method ratings, severity as stated or else from the score.
import { allComponents, type CycloneDxComponent, ZCycloneDxBom } from "./cyclonedx-shape";
import {
  decideSeverity,
  type Finding,
  normalizeSeverity,
  type ScanReport,
  SEVERITIES,
  type Severity,
} from "./findings";
import { type ParseResult, parsed, problemsFromZod, refused } from "./parse-result";
import { readScanTime } from "./scan-time";

type Rating = { score?: number; severity?: string; method?: string };

function cvssOf(ratings: readonly Rating[]): number | null {
  const scores = ratings
    .filter((rating) => rating.method === undefined || rating.method.startsWith("CVSS"))
    .flatMap((rating) => (rating.score === undefined ? [] : [rating.score]));
  return scores.length > 0 ? Math.max(...scores) : null;
}

function statedSeverity(ratings: readonly Rating[]): Severity {
  const stated = ratings.map((rating) => normalizeSeverity(rating.severity));
  return SEVERITIES.find((severity) => severity !== "unknown" && stated.includes(severity)) ?? "unknown";
}

export function parseCycloneDxScan(document: unknown): ParseResult<ScanReport> {
  const result = ZCycloneDxBom.safeParse(document);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error) };
  const bom = result.data;
  if (bom.specVersion === "1.4" && bom.vulnerabilities) {
    return refused("specVersion", "vulnerability reports must be CycloneDX 1.5 or later");
  }
  // a BOM without the list is an inventory, not a scan: counting it as "nothing found" would pass silently
  if (bom.vulnerabilities === undefined) {
    return refused(
      "vulnerabilities",
      "a CycloneDX scan report must list its vulnerabilities (empty when none were found)",
    );
  }
  const scannedAt = readScanTime(bom.metadata?.timestamp, "metadata.timestamp");
  if (!scannedAt.ok) return { ok: false, problems: [scannedAt.problem] };

  const byRef = new Map<string, CycloneDxComponent>();
  for (const component of allComponents(bom)) {
    if (component["bom-ref"]) byRef.set(component["bom-ref"], component);
  }
  const findings: Finding[] = [];
  for (const [index, vulnerability] of bom.vulnerabilities.entries()) {
    const ratings = vulnerability.ratings ?? [];
    const bad = ratings.findIndex(
      (rating) => rating.score !== undefined && !(rating.score >= 0 && rating.score <= 10),
    );
    if (bad >= 0)
      return refused(`vulnerabilities[${index}].ratings[${bad}].score`, "must be between 0 and 10");
    const cvss = cvssOf(ratings);
    const severity = decideSeverity(statedSeverity(ratings), cvss);
    // a vulnerability that names no component is about the product the BOM describes
    const refs = vulnerability.affects?.length
      ? vulnerability.affects.map((affected) => affected.ref)
      : [null];
    for (const ref of refs) {
      const component = ref === null ? bom.metadata?.component : byRef.get(ref);
      findings.push({
        id: vulnerability.id,
        severity,
        cvss,
        package: component?.name ?? ref ?? "(not stated)",
        version: component?.version ?? "",
        purl: component?.purl ?? null,
        source: "cyclonedx",
      });
    }
  }
  return parsed({ format: "cyclonedx", scannedAt: scannedAt.at, findings });
}
