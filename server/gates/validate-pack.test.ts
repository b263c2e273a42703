import { describe, expect, it } from "vitest";
import { demoPack } from "./demo-inputs";
import { describeProblem } from "./parse-result";
import { validatePack } from "./validate-pack";

function problemsOf(pack: unknown): string[] {
  const result = validatePack(pack);
  return result.ok ? [] : result.problems.map(describeProblem);
}

function packWith(prod: unknown[]): unknown {
  return { schemaVersion: 1, name: "p", version: 1, environments: { PROD: prod } };
}

describe("validatePack", () => {
  it("accepts the demo pack and fills the defaults", () => {
    const result = validatePack(demoPack());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.environments.PROD?.[1]).toEqual({
      id: "sbom",
      kind: "sbom",
      mode: "enforce",
      coverage: "require",
    });
    expect(result.value.environments.PROD?.[2]).toMatchObject({
      maxCvss: 7,
      requireReport: true,
      unknownBudget: 0,
    });
  });

  it("names the gate whose CEL expression does not compile, with the position", () => {
    const pack = packWith([
      { id: "ok", kind: "custom", expression: "counts.critical == 0", requirement: "no critical" },
      { id: "broken", kind: "custom", expression: "counts.critical ==", requirement: "no critical" },
    ]);
    expect(problemsOf(pack)).toEqual([
      'environments.PROD[1].expression: gate "broken": Unexpected token: EOF (line 1, column 19)',
    ]);
  });

  it("names the gate for schema problems, unknown kinds, unknown members and duplicate ids", () => {
    expect(problemsOf(packWith([{ id: "v", kind: "vulnerabilities", maxSeverity: "awful" }]))[0]).toMatch(
      /^environments\.PROD\[0\]\.maxSeverity: gate "v": must be one of "critical"/,
    );
    expect(problemsOf(packWith([{ id: "x", kind: "opa" }]))[0]).toMatch(
      /^environments\.PROD\[0\]\.kind: gate "x": /,
    );
    expect(problemsOf(packWith([{ id: "s", kind: "sbom", covrage: "warn" }]))[0]).toMatch(
      /^environments\.PROD\[0\]: gate "s": /,
    );
    expect(problemsOf(packWith([{ id: "s", kind: "signature", requirePurposes: ["rocket"] }]))[0]).toMatch(
      /^environments\.PROD\[0\]\.requirePurposes\[0\]: gate "s": must be one of "release"/,
    );
    expect(
      problemsOf(
        packWith([
          { id: "a", kind: "sbom" },
          { id: "a", kind: "freshness", maxAgeDays: 3 },
        ]),
      ),
    ).toEqual(['environments.PROD[1].id: gate id "a" is used twice in PROD']);
  });

  it("refuses unknown environments, bad versions and text that is not JSON", () => {
    expect(problemsOf({ schemaVersion: 1, name: "p", version: 1, environments: { QA: [] } })[0]).toMatch(
      /^environments/,
    );
    expect(
      problemsOf({ schemaVersion: 2, name: "p", version: 0, environments: {} }).map((p) => p.split(":")[0]),
    ).toEqual(["schemaVersion", "version"]);
    expect(problemsOf("{")[0]).toMatch(/^\$: not JSON/);
  });
});
