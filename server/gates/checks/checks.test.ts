// Each gate kind on its own, through evaluateGates with a one-gate pack, so the mode handling is covered too.
import { describe, expect, it } from "vitest";
import { DEMO_NOW, demoInputs } from "../demo-inputs";
import { evaluateGates, type GateResult } from "../evaluate-gates";
import { fixture } from "../fixture-files";
import type { GateInputsInput } from "../gate-inputs";

function gate(
  spec: Record<string, unknown>,
  inputs: GateInputsInput = demoInputs(),
  now = DEMO_NOW,
): GateResult {
  const pack = { schemaVersion: 1, name: "t", version: 1, environments: { PROD: [{ id: "g", ...spec }] } };
  const result = evaluateGates(pack, "PROD", inputs, now);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const [only] = result.value.gates;
  if (!only) throw new Error("one gate expected");
  return only;
}

const verdict = (result: GateResult) => [result.verdict, ...result.reasons];

describe("signature gate", () => {
  const signatures = [
    { keyId: "k-release", purpose: "release", verified: true, subject: "SHA256SUMS" },
    { keyId: "k-old", purpose: "attestation", verified: false, subject: "manifest.dsse" },
  ];
  it("passes with a verified signature of each required purpose and key", () => {
    expect(
      verdict(
        gate(
          { kind: "signature", requirePurposes: ["release"], requireKeyIds: ["k-release"] },
          demoInputs({ signatures }),
        ),
      ),
    ).toEqual(["pass", "verified signatures by k-release (release)"]);
  });
  it("fails naming each missing purpose and key, and the signatures that did not verify", () => {
    expect(
      verdict(
        gate(
          { kind: "signature", requirePurposes: ["attestation"], requireKeyIds: ["k-hsm"] },
          demoInputs({ signatures }),
        ),
      ),
    ).toEqual([
      "fail",
      "no verified signature by a key of purpose attestation",
      "no verified signature by key k-hsm",
      "signatures that did not verify: k-old",
    ]);
  });
  it("without requirements needs at least one verified signature; warn mode only warns", () => {
    expect(gate({ kind: "signature" }, demoInputs({ signatures: [] })).verdict).toBe("fail");
    expect(gate({ kind: "signature", mode: "warn" }, demoInputs({ signatures: [] })).verdict).toBe("warn");
  });
});

describe("sbom gate", () => {
  it("fails without an SBOM, and names where an unparseable one is wrong", () => {
    expect(verdict(gate({ kind: "sbom" }, demoInputs({ sbom: null })))).toEqual([
      "fail",
      "no SBOM attached to the release",
    ]);
    const bom = fixture("demo-app-1.0.0.cdx.json") as { components: Record<string, unknown>[] };
    delete bom.components[0]?.name;
    expect(verdict(gate({ kind: "sbom" }, demoInputs({ sbom: bom })))).toEqual([
      "fail",
      "the SBOM does not parse: components[0].name: must be a string",
    ]);
  });
  it("checks that the SBOM covers every artifact digest: require fails, warn warns, ignore skips", () => {
    const extra = { name: "demo-app-1.0.0.sbom.sig", digest: `sha256:${"c".repeat(64)}`, size: 96 };
    const inputs = demoInputs({ artifacts: [...demoInputs().artifacts, extra] });
    const missing = `the SBOM does not cover 1 artifact digest: sha256:${"c".repeat(64)}`;
    expect(verdict(gate({ kind: "sbom" }, inputs))).toEqual(["fail", missing]);
    expect(verdict(gate({ kind: "sbom", coverage: "warn" }, inputs))).toEqual([
      "warn",
      "CycloneDX 1.5 SBOM with 5 components",
      missing,
    ]);
    expect(gate({ kind: "sbom", coverage: "ignore" }, inputs).verdict).toBe("pass");
  });
  it("accepts an SPDX 2.3 SBOM", () => {
    expect(
      verdict(gate({ kind: "sbom" }, demoInputs({ sbom: fixture("demo-app-1.0.0.spdx.json") }))),
    ).toEqual(["pass", "SPDX 2.3 SBOM with 2 components, covering all 2 artifacts"]);
  });
});

