import { describe, expect, it } from "vitest";
import { fixture } from "./fixture-files";
import { parseOpenVex } from "./openvex";
import { describeProblem } from "./parse-result";

type Doc = { statements: Record<string, unknown>[] } & Record<string, unknown>;

function problemsOf(document: unknown): string[] {
  const result = parseOpenVex(document);
  return result.ok ? [] : result.problems.map(describeProblem);
}

describe("parseOpenVex", () => {
  it("reads a not_affected statement: products by purl and SHA-256, subcomponents, the justification", () => {
    const result = parseOpenVex(fixture("vex-not-affected.json"));
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join("\n"));
    expect(result.value).toMatchObject({
      id: "https://portal.example.com/vex/2026-12-01-cve-2024-12345",
      author: "Security Officer <security@example.com>",
      timestamp: "2026-12-01T10:00:00.000Z",
    });
    expect(result.value.statements).toEqual([
      {
        index: 0,
        vulnerability: "CVE-2024-12345",
        aliases: ["GHSA-7h3m-4q9x-c2vr"],
        products: [
          {
            ids: [
              "pkg:generic/demo-app@1.0.0",
              "sha256:aea56532dac29cf3fd79530ea3bacf78d883720bcdb224f55802ad5fc73b9c7f",
            ],
            subcomponents: [["pkg:npm/xml-sax-parser@2.1.0"]],
          },
        ],
        status: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
        // the fixture keeps its words in status_notes (OpenVEX allows a justification or an impact_statement)
        impactStatement:
          "Vulnerable code path not reachable: demo-app parses only its own configuration and never enables external entity resolution.",
        actionStatement: null,
        timestamp: "2026-12-01T10:00:00.000Z",
      },
    ]);
  });

  it("reads the affected and fixed fixtures", () => {
    const affected = parseOpenVex(fixture("vex-affected.json"));
    expect(affected.ok && affected.value.statements[0]?.actionStatement).toMatch(/^Upgrade semver-lite/);
    const fixed = parseOpenVex(fixture("vex-fixed.json"));
    expect(fixed.ok && fixed.value.statements[0]?.status).toBe("fixed");
  });

  it("accepts a not_affected statement with an impact_statement instead of a justification", () => {
    const doc = fixture("vex-not-affected.json") as Doc;
    const statement = doc.statements[0] as Record<string, unknown>;
    delete statement.justification;
    statement.impact_statement = "Vulnerable code path not reachable";
    expect(problemsOf(doc)).toEqual([]);
  });

  it("requires a justification (or impact statement) for not_affected, from the spec's list", () => {
    const doc = fixture("vex-not-affected.json") as Doc;
    const statement = doc.statements[0] as Record<string, unknown>;
    statement.justification = "we_think_it_is_fine";
    expect(problemsOf(doc)[0]).toMatch(
      /^statements\[0\]\.justification: must be one of "component_not_present"/,
    );
    delete statement.justification;
    expect(problemsOf(doc)).toEqual([
      "statements[0].justification: a not_affected statement needs a justification or an impact_statement",
    ]);
  });

  it("requires an action_statement for affected", () => {
    const doc = fixture("vex-affected.json") as Doc;
    delete (doc.statements[0] as Record<string, unknown>).action_statement;
    expect(problemsOf(doc)).toEqual([
      "statements[0].action_statement: an affected statement needs an action_statement",
    ]);
  });

  it("names bad statuses, missing vulnerabilities and products, and bad documents", () => {
    const doc = fixture("vex-fixed.json") as Doc;
    (doc.statements[0] as Record<string, unknown>).status = "maybe";
    expect(problemsOf(doc)[0]).toMatch(/^statements\[0\]\.status: must be one of "not_affected", "affected"/);
    const noName = fixture("vex-fixed.json") as Doc;
    (noName.statements[0] as Record<string, unknown>).vulnerability = {};
    expect(problemsOf(noName)).toEqual(["statements[0].vulnerability.name: must be a string"]);
    const noProducts = fixture("vex-fixed.json") as Doc;
    (noProducts.statements[0] as Record<string, unknown>).products = [];
    expect(problemsOf(noProducts)).toEqual(["statements[0].products: must not be empty"]);
    const wrongContext = fixture("vex-fixed.json") as Doc;
    wrongContext["@context"] = "https://example.com/vex";
    expect(problemsOf(wrongContext)).toEqual(["@context: must be the OpenVEX v0.2 context"]);
    expect(problemsOf("[]")[0]).toMatch(/^\$: must be an object/);
    expect(problemsOf("nope")[0]).toMatch(/^\$: not JSON/);
  });
});
