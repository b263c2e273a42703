import { describe, expect, it } from "vitest";
import { DEMO_NOW, demoInputs, demoPack, notAffectedException } from "./demo-inputs";
import { evaluateGates, type GateEvaluation } from "./evaluate-gates";
import { fixture } from "./fixture-files";
import { describeProblem } from "./parse-result";

function evaluated(...args: Parameters<typeof evaluateGates>): GateEvaluation {
  const result = evaluateGates(...args);
  if (!result.ok) throw new Error(result.problems.map(describeProblem).join("\n"));
  return result.value;
}

describe("evaluateGates: the seed's demo 2", () => {
  it("blocks demo-app 1.0.0 at PROD on CVE-2024-12345 (CVSS 9.8), with the reasons in plain words", () => {
    const result = evaluated(demoPack(), "PROD", demoInputs(), DEMO_NOW);
    expect(result.verdict).toBe("fail");
    expect(result.summary).toBe("BLOCKED - CVE-2024-12345 (CVSS 9.8) exceeds threshold (max CVSS 7.0)");
    expect(result.gates.map((gate) => [gate.id, gate.verdict])).toEqual([
      ["signed", "pass"],
      ["sbom", "pass"],
      ["vulns", "fail"],
      ["fresh-scan", "pass"],
      ["security-sign-off", "pass"],
    ]);
    expect(result.gates[2]?.reasons).toEqual([
      "CVE-2024-12345 (CVSS 9.8) exceeds threshold (max CVSS 7.0)",
      "1 critical vulnerability, threshold 0: CVE-2024-12345",
    ]);
    expect(result.gates[1]?.reasons).toEqual([
      "CycloneDX 1.5 SBOM with 5 components, covering all 2 artifacts",
    ]);
    expect(result.findings.map((f) => [f.id, f.severity, f.cvss, f.vex])).toEqual([
      ["CVE-2024-12345", "critical", 9.8, null],
      ["CVE-2024-23456", "medium", 5.3, null],
      ["GHSA-2x7q-9c4m-v5wh", "low", null, null],
    ]);
  });

  it("passes once a security officer's signed not_affected exception covers the CVE", () => {
    const result = evaluated(demoPack(), "PROD", demoInputs({ vex: [notAffectedException()] }), DEMO_NOW);
    expect(result.verdict).toBe("pass");
    expect(result.summary).toBe(
      "PASSED - VEX exception applied: CVE-2024-12345 not_affected (vulnerable_code_not_in_execute_path), signed by Sam Security (SECURITY_OFFICER)",
    );
    expect(result.gates.find((gate) => gate.id === "vulns")?.reasons).toEqual([
      "2 vulnerabilities counted, all within thresholds",
      "removed by VEX: CVE-2024-12345 not_affected (vulnerable_code_not_in_execute_path), signed by Sam Security (SECURITY_OFFICER)",
    ]);
    expect(result.findings[0]).toMatchObject({
      id: "CVE-2024-12345",
      counted: false,
      vex: { status: "not_affected" },
    });
    expect(result.inputDigests.vex).toHaveLength(1);
  });

  it("blocks again when the exception has expired at evaluation time", () => {
    const expired = { ...notAffectedException(), expiresAt: "2026-12-01T00:00:00Z" };
    const result = evaluated(demoPack(), "PROD", demoInputs({ vex: [expired] }), DEMO_NOW);
    expect(result.verdict).toBe("fail");
    expect(result.ignoredVex).toEqual([
      {
        documentId: "https://portal.example.com/vex/2026-12-01-cve-2024-12345",
        reason: "expired 2026-12-01T00:00:00Z",
      },
    ]);
  });

  it("only warns at STAGING and passes DEV, where the pack is lenient", () => {
    const staging = evaluated(demoPack(), "STAGING", demoInputs(), DEMO_NOW);
    expect(staging.verdict).toBe("warn");
    expect(staging.summary).toBe(
      "PASSED WITH WARNINGS - 1 critical vulnerability, threshold 0: CVE-2024-12345",
    );
    expect(evaluated(demoPack(), "DEV", demoInputs(), DEMO_NOW).verdict).toBe("pass");
  });

  it("counts Trivy and Grype findings too, merged with the CycloneDX ones", () => {
    const inputs = demoInputs({
      scanReports: [fixture("trivy-demo-app-1.0.0.json"), fixture("grype-demo-app-1.0.0.json")],
      vex: [notAffectedException()],
    });
    const result = evaluated(demoPack(), "PROD", inputs, DEMO_NOW);
    // the VEX statement names the GHSA as an alias, so Grype's id for the same hole is covered too
    expect(result.findings.filter((f) => f.counted).map((f) => f.id)).toEqual([
      "CVE-2024-23456",
      "CVE-2024-2511",
      "CVE-2024-99001",
    ]);
    expect(result.gates.find((gate) => gate.id === "vulns")?.reasons).toEqual([
      "1 vulnerability of unknown severity, budget 0: CVE-2024-99001",
    ]);
  });
});

