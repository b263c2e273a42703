import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gateDocumentProblem } from "./gate-documents";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/gates");
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe("gateDocumentProblem", () => {
  it("lets through the SBOMs and scan reports the gates read", () => {
    expect(gateDocumentProblem("SBOM", read("demo-app-1.0.0.cdx.json"))).toBeNull();
    expect(gateDocumentProblem("SBOM", read("demo-app-1.0.0.spdx.json"))).toBeNull();
    expect(gateDocumentProblem("SCAN_REPORT", read("trivy-demo-app-1.0.0.json"))).toBeNull();
    expect(gateDocumentProblem("SCAN_REPORT", read("grype-demo-app-1.0.0.json"))).toBeNull();
  });

  it("refuses a malformed one, saying where", () => {
    const scan = JSON.parse(read("demo-app-1.0.0.cdx.json").toString("utf8"));
    scan.vulnerabilities[0].ratings[0].score = "high";
    expect(gateDocumentProblem("SCAN_REPORT", json(scan))).toMatch(
      /^The scan report cannot be read by the promotion gates: vulnerabilities\[0\]\.ratings\[0\]\.score/,
    );
    expect(gateDocumentProblem("SBOM", json({ spdxVersion: 7 }))).toMatch(/^The SBOM cannot be read/);
  });

  it("keeps formats the gates do not read (SARIF, text) and other kinds as they are", () => {
    expect(gateDocumentProblem("SCAN_REPORT", json({ version: "2.1.0", runs: [] }))).toBeNull();
    expect(gateDocumentProblem("SCAN_REPORT", Buffer.from("all clear\n"))).toBeNull();
    expect(gateDocumentProblem("OTHER", json({ bomFormat: 1 }))).toBeNull();
  });
});
