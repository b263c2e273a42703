import { describe, expect, it } from "vitest";
import { celDocument } from "./cel-document";
import { compileExpression, runExpression } from "./cel-expression";
import { ZCelInput } from "./cel-input";
import { DEMO_NOW, demoInputs, notAffectedException } from "./demo-inputs";
import { buildContext } from "./evaluation-context";
import { ZGateInputs } from "./gate-inputs";

function documentFor(overrides: Parameters<typeof demoInputs>[0] = {}) {
  const inputs = ZGateInputs.parse(demoInputs(overrides));
  return celDocument(buildContext({ environment: "PROD", now: DEMO_NOW, inputs }));
}

function run(expression: string, document = documentFor()) {
  const compiled = compileExpression(expression);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return runExpression(compiled.program, document);
}

describe("CEL custom expressions", () => {
  it("builds an input document that matches its documented schema", () => {
    const document = documentFor({ vex: [notAffectedException()] });
    expect(ZCelInput.safeParse(document).success).toBe(true);
    expect(document.counts).toEqual({ critical: 0n, high: 0n, medium: 1n, low: 1n, none: 0n, unknown: 0n });
    expect(document.sbom).toMatchObject({
      present: true,
      valid: true,
      format: "CycloneDX",
      components: 5n,
      missingDigests: [],
    });
    expect(document.scan).toMatchObject({
      present: true,
      valid: true,
      scannedAt: "2026-11-30T09:15:00.000Z",
    });
    expect(document.scan.ageDays).toBeCloseTo(1.11, 2);
    expect(document.findings[0]).toMatchObject({
      id: "CVE-2024-12345",
      vexStatus: "not_affected",
      counted: false,
      cvss: 9.8,
    });
  });

  it("evaluates expressions over the release, findings, SBOM, signatures and environment", () => {
    expect(run("counts.critical == 0")).toEqual({ ok: true, value: false });
    expect(run('findings.exists(f, f.id == "CVE-2024-12345" && f.cvss >= 9.0)')).toEqual({
      ok: true,
      value: true,
    });
    expect(run("findings.all(f, f.cvss == null || f.cvss < 9.0)")).toEqual({ ok: true, value: false });
    expect(run('environment == "PROD" && release.product == "demo-app" && size(artifacts) == 2')).toEqual({
      ok: true,
      value: true,
    });
    expect(run('signatures.exists(s, s.verified && s.purpose == "release") && sbom.valid')).toEqual({
      ok: true,
      value: true,
    });
    expect(run("timestamp(scan.scannedAt) < timestamp(now)")).toEqual({ ok: true, value: true });
    const withVex = documentFor({ vex: [notAffectedException()] });
    expect(run("findings.all(f, !f.counted || f.severity != 'critical')", withVex)).toEqual({
      ok: true,
      value: true,
    });
  });

  it("reports compile errors with their line and column", () => {
    const broken = compileExpression("counts.critical == 0 &&\n  release.version ==");
    expect(broken).toMatchObject({ ok: false, error: { line: 2, column: 21 } });
    expect(broken.ok ? "" : broken.error.message).toMatch(/^Unexpected token: EOF \(line 2, column 21\)$/);
  });

  it("refuses unknown variables and functions, type clashes and non-boolean results at compile time", () => {
    expect(compileExpression("releases.size() > 0")).toMatchObject({
      ok: false,
      error: { line: 1, column: 1 },
    });
    expect(compileExpression("nope(findings)").ok).toBe(false);
    const misspelt = compileExpression('release.product == "demo-app" && release.verison == "1.0.0"');
    expect(misspelt).toMatchObject({
      ok: false,
      error: { message: "No such key: verison (line 1, column 42)" },
    });
    expect(compileExpression("findings.exists(f, f.cvs > 9.0)").ok).toBe(false);
    expect(compileExpression("counts.severe == 0").ok).toBe(false);
    expect(compileExpression("environment == 1").ok).toBe(false);
    const notBool = compileExpression("size(findings)");
    expect(notBool.ok ? "" : notBool.error.message).toBe("must be true or false, not int");
  });

  it("turns runtime errors (a null compared) into an error outcome, not a throw", () => {
    // CEL is commutative on errors: all() is false as soon as one is false; exists() with no true meets the null
    expect(run("findings.all(f, f.cvss < 9.0)")).toEqual({ ok: true, value: false });
    expect(run("findings.exists(f, f.cvss > 10.0)").ok).toBe(false);
  });
});
