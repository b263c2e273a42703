import { describe, expect, it } from "vitest";
import { fixture, fixtureText } from "./fixture-files";
import { describeProblem } from "./parse-result";
import { parseScanReport } from "./scan-report";

function findingsOf(input: unknown) {
  const result = parseScanReport(input);
  if (!result.ok) throw new Error(result.problems.map(describeProblem).join("\n"));
  return result.value;
}

describe("parseScanReport", () => {
  it("reads CycloneDX vulnerabilities: CVSS from ratings, the affected component by bom-ref, the scan time", () => {
    const report = findingsOf(fixtureText("demo-app-1.0.0.cdx.json"));
    expect(report.format).toBe("cyclonedx");
    expect(report.scannedAt).toBe("2026-11-30T09:15:00.000Z");
    expect(report.findings).toEqual([
      {
        id: "CVE-2024-12345",
        severity: "critical",
        cvss: 9.8,
        package: "xml-sax-parser",
        version: "2.1.0",
        purl: "pkg:npm/xml-sax-parser@2.1.0",
        source: "cyclonedx",
      },
      {
        id: "CVE-2024-23456",
        severity: "medium",
        cvss: 5.3,
        package: "semver-lite",
        version: "3.0.1",
        purl: "pkg:npm/semver-lite@3.0.1",
        source: "cyclonedx",
      },
      // a rating by another method carries no CVSS score; its stated severity stands
      {
        id: "GHSA-2x7q-9c4m-v5wh",
        severity: "low",
        cvss: null,
        package: "yaml-mini",
        version: "1.8.2",
        purl: "pkg:npm/yaml-mini@1.8.2",
        source: "cyclonedx",
      },
    ]);
  });

  it("reads Trivy: every result target, the best CVSS v3 score, UNKNOWN kept unknown", () => {
    const report = findingsOf(fixture("trivy-demo-app-1.0.0.json"));
    expect(report.format).toBe("trivy");
    expect(report.scannedAt).toBe("2026-11-30T09:20:11.482Z");
    expect(report.findings.map((f) => [f.id, f.severity, f.cvss, f.package])).toEqual([
      ["CVE-2024-2511", "low", null, "libssl3"],
      ["CVE-2024-99001", "unknown", null, "libexample1"],
      ["CVE-2024-12345", "critical", 9.8, "xml-sax-parser"],
      ["CVE-2024-23456", "medium", 5.3, "semver-lite"],
    ]);
  });

  it("reads Grype: matches with their CVSS and artifact purl, descriptor.timestamp", () => {
    const report = findingsOf(fixture("grype-demo-app-1.0.0.json"));
    expect(report.format).toBe("grype");
    expect(report.scannedAt).toBe("2026-11-30T09:21:47.120Z");
    expect(report.findings[0]).toEqual({
      id: "GHSA-7h3m-4q9x-c2vr",
      severity: "critical",
      cvss: 9.8,
      package: "xml-sax-parser",
      version: "2.1.0",
      purl: "pkg:npm/xml-sax-parser@2.1.0",
      source: "grype",
    });
  });

  it("derives the severity from CVSS when the report gives none", () => {
    const report = findingsOf({
      SchemaVersion: 2,
      Results: [
        {
          Target: "x",
          Vulnerabilities: [
            {
              VulnerabilityID: "CVE-1",
              PkgName: "p",
              InstalledVersion: "1",
              CVSS: { nvd: { V3Score: 7.5 } },
            },
          ],
        },
      ],
    });
    expect(report.findings[0]).toMatchObject({ severity: "high", cvss: 7.5 });
    expect(report.scannedAt).toBeNull();
  });

  it("names the path of a bad CVSS score in a CycloneDX report", () => {
    const bom = fixture("demo-app-1.0.0.cdx.json") as {
      vulnerabilities: { ratings: { score: unknown }[] }[];
    };
    const rating = bom.vulnerabilities[1]?.ratings[0];
    if (rating) rating.score = "high";
    const result = parseScanReport(bom);
    expect(result.ok ? [] : result.problems.map(describeProblem)).toEqual([
      "vulnerabilities[1].ratings[0].score: must be a number",
    ]);
    if (rating) rating.score = 12;
    const tooHigh = parseScanReport(bom);
    expect(tooHigh.ok ? [] : tooHigh.problems.map(describeProblem)).toEqual([
      "vulnerabilities[1].ratings[0].score: must be between 0 and 10",
    ]);
  });

  it("names the path in Trivy and Grype reports and refuses bad scan times", () => {
    const trivy = fixture("trivy-demo-app-1.0.0.json") as {
      Results: { Vulnerabilities: Record<string, unknown>[] }[];
    };
    delete trivy.Results[1]?.Vulnerabilities[0]?.PkgName;
    const t = parseScanReport(trivy);
    expect(t.ok ? [] : t.problems.map(describeProblem)).toEqual([
      "Results[1].Vulnerabilities[0].PkgName: must be a string",
    ]);

    const grype = fixture("grype-demo-app-1.0.0.json") as { descriptor: { timestamp: string } };
    grype.descriptor.timestamp = "yesterday";
    const g = parseScanReport(grype);
    expect(g.ok ? [] : g.problems.map(describeProblem)).toEqual([
      "descriptor.timestamp: must be an RFC 3339 date-time",
    ]);
  });

  it("refuses a CycloneDX BOM without a vulnerabilities list: an inventory is not a clean scan", () => {
    const inventory = parseScanReport(fixture("demo-app-1.0.0.spdx.json"));
    expect(inventory.ok).toBe(false);
    const bom = fixture("demo-app-1.0.0.cdx.json") as Record<string, unknown>;
    delete bom.vulnerabilities;
    expect(parseScanReport(bom)).toMatchObject({ ok: false, problems: [{ path: "vulnerabilities" }] });
    expect(parseScanReport({ ...bom, vulnerabilities: [] })).toMatchObject({
      ok: true,
      value: { findings: [] },
    });
  });

  it("refuses what is no scan report, and CycloneDX 1.4 vulnerabilities", () => {
    expect(parseScanReport({ foo: 1 })).toMatchObject({ ok: false, problems: [{ path: "$" }] });
    expect(parseScanReport("")).toMatchObject({ ok: false, problems: [{ path: "$" }] });
    expect(
      parseScanReport({ bomFormat: "CycloneDX", specVersion: "1.4", vulnerabilities: [] }),
    ).toMatchObject({
      ok: false,
      problems: [{ path: "specVersion" }],
    });
  });
});