describe("vulnerabilities gate", () => {
  const trivy = () => demoInputs({ scanReports: [fixture("trivy-demo-app-1.0.0.json")] });
  it("counts per severity with the offending ids", () => {
    expect(verdict(gate({ kind: "vulnerabilities", maxCount: { critical: 0, medium: 0 } }))).toEqual([
      "fail",
      "1 critical vulnerability, threshold 0: CVE-2024-12345",
      "1 medium vulnerability, threshold 0: CVE-2024-23456",
    ]);
  });
  it("names each package when one id is found in several, so the count adds up", () => {
    const twice = {
      SchemaVersion: 2,
      Results: [
        {
          Target: "app",
          Vulnerabilities: [
            { VulnerabilityID: "CVE-1", PkgName: "a", InstalledVersion: "1", Severity: "CRITICAL" },
            { VulnerabilityID: "CVE-1", PkgName: "b", InstalledVersion: "1", Severity: "CRITICAL" },
          ],
        },
      ],
    };
    expect(
      verdict(
        gate({ kind: "vulnerabilities", maxCount: { critical: 1 } }, demoInputs({ scanReports: [twice] })),
      ),
    ).toEqual(["fail", "2 critical vulnerabilities, threshold 1: CVE-1 (a), CVE-1 (b)"]);
  });

  it("blocks findings above a maximum severity", () => {
    expect(verdict(gate({ kind: "vulnerabilities", maxSeverity: "low" }))).toEqual([
      "fail",
      "2 vulnerabilities above low: CVE-2024-12345 (critical), CVE-2024-23456 (medium)",
    ]);
    expect(gate({ kind: "vulnerabilities", maxSeverity: "critical" }).verdict).toBe("pass");
  });
  it("keeps an unknown-severity budget", () => {
    expect(verdict(gate({ kind: "vulnerabilities", unknownBudget: 0 }, trivy()))).toEqual([
      "fail",
      "1 vulnerability of unknown severity, budget 0: CVE-2024-99001",
    ]);
    expect(gate({ kind: "vulnerabilities", unknownBudget: 1 }, trivy()).verdict).toBe("pass");
  });
  it("fails without a scan report unless the gate allows it, and names a report that does not parse", () => {
    expect(verdict(gate({ kind: "vulnerabilities" }, demoInputs({ scanReports: [] })))).toEqual([
      "fail",
      "no scan report attached to the release",
    ]);
    expect(
      gate({ kind: "vulnerabilities", requireReport: false }, demoInputs({ scanReports: [] })).verdict,
    ).toBe("pass");
    expect(
      verdict(
        gate({ kind: "vulnerabilities" }, demoInputs({ scanReports: [{ SchemaVersion: 2, Results: [{}] }] })),
      ),
    ).toEqual(["fail", "a scan report does not parse: Results[0].Target: must be a string"]);
  });
});

describe("freshness gate", () => {
  it("passes a scan younger than the limit and fails an older one, at the time passed in", () => {
    expect(verdict(gate({ kind: "freshness", maxAgeDays: 7 }))).toEqual([
      "pass",
      "the newest scan report is 1.1 days old (2026-11-30T09:15:00.000Z), limit 7 days",
    ]);
    expect(
      verdict(gate({ kind: "freshness", maxAgeDays: 7 }, demoInputs(), new Date("2026-12-08T12:00:00Z"))),
    ).toEqual(["fail", "the newest scan report is 8.1 days old (2026-11-30T09:15:00.000Z), limit 7 days"]);
  });
  it("uses the newest of several reports and fails reports without a time or dated in the future", () => {
    const inputs = demoInputs({
      scanReports: [fixture("demo-app-1.0.0.cdx.json"), fixture("grype-demo-app-1.0.0.json")],
    });
    expect(gate({ kind: "freshness", maxAgeDays: 7 }, inputs).reasons[0]).toMatch(/2026-11-30T09:21:47.120Z/);
    const timeless = { SchemaVersion: 2, Results: [] };
    expect(
      verdict(gate({ kind: "freshness", maxAgeDays: 7 }, demoInputs({ scanReports: [timeless] }))),
    ).toEqual(["fail", "no scan report says when it ran"]);
    expect(
      gate({ kind: "freshness", maxAgeDays: 7 }, demoInputs(), new Date("2026-11-01T00:00:00Z")).reasons[0],
    ).toMatch(/future/);
  });
});

describe("custom gate", () => {
  const spec = (expression: string) => ({ kind: "custom", expression, requirement: "no critical findings" });
  it("passes when the expression is true and fails in plain words when it is false", () => {
    expect(verdict(gate(spec("counts.critical == 0")))).toEqual(["fail", "not met: no critical findings"]);
    expect(verdict(gate(spec("counts.critical <= 1")))).toEqual(["pass", "met: no critical findings"]);
  });
  it("fails closed when the expression cannot be evaluated (a null CVSS compared)", () => {
    const result = gate(spec("findings.exists(f, f.cvss > 10.0)"));
    expect(result.verdict).toBe("fail");
    expect(result.reasons[0]).toMatch(/^the expression could not be evaluated: no such overload/);
  });
});
