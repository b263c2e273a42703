import { describe, expect, it } from "vitest";
import {
  coverageOf,
  formatCoverage,
  itemReadinessOf,
  itemStatusOf,
  phaseLevelOf,
  requirementLevelOf,
  roundCoverage,
  summarizeProgram,
} from "./policy";
import type { RequirementStatus } from "./vocabulary";

const r = (status: RequirementStatus, sprint = "Existing") => ({
  title: "r",
  implementation: "",
  status,
  sprint,
  owner: "",
  notes: "",
  frameworks: [],
});

const phases = [
  {
    code: "016",
    level: "DEMO" as const,
    sprints: [{ code: "016_CLI_attest_verify_offline", module: "", description: "", status: "" }],
  },
  { code: "017", level: "RFP" as const, sprints: [] },
  { code: "018", level: "AUDIT" as const, sprints: [] },
];

describe("coverage", () => {
  it("counts DONE 1, PARTIAL 0.5, TODO 0 and leaves DEFERRED out", () => {
    expect(coverageOf([r("DONE"), r("TODO")])).toBe(50);
    expect(coverageOf([r("PARTIAL"), r("TODO")])).toBe(25);
    expect(coverageOf([r("DONE"), r("DEFERRED")])).toBe(100);
    expect(
      roundCoverage(
        coverageOf([r("DONE"), r("DONE"), r("TODO"), r("DEFERRED"), r("TODO"), r("TODO"), r("TODO")]),
      ),
    ).toBe(33.3);
  });
  it("has no coverage without counted requirements", () => {
    expect(coverageOf([])).toBeNull();
    expect(coverageOf([r("DEFERRED")])).toBeNull();
    expect(formatCoverage(null)).toBe("n/a");
    expect(itemStatusOf(null)).toBe("No requirements");
  });
  it("stays between 0 and 100 whatever the statuses", () => {
    const statuses: RequirementStatus[] = ["DONE", "PARTIAL", "TODO", "DEFERRED"];
    for (let seed = 1; seed < 500; seed += 1) {
      const list = Array.from({ length: seed % 13 }, (_, index) =>
        r(statuses[(seed * 7 + index * 3) % 4] ?? "TODO"),
      );
      const value = coverageOf(list);
      if (value !== null) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(100);
      }
    }
  });
  it("weighs program coverage by requirement, not by item", () => {
    const summary = summarizeProgram({
      phases: [],
      items: [
        { number: 1, targetLevel: "DEMO", requirements: [r("DONE")] },
        { number: 2, targetLevel: "DEMO", requirements: [r("TODO"), r("TODO"), r("TODO")] },
      ],
    });
    expect(summary.coverage).toBe(25);
    expect(summary.items.map((item) => item.status)).toEqual(["Done", "Not Started"]);
  });
});

describe("readiness", () => {
  it("maps phases to levels by name, else by number", () => {
    expect(phaseLevelOf({ number: 3, name: "Demo Blockers" })).toBe("DEMO");
    expect(phaseLevelOf({ number: 1, name: "RFP Compliance" })).toBe("RFP");
    expect(phaseLevelOf({ number: 1, name: "Audit Readiness" })).toBe("AUDIT");
    expect(phaseLevelOf({ number: 2, name: "Hardening" })).toBe("RFP");
    expect(phaseLevelOf({ number: 9, name: "Later" })).toBe("AUDIT");
  });
  it("derives the level a requirement is needed for from its sprint", () => {
    expect(requirementLevelOf(r("DONE", "Existing"), phases, "AUDIT")).toBe("DEMO");
    expect(requirementLevelOf(r("TODO", "016_CLI"), phases, "AUDIT")).toBe("DEMO");
    expect(requirementLevelOf(r("TODO", "017_POLICY"), phases, "DEMO")).toBe("RFP");
    expect(requirementLevelOf(r("TODO", "018_AUTH"), phases, "DEMO")).toBe("AUDIT");
    expect(requirementLevelOf(r("TODO", "Later"), phases, "RFP")).toBe("RFP");
    expect(requirementLevelOf(r("DEFERRED", "Future"), phases, "RFP")).toBeNull();
  });
  it("is ready for a level when everything needed up to it is DONE", () => {
    const item = {
      targetLevel: "DEMO" as const,
      requirements: [r("DONE"), r("TODO", "018_AUTH"), r("DEFERRED", "Future")],
    };
    expect(itemReadinessOf(item, phases)).toEqual({ DEMO: true, RFP: true, AUDIT: false });
    const partial = { targetLevel: "DEMO" as const, requirements: [r("PARTIAL")] };
    expect(itemReadinessOf(partial, phases)).toEqual({ DEMO: false, RFP: false, AUDIT: false });
  });
});
