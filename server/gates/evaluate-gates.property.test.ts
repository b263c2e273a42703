// Property: an evaluation depends on the set of findings, not on the order the scanner listed them in.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEMO_NOW, demoInputs, notAffectedException } from "./demo-inputs";
import { evaluateGates } from "./evaluate-gates";

const pack = {
  schemaVersion: 1,
  name: "property",
  version: 1,
  environments: {
    PROD: [
      {
        id: "vulns",
        kind: "vulnerabilities",
        maxCvss: 7,
        maxCount: { critical: 0, high: 2 },
        unknownBudget: 1,
      },
      { id: "cel", kind: "custom", expression: "counts.medium < 3", requirement: "fewer than 3 medium" },
    ],
  },
};

const vulnerability = fc.record(
  {
    VulnerabilityID: fc.constantFrom("CVE-2024-12345", "CVE-2024-1", "CVE-2024-2", "GHSA-aaaa-bbbb-cccc"),
    PkgName: fc.constantFrom("xml-sax-parser", "semver-lite", "libssl3"),
    PkgIdentifier: fc.constant({ PURL: "pkg:npm/xml-sax-parser@2.1.0" }),
    InstalledVersion: fc.constantFrom("2.1.0", "1.0.0"),
    Severity: fc.constantFrom("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"),
    CVSS: fc.option(
      fc.record({ nvd: fc.record({ V3Score: fc.integer({ min: 0, max: 100 }).map((n) => n / 10) }) }),
      {
        nil: undefined,
      },
    ),
  },
  { requiredKeys: ["VulnerabilityID", "PkgName", "InstalledVersion", "Severity"] },
);

function report(vulnerabilities: unknown[]) {
  return {
    SchemaVersion: 2,
    CreatedAt: "2026-11-30T09:20:11Z",
    Results: [{ Target: "app", Vulnerabilities: vulnerabilities }],
  };
}

function evaluate(vulnerabilities: unknown[]) {
  const result = evaluateGates(
    pack,
    "PROD",
    demoInputs({ scanReports: [report(vulnerabilities)], vex: [notAffectedException()] }),
    DEMO_NOW,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  // the report's own digest follows its bytes; everything else must not move
  return JSON.stringify({ ...result.value, inputDigests: { ...result.value.inputDigests, scanReports: [] } });
}

describe("evaluateGates property", () => {
  it("gives the same result for any order of the same findings", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(vulnerability, fc.integer()), { maxLength: 12 }), (entries) => {
        const listed = entries.map(([v]) => v);
        const shuffled = [...entries].sort((a, b) => a[1] - b[1]).map(([v]) => v);
        expect(evaluate(shuffled)).toBe(evaluate(listed));
      }),
      { numRuns: 60 },
    );
  });
});
