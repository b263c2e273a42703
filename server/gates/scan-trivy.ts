// Trivy JSON (`trivy image --format json`, SchemaVersion 2) -> findings. Trivy publishes no JSON schema; the shape
// read here is the one its report writer produces: Results[].Vulnerabilities[] with a CVSS map per vendor.
import { z } from "zod";
import { decideSeverity, type Finding, normalizeSeverity, type ScanReport } from "./findings";
import { type ParseResult, parsed, problemsFromZod } from "./parse-result";
import { readScanTime } from "./scan-time";

const ZScore = z.number().min(0).max(10).optional();

const ZTrivyVulnerability = z.looseObject({
  VulnerabilityID: z.string(),
  PkgName: z.string(),
  PkgIdentifier: z.looseObject({ PURL: z.string().optional() }).optional(),
  InstalledVersion: z.string(),
  Severity: z.string().optional(),
  CVSS: z
    .record(z.string(), z.looseObject({ V2Score: ZScore, V3Score: ZScore, V40Score: ZScore }))
    .optional(),
});

export const ZTrivyReport = z.looseObject({
  SchemaVersion: z.number(),
  CreatedAt: z.string().optional(),
  Results: z
    .array(z.looseObject({ Target: z.string(), Vulnerabilities: z.array(ZTrivyVulnerability).nullish() }))
    .optional(),
});

type TrivyVulnerability = z.infer<typeof ZTrivyVulnerability>;

/** The highest v4/v3 score any vendor gives; v2 only when no vendor gives a newer one. */
function cvssOf(vulnerability: TrivyVulnerability): number | null {
  const vendors = Object.values(vulnerability.CVSS ?? {});
  const modern = vendors.flatMap((v) => [v.V40Score, v.V3Score]).filter((s): s is number => s !== undefined);
  const scores =
    modern.length > 0 ? modern : vendors.flatMap((v) => (v.V2Score === undefined ? [] : [v.V2Score]));
  return scores.length > 0 ? Math.max(...scores) : null;
}

export function parseTrivyScan(document: unknown): ParseResult<ScanReport> {
  const result = ZTrivyReport.safeParse(document);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error) };
  const scannedAt = readScanTime(result.data.CreatedAt, "CreatedAt");
  if (!scannedAt.ok) return { ok: false, problems: [scannedAt.problem] };
  const findings: Finding[] = (result.data.Results ?? []).flatMap((target) =>
    (target.Vulnerabilities ?? []).map((vulnerability) => {
      const cvss = cvssOf(vulnerability);
      return {
        id: vulnerability.VulnerabilityID,
        severity: decideSeverity(normalizeSeverity(vulnerability.Severity), cvss),
        cvss,
        package: vulnerability.PkgName,
        version: vulnerability.InstalledVersion,
        purl: vulnerability.PkgIdentifier?.PURL ?? null,
        source: "trivy" as const,
      };
    }),
  );
  return parsed({ format: "trivy", scannedAt: scannedAt.at, findings });
}
