// Property: any program the portal can hold renders to Markdown that parses back to the same program, and the
// text is stable from then on. Strings are drawn from a vocabulary with the characters that trouble Markdown tables
// (bars, backslashes, hyphens, colons, parentheses) but without line breaks inside single-line fields.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TrackerDocument } from "./document";
import { parseTracker } from "./parse-tracker";
import { phaseLevelOf } from "./policy";
import { renderTrackerMarkdown } from "./render-markdown";
import { READINESS_LEVELS, REQUIREMENT_STATUSES } from "./vocabulary";

const word = fc.constantFrom(
  "alpha",
  "Beta",
  "a|b",
  "x\\y",
  "v1.2",
  "(note)",
  "--flag",
  "sha256:ab",
  "`code`",
  "é",
  "50%",
);
const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(" "));
const optionalText = fc.oneof(fc.constant(""), text);
const tag = fc.constantFrom("SOC2:CC6.1", "ISO27001:A.8.24", "NIST800-53:SC-12");
const sha = fc.stringMatching(/^[0-9a-f]{64}$/);

const requirement = fc.record({
  title: text,
  implementation: optionalText,
  status: fc.constantFrom(...REQUIREMENT_STATUSES),
  sprint: fc.constantFrom("Existing", "016_CLI", "017_POLICY", "Future", ""),
  owner: optionalText,
  notes: optionalText,
  frameworks: fc.uniqueArray(tag, { maxLength: 3 }),
});

const documentArbitrary: fc.Arbitrary<TrackerDocument> = fc
  .record({
    name: text,
    version: fc.constantFrom("1.0.0", "2.1", "2026.1"),
    status: fc.constantFrom("Active", "Draft"),
    owner: optionalText,
    description: optionalText,
    createdOn: fc.option(fc.constant("2026-01-15"), { nil: null }),
    updatedOn: fc.option(fc.constant("2026-02-01"), { nil: null }),
    items: fc.uniqueArray(
      fc.record({
        number: fc.integer({ min: 1, max: 40 }),
        title: text,
        summary: text,
        whyItMatters: optionalText,
        targetLevel: fc.constantFrom(...READINESS_LEVELS),
        requirements: fc.array(requirement, { minLength: 1, maxLength: 5 }),
        proofArtifacts: fc.array(
          fc.record({ description: text, evidenceSha256: fc.option(sha, { nil: null }) }),
          {
            maxLength: 3,
          },
        ),
      }),
      { minLength: 1, maxLength: 4, selector: (item) => item.number },
    ),
    phases: fc.uniqueArray(
      fc.record({
        number: fc.integer({ min: 1, max: 5 }),
        name: fc.constantFrom("Demo Blockers", "RFP Compliance", "Audit Readiness", "Hardening"),
        code: fc.constantFrom("016", "017", ""),
        target: optionalText,
        sprints: fc.array(
          fc.record({
            code: fc.constantFrom("016_CLI_x", "017_POLICY_y"),
            module: text,
            description: text,
            status: fc.constantFrom("TODO", "DONE"),
          }),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { maxLength: 3, selector: (phase) => phase.number },
    ),
    deliverables: fc.array(
      fc.record({
        title: text,
        path: fc.constantFrom("docs/a.md", "docs/b c.md"),
        status: fc.constantFrom("DONE", "TODO"),
      }),
      {
        maxLength: 3,
      },
    ),
    stakeholders: fc.uniqueArray(
      fc.record({
        role: fc.constantFrom("Engineering Lead", "Security Lead", "Product Manager"),
        portalRole: fc.constantFrom("RELEASE_ENGINEER" as const, "SECURITY_OFFICER" as const, null),
      }),
      { maxLength: 3, selector: (stakeholder) => stakeholder.role },
    ),
    documentHistory: fc.array(
      fc.record({
        date: fc.constant("2026-01-15"),
        version: fc.constant("1.0.0"),
        author: text,
        changes: text,
      }),
      {
        maxLength: 2,
      },
    ),
    extraSections: fc.array(
      fc.record({
        title: fc.constantFrom("Demo Script", "Notes (internal)"),
        body: fc.array(text, { maxLength: 4 }).map((lines) => lines.join("\n")),
      }),
      { maxLength: 2 },
    ),
  })
  .map((document) => ({
    ...document,
    items: [...document.items]
      .sort((a, b) => a.number - b.number)
      .map((item) => ({ ...item, documentCoverage: null, documentStatus: null })),
    phases: document.phases.map((phase) => ({ ...phase, level: phaseLevelOf(phase) })),
  }));

const withoutTyped = (document: TrackerDocument) => ({
  ...document,
  items: document.items.map((item) => ({ ...item, documentCoverage: null, documentStatus: null })),
});

describe("Markdown round trip", () => {
  it("renders every program to Markdown that parses back to it, and is stable", () => {
    fc.assert(
      fc.property(documentArbitrary, (document) => {
        const markdown = renderTrackerMarkdown(document);
        const parsed = parseTracker(markdown);
        if (!parsed.ok) throw new Error(`${JSON.stringify(parsed.errors)}\n${markdown}`);
        expect(withoutTyped(parsed.document)).toEqual(document);
        expect(renderTrackerMarkdown(parsed.document)).toBe(markdown);
      }),
      { numRuns: 500 },
    );
  });
});

describe("bad input", () => {
  const line = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      "| a | b |",
      "|---|---|",
      "| 1 | x | 50% | In Progress | Demo Ready |",
      "## Executive Summary",
      "Detailed Item Status",
      "### Item 1: x",
      "Proof Artifacts:",
      "- proof",
      "Version: 1",
      "Phase 1: Demo (016)",
      "Target: x",
      "```",
      "DONE | Existing |",
    ),
  );
  it("never throws: any text is a tracker or a list of line-numbered errors", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const result = parseTracker(lines.join("\n"));
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) {
            expect(error.line).toBeGreaterThanOrEqual(1);
            expect(error.line).toBeLessThanOrEqual(Math.max(lines.length, 1));
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
