// Grype JSON (`grype -o json`, its published document schema) -> findings: matches[] with the vulnerability's
// CVSS entries and the matched artifact (name, version, purl).
import { z } from "zod";
import { decideSeverity, type Finding, normalizeSeverity, type ScanReport } from "./findings";
import { type ParseResult, parsed, problemsFromZod } from "./parse-result";
import { readScanTime } from "./scan-time";

const ZGrypeMatch = z.looseObject({
  vulnerability: z.looseObject({
    id: z.string(),
    severity: z.string().optional(),
    cvss: z
      .array(
        z.looseObject({
          version: z.string(),
          metrics: z.looseObject({ baseScore: z.number().min(0).max(10) }),
        }),
      )
      .optional(),
  }),
  artifact: z.looseObject({ name: z.string(), version: z.string(), purl: z.string().optional() }),
});

export const ZGrypeReport = z.looseObject({
  matches: z.array(ZGrypeMatch),
  descriptor: z.looseObject({ name: z.string(), timestamp: z.string().optional() }),
});

export function parseGrypeScan(document: unknown): ParseResult<ScanReport> {
  const result = ZGrypeReport.safeParse(document);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error) };
  const scannedAt = readScanTime(result.data.descriptor.timestamp, "descriptor.timestamp");
  if (!scannedAt.ok) return { ok: false, problems: [scannedAt.problem] };
  const findings: Finding[] = result.data.matches.map(({ vulnerability, artifact }) => {
    const scores = (vulnerability.cvss ?? []).map((entry) => entry.metrics.baseScore);
    const cvss = scores.length > 0 ? Math.max(...scores) : null;
    return {
      id: vulnerability.id,
      severity: decideSeverity(normalizeSeverity(vulnerability.severity), cvss),
      cvss,
      package: artifact.name,
      version: artifact.version,
      purl: artifact.purl ? artifact.purl : null,
      source: "grype" as const,
    };
  });
  return parsed({ format: "grype", scannedAt: scannedAt.at, findings });
}
