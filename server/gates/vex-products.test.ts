import { describe, expect, it } from "vitest";
import { DEMO_ARTIFACTS, fixture } from "./fixture-files";
import { parseOpenVex } from "./openvex";
import { describeProblem } from "./parse-result";
import { findUnknownProducts } from "./vex-products";

function parsedFixture(name: string) {
  const result = parseOpenVex(fixture(name));
  if (!result.ok) throw new Error("fixture parses");
  return result.value;
}

describe("findUnknownProducts", () => {
  it("accepts products named by a known artifact digest or package URL", () => {
    const known = { digests: DEMO_ARTIFACTS.map((a) => a.digest), purls: [] };
    expect(findUnknownProducts(parsedFixture("vex-not-affected.json"), known)).toEqual([]);
    expect(
      findUnknownProducts(parsedFixture("vex-fixed.json"), {
        digests: [],
        purls: ["pkg:npm/yaml-mini@1.8.2?x=1"],
      }),
    ).toEqual([]);
  });

  it("names the statement and product that match nothing known", () => {
    const problems = findUnknownProducts(parsedFixture("vex-fixed.json"), {
      digests: [],
      purls: ["pkg:npm/other@1"],
    });
    expect(problems.map(describeProblem)).toEqual([
      "statements[0].products[0]: pkg:npm/yaml-mini@1.8.2 is no known artifact digest or package URL",
    ]);
  });
});