describe("evaluateGates: determinism and inputs", () => {
  it("gives identical JSON twice, and for shuffled inputs", () => {
    const inputs = demoInputs({
      scanReports: [
        fixture("demo-app-1.0.0.cdx.json"),
        fixture("trivy-demo-app-1.0.0.json"),
        fixture("grype-demo-app-1.0.0.json"),
      ],
      vex: [notAffectedException(), { ...notAffectedException(), document: fixture("vex-affected.json") }],
      signatures: [
        { keyId: "k-release-2026", purpose: "release", verified: true, subject: "SHA256SUMS" },
        { keyId: "k-attest", purpose: "attestation", verified: true, subject: "manifest.dsse" },
      ],
      approvals: [
        { actor: "alice", role: "RELEASE_ENGINEER", decision: "approve", decidedAt: "2026-12-01T10:00:00Z" },
        { actor: "sam", role: "SECURITY_OFFICER", decision: "approve", decidedAt: "2026-12-01T11:00:00Z" },
      ],
    });
    const first = JSON.stringify(evaluated(demoPack(), "PROD", inputs, DEMO_NOW));
    expect(JSON.stringify(evaluated(demoPack(), "PROD", inputs, DEMO_NOW))).toBe(first);

    const reverse = <T>(list: T[] | undefined): T[] => [...(list ?? [])].reverse();
    const trivy = fixture("trivy-demo-app-1.0.0.json") as { Results: { Vulnerabilities?: unknown[] }[] };
    trivy.Results.reverse();
    for (const result of trivy.Results) result.Vulnerabilities?.reverse();
    const shuffled = {
      ...inputs,
      artifacts: reverse(inputs.artifacts),
      signatures: reverse(inputs.signatures),
      approvals: reverse(inputs.approvals),
      vex: reverse(inputs.vex),
      scanReports: [fixture("grype-demo-app-1.0.0.json"), fixture("demo-app-1.0.0.cdx.json"), trivy],
    };
    const again = evaluated(demoPack(), "PROD", shuffled, DEMO_NOW);
    // the Trivy report's digest changes with its order, so compare everything else and the digests that must hold
    const { inputDigests, ...rest } = again;
    const { inputDigests: firstDigests, ...firstRest } = JSON.parse(first) as GateEvaluation;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(firstRest));
    expect({ ...inputDigests, scanReports: [] }).toEqual({ ...firstDigests, scanReports: [] });
  });

  it("digests every input and the pack as SHA-256 of canonical JSON", () => {
    const result = evaluated(JSON.stringify(demoPack()), "PROD", demoInputs(), DEMO_NOW);
    const sameAsObject = evaluated(demoPack(), "PROD", demoInputs(), DEMO_NOW);
    expect(result.inputDigests).toEqual(sameAsObject.inputDigests);
    expect(result.pack).toEqual({ name: "demo-compliance", version: 3, digest: result.inputDigests.pack });
    for (const digest of [
      result.inputDigests.pack,
      result.inputDigests.sbom,
      ...result.inputDigests.scanReports,
    ]) {
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    expect(result.inputDigests.sbom).toBe(result.inputDigests.scanReports[0]);
    expect(result.evaluatedAt).toBe("2026-12-01T12:00:00.000Z");
  });

  it("refuses an invalid pack or invalid inputs with their paths, never throwing", () => {
    const pack = demoPack() as { environments: { PROD: Record<string, unknown>[] } };
    const vulns = pack.environments.PROD[2];
    if (vulns) vulns.maxCvss = "high";
    const bad = evaluateGates(pack, "PROD", demoInputs(), DEMO_NOW);
    expect(bad.ok ? [] : bad.problems.map(describeProblem)).toEqual([
      'environments.PROD[2].maxCvss: gate "vulns": must be a number',
    ]);
    const badInputs = evaluateGates(
      demoPack(),
      "PROD",
      { ...demoInputs(), artifacts: [{ name: "x", digest: "md5:1", size: 1 }] },
      DEMO_NOW,
    );
    expect(badInputs.ok ? [] : badInputs.problems.map((p) => p.path)).toEqual(["inputs.artifacts[0].digest"]);
    expect(evaluateGates(demoPack(), "PROD", demoInputs(), new Date("nope")).ok).toBe(false);
  });

  it("passes an environment without gates, saying so", () => {
    const pack = { ...demoPack(), environments: {} };
    expect(evaluated(pack, "PROD", demoInputs(), DEMO_NOW).summary).toBe(
      "PASSED - no gates configured for PROD",
    );
  });
});
