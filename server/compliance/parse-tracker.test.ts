import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TrackerDocument } from "./document";
import { parseTracker } from "./parse-tracker";
import { roundCoverage, summarizeProgram } from "./policy";
import { renderTrackerMarkdown } from "./render-markdown";

const SEED = fs.readFileSync(
  path.resolve(import.meta.dirname, "../../prisma/seed/compliance-readiness-tracker.md"),
  "utf8",
);

function parsed(markdown: string): TrackerDocument {
  const result = parseTracker(markdown);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.document;
}

function errorsOf(markdown: string) {
  const result = parseTracker(markdown);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

const MINIMAL = `# Tracker
Version: 2.0 Status: Draft

## Executive Summary
| Item | Description | Coverage | Status | Target |
|---|---|---|---|---|
| 1 | First | 50% | In Progress | Demo Ready |

## Detailed Item Status
### Item 1: First item
Why it matters: because
| Requirement | Implementation | Status | Sprint |
|---|---|---|---|
| A | impl a | DONE | Existing |
| B | impl b | TODO | 001_X |
`;

describe("parseTracker on the seed tracker", () => {
  const document = parsed(SEED);

  it("reads the 7 items with all 49 requirement rows, broken rows joined", () => {
    expect(document.name).toBe("Compliance Readiness Tracker");
    expect(document.version).toBe("1.0.0");
    expect(document.createdOn).toBe("2026-01-15");
    expect(document.status).toBe("Active");
    expect(document.items.map((item) => item.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(document.items.map((item) => item.requirements.length)).toEqual([7, 7, 7, 7, 6, 8, 7]);
    expect(document.items.flatMap((item) => item.requirements)).toHaveLength(49);
    expect(document.items[0]?.requirements[0]).toEqual({
      title: "DSSE caching",
      implementation: "TrustVerdictCache, CachedAttestorVerificationService",
      status: "DONE",
      sprint: "Existing",
      owner: "",
      notes: "",
      frameworks: [],
    });
    expect(document.items[0]?.title).toBe("Attestation Caching (Offline)");
    expect(document.items[0]?.summary).toBe("Attestation caching (offline)");
    expect(document.items[0]?.whyItMatters).toMatch(/^Regulated shops/);
    expect(document.items[6]?.proofArtifacts.map((proof) => proof.description)).toEqual([
      "Staged upgrade in test namespace",
      "Before/after verification reports",
      "Unchanged artifact digests",
    ]);
    expect(document.items.map((item) => item.targetLevel)).toEqual([
      "DEMO",
      "DEMO",
      "DEMO",
      "RFP",
      "RFP",
      "RFP",
      "AUDIT",
    ]);
  });

  it("reads phases with sprints, deliverables, stakeholders, the change log and the demo script", () => {
    expect(
      document.phases.map((phase) => [phase.number, phase.code, phase.level, phase.sprints.length]),
    ).toEqual([
      [1, "016", "DEMO", 4],
      [2, "017", "RFP", 6],
      [3, "018", "AUDIT", 5],
    ]);
    expect(document.phases[0]?.target).toBe("Features needed for 10-minute compliance demo.");
    expect(document.deliverables).toHaveLength(5);
    expect(document.stakeholders).toEqual([
      { role: "Engineering Lead", portalRole: "RELEASE_ENGINEER" },
      { role: "Security Lead", portalRole: "SECURITY_OFFICER" },
      { role: "Product Manager", portalRole: null },
      { role: "Customer Success", portalRole: null },
    ]);
    expect(document.documentHistory).toEqual([
      { date: "2026-01-15", version: "1.0.0", author: "Planning", changes: "Initial tracker creation" },
    ]);
    expect(document.extraSections.map((section) => section.title)).toEqual(["Demo Script (10 Minutes)"]);
    expect(document.extraSections[0]?.body).toContain("stella evidence verify-continuity");
  });

  it("computes coverage that differs from the typed-in percentages", () => {
    const summary = summarizeProgram(document);
    expect(summary.items.map((item) => roundCoverage(item.coverage))).toEqual([
      57.1, 57.1, 33.3, 35.7, 50, 62.5, 42.9,
    ]);
    expect(document.items.map((item) => item.documentCoverage)).toEqual([75, 60, 55, 50, 60, 80, 45]);
    expect(roundCoverage(summary.coverage)).toBe(49);
  });

  it("round-trips through Markdown: same document, and a stable text", () => {
    const markdown = renderTrackerMarkdown(document);
    const again = parsed(markdown);
    const strip = (doc: TrackerDocument) => ({
      ...doc,
      items: doc.items.map((item) => ({ ...item, documentCoverage: null, documentStatus: null })),
    });
    expect(strip(again)).toEqual(strip(document));
    expect(renderTrackerMarkdown(again)).toBe(markdown);
    expect(again.items[0]?.documentCoverage).toBe(57.1);
  });

  it("keeps owners, notes, framework tags, evidence links and bars in cells through the round trip", () => {
    const doc = parsed(MINIMAL);
    const first = doc.items[0];
    if (!first?.requirements[0]) throw new Error("no item");
    first.requirements[0] = {
      ...first.requirements[0],
      owner: "Rhea",
      notes: "a | b",
      frameworks: ["SOC2:CC6.1", "ISO27001:A.8.24"],
    };
    first.proofArtifacts.push({ description: "Report", evidenceSha256: "a".repeat(64) });
    expect(parsed(renderTrackerMarkdown(doc))).toEqual({
      ...doc,
      items: [{ ...first, documentCoverage: 50, documentStatus: "In Progress" }],
    });
  });
});

describe("parseTracker errors", () => {
  it("names the line of an unknown status", () => {
    const errors = errorsOf(MINIMAL.replace("| B | impl b | TODO |", "| B | impl b | WIP |"));
    expect(errors).toEqual([
      { line: 15, message: 'unknown status "WIP" for requirement "B" (use DONE, PARTIAL, TODO, DEFERRED)' },
    ]);
  });

  it("refuses duplicate item numbers", () => {
    const duplicated = `${MINIMAL}### Item 1: Again\n| Requirement | Implementation | Status | Sprint |\n|---|---|---|---|\n| C | c | DONE | x |\n`;
    expect(errorsOf(duplicated)[0]).toEqual({
      line: 16,
      message: "item number 1 appears twice (item numbers must be unique)",
    });
  });

  it("reports wrong cell counts, bad columns, unknown targets and stray text", () => {
    const broken = MINIMAL.replace("| A | impl a | DONE | Existing |", "| A | impl a | DONE |")
      .replace("| Demo Ready |", "| Someday |")
      .replace("Why it matters: because", "Why it matters: because\nsome stray words");
    expect(errorsOf(broken)).toEqual(
      [
        {
          line: 7,
          message: 'unknown target "Someday" for item 1 (use Demo Ready, RFP Ready or Audit Ready)',
        },
        { line: 12, message: 'unexpected text in "Detailed Item Status": "some stray words"' },
        {
          line: 15,
          message:
            "this requirement row has 3 cells; the table has 4 columns (Requirement | Implementation | Status | Sprint)",
        },
        { line: 10, message: "item 1 has a section but no row in the executive summary" },
      ].sort((a, b) => a.line - b.line),
    );
  });

  it("refuses a document without title and version, or with a missing item section", () => {
    expect(errorsOf("just text\n")[0]?.line).toBe(1);
    const missing = MINIMAL.replace("| 1 | First |", "| 2 | Second | 0% | x | RFP Ready |\n| 1 | First |");
    expect(errorsOf(missing)).toEqual([
      { line: 7, message: 'item 2 is in the executive summary but has no "Item 2: …" section' },
    ]);
  });

  it("checks table headers", () => {
    const errors = errorsOf(
      MINIMAL.replace(
        "| Requirement | Implementation | Status | Sprint |",
        "| Requirement | Impl | Status | Sprint |",
      ),
    );
    expect(errors[0]?.line).toBe(12);
    expect(errors[0]?.message).toMatch(/missing: Implementation; unknown: Impl/);
  });
});
