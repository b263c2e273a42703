// The seed's demo 2 as gate inputs (tests only): demo-app 1.0.0, signed with a release key, its CycloneDX SBOM
// doubling as the scan report (CVE-2024-12345, CVSS 9.8), evaluated the day after the scan.
import { DEMO_ARTIFACTS, fixture } from "./fixture-files";
import type { GateInputsInput } from "./gate-inputs";

export const DEMO_NOW = new Date("2026-12-01T12:00:00Z");

export function demoPack(): Record<string, unknown> {
  return fixture("policy-pack-demo.json") as Record<string, unknown>;
}

export function demoInputs(overrides: Partial<GateInputsInput> = {}): GateInputsInput {
  return {
    release: {
      id: "rel_demo_1",
      product: "demo-app",
      version: "1.0.0",
      sourceCommit: "3f2a9c1",
      ciRunId: "run-4812",
    },
    artifacts: DEMO_ARTIFACTS.map((artifact) => ({ ...artifact })),
    signatures: [{ keyId: "k-release-2026", purpose: "release", verified: true, subject: "SHA256SUMS" }],
    sbom: fixture("demo-app-1.0.0.cdx.json"),
    scanReports: [fixture("demo-app-1.0.0.cdx.json")],
    vex: [],
    approvals: [],
    ...overrides,
  };
}

export function notAffectedException() {
  return {
    document: fixture("vex-not-affected.json"),
    scope: { kind: "release" as const, releaseId: "rel_demo_1" },
    expiresAt: "2027-06-01T00:00:00Z",
    signedBy: "Sam Security (SECURITY_OFFICER)",
  };
}
