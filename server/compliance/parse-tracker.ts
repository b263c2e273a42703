// Reads a readiness tracker written in Markdown (the shape of the seed tracker: title and "Version:" line,
// executive summary table, sprint tables per phase, one requirement table per item, proof artifacts,
// documentation deliverables, stakeholder sign-off, change log) into a TrackerDocument. Headings may or may not
// carry "#" (documents pasted from rich text lose them). Table rows broken over two lines are joined when the
// join gives the table's column count. Every problem is reported with its line number; any error means nothing
// is imported. Sections the portal does not model are kept verbatim, so the Markdown export loses nothing.
import type { TrackerDocument } from "./document";
import { phaseLevelOf } from "./policy";
import {
  clip,
  headingText,
  isTableLine,
  lineReader,
  norm,
  type ParseIssue,
  readTable,
} from "./tracker-markdown";
import { emptySections, readSectionTable, type Section } from "./tracker-tables";

export type { ParseIssue } from "./tracker-markdown";

export type ParseResult =
  | { ok: true; document: TrackerDocument; warnings: ParseIssue[] }
  | { ok: false; errors: ParseIssue[] };

const SECTION_HEADINGS: Record<string, Section> = {
  "executive summary": "summary",
  "sprint allocation": "sprints",
  "detailed item status": "items",
  "documentation deliverables": "deliverables",
  "stakeholder sign-off": "stakeholders",
  "stakeholder sign-offs": "stakeholders",
  "stakeholder signoff": "stakeholders",
  "change log": "history",
};

const SECTION_NAMES: Record<Section, string> = {
  summary: "Executive Summary",
  sprints: "Sprint Allocation",
  items: "Detailed Item Status",
  deliverables: "Documentation Deliverables",
  stakeholders: "Stakeholder Sign-Off",
  history: "Change Log",
};

const MAX_LINES = 20_000;
const SHA256 = /^[0-9a-f]{64}$/;

function sectionOf(line: string): Section | null {
  return SECTION_HEADINGS[headingText(line).toLowerCase()] ?? null;
}

export function parseTracker(markdown: string): ParseResult {
  const lines = markdown.replace(/^\uFEFF/, "").split(/\r?\n/);
  const errors: ParseIssue[] = [];
  const warnings: ParseIssue[] = [];
  if (lines.length > MAX_LINES) {
    return {
      ok: false,
      errors: [{ line: MAX_LINES + 1, message: `a tracker has at most ${MAX_LINES} lines` }],
    };
  }
  const reader = lineReader(lines, errors, (line) => sectionOf(line) !== null);
  const { at, fail } = reader;

  // --- title and metadata: everything before the first known section
  let firstSection = lines.findIndex((line) => sectionOf(line) !== null);
  if (firstSection === -1) firstSection = lines.length;
  const metaIndex = lines.slice(0, firstSection).findIndex((line) => /^\s*(?:#+\s*)?Version:/i.test(line));
  let name = "";
  let description = "";
  const meta: Record<string, string> = {};
  if (metaIndex === -1) {
    fail(1, 'the tracker must start with a title line and a "Version: …" line');
  } else {
    for (let index = metaIndex - 1; index >= 0; index -= 1) {
      if (at(index).trim() !== "") {
        name = headingText(at(index));
        break;
      }
    }
    if (!name) fail(metaIndex + 1, 'a title line must come before the "Version:" line');
    const metaLine = headingText(at(metaIndex));
    const keys = /(Version|Created|Last Updated|Status|Owner):/gi;
    const marks = [...metaLine.matchAll(keys)];
    marks.forEach((mark, position) => {
      const start = (mark.index ?? 0) + mark[0].length;
      const end = marks[position + 1]?.index ?? metaLine.length;
      meta[norm(mark[1] ?? "")] = metaLine.slice(start, end).trim();
    });
    if (!meta.version) fail(metaIndex + 1, 'the "Version:" line names no version');
    description = lines
      .slice(metaIndex + 1, firstSection)
      .map((line) => line.trim())
      .filter(Boolean)
      .join("\n");
  }

  // --- sections
  const parsed = emptySections();
  const { phases, items } = parsed;
  const extraSections: { title: string; body: string }[] = [];
  const seenSections = new Set<Section>();
  let section: Section | null = null;
  let proofMode = false;

  let index = firstSection;
  while (index < lines.length) {
    const raw = at(index);
    const line = raw.trim();
    const lineNo = index + 1;
    const heading = sectionOf(raw);
    if (heading) {
      if (seenSections.has(heading)) fail(lineNo, `the section "${SECTION_NAMES[heading]}" appears twice`);
      seenSections.add(heading);
      section = heading;
      proofMode = false;
      index += 1;
      continue;
    }
    if (line === "") {
      index += 1;
      continue;
    }
    if (isTableLine(raw)) {
      const { table, next } = readTable(reader, index);
      index = next;
      if (readSectionTable(reader, parsed, section, table)) proofMode = false;
      continue;
    }
    if (section === "sprints") {
      const phase = /^(?:#+\s*)?Phase\s+(\d+)\s*:\s*(.+?)\s*(?:\(([^()]+)\))?$/i.exec(line);
      if (phase) {
        const number = Number(phase[1]);
        if (phases.some((entry) => entry.number === number)) fail(lineNo, `phase ${number} appears twice`);
        const phaseName = (phase[2] ?? "").trim();
        phases.push({
          number,
          name: phaseName,
          code: (phase[3] ?? "").trim(),
          target: "",
          level: phaseLevelOf({ number, name: phaseName }),
          sprints: [],
        });
        index += 1;
        continue;
      }
      const target = /^Target:\s*(.*)$/i.exec(line);
      if (target) {
        const current = phases.at(-1);
        if (!current) fail(lineNo, 'a "Target:" line must follow a "Phase N: name" line');
        else current.target = (target[1] ?? "").trim();
        index += 1;
        continue;
      }
    }
    if (section === "items") {
      const item = /^(?:#+\s*)?Item\s+(\d+)\s*:\s*(.+)$/i.exec(line);
      if (item) {
        const number = Number(item[1]);
        if (items.some((entry) => entry.number === number)) {
          fail(lineNo, `item number ${number} appears twice (item numbers must be unique)`);
        }
        items.push({
          line: lineNo,
          number,
          title: (item[2] ?? "").trim(),
          summary: "",
          whyItMatters: "",
          targetLevel: "DEMO",
          documentCoverage: null,
          documentStatus: null,
          requirements: [],
          proofArtifacts: [],
        });
        proofMode = false;
        index += 1;
        continue;
      }
      const why = /^Why it matters:\s*(.*)$/i.exec(line);
      if (why) {
        const current = items.at(-1);
        if (!current) fail(lineNo, '"Why it matters:" must follow an "Item N: title" line');
        else current.whyItMatters = (why[1] ?? "").trim();
        index += 1;
        continue;
      }
      if (/^(?:#+\s*)?Proof Artifacts:?$/i.test(line)) {
        if (!items.at(-1)) fail(lineNo, '"Proof Artifacts:" must follow an "Item N: title" line');
        proofMode = true;
        index += 1;
        continue;
      }
      const bullet = /^[-*]\s+(.+)$/.exec(line);
      if (bullet && proofMode) {
        const text = (bullet[1] ?? "").trim();
        const evidence = /^(.*?)\s*\(evidence sha256:([^)\s]*)\)$/.exec(text);
        const digest = evidence?.[2] ?? null;
        if (digest !== null && !SHA256.test(digest)) {
          fail(lineNo, "an evidence digest must be 64 lower-case hex characters (evidence sha256:<hex>)");
        }
        items.at(-1)?.proofArtifacts.push({
          description: evidence ? (evidence[1] ?? "").trim() : text,
          evidenceSha256: digest,
        });
        index += 1;
        continue;
      }
    }
    // A heading the portal does not model, after the modelled sections have started (e.g. "Demo Script"):
    // kept verbatim up to the next known section. In the tables' own sections any other text is a mistake.
    const markdownHeading = /^#{1,2}\s+\S/.test(line);
    if (
      markdownHeading ||
      section === "deliverables" ||
      section === "stakeholders" ||
      section === "history"
    ) {
      const title = headingText(raw);
      let start = index + 1;
      while (start < lines.length && at(start).trim() === "") start += 1;
      // a fenced body (as the export writes it) ends at its closing fence; otherwise at the next known section
      const fence = /^(`{3,}|~{3,})/.exec(at(start).trim())?.[1];
      const close = fence
        ? lines.findIndex((candidate, position) => position > start && candidate.trim() === fence)
        : -1;
      if (fence && close !== -1) {
        extraSections.push({ title, body: lines.slice(start + 1, close).join("\n") });
        index = close + 1;
        continue;
      }
      let end = index + 1;
      while (end < lines.length && sectionOf(at(end)) === null) end += 1;
      const bodyLines = lines.slice(index + 1, end);
      while (bodyLines.length > 0 && (bodyLines.at(-1) ?? "").trim() === "") bodyLines.pop();
      while (bodyLines.length > 0 && (bodyLines[0] ?? "").trim() === "") bodyLines.shift();
      extraSections.push({ title, body: unwrapFence(bodyLines).join("\n") });
      index = end;
      continue;
    }
    fail(
      lineNo,
      section === null
        ? `unexpected text before the first section: "${clip(line)}"`
        : `unexpected text in "${SECTION_NAMES[section]}": "${clip(line)}"`,
    );
    index += 1;
  }

  // --- cross-checks between the summary and the item sections
  if (!seenSections.has("summary")) fail(lines.length, 'the "Executive Summary" section is missing');
  if (!seenSections.has("items")) fail(lines.length, 'the "Detailed Item Status" section is missing');
  for (const row of parsed.summaryRows) {
    if (!items.some((item) => item.number === row.number)) {
      fail(
        row.line,
        `item ${row.number} is in the executive summary but has no "Item ${row.number}: …" section`,
      );
    }
  }
  for (const item of items) {
    const row = parsed.summaryRows.find((entry) => entry.number === item.number);
    if (!row) {
      if (seenSections.has("summary")) {
        fail(item.line, `item ${item.number} has a section but no row in the executive summary`);
      }
      continue;
    }
    item.summary = row.summary;
    item.targetLevel = row.target;
    item.documentCoverage = row.coverage;
    item.documentStatus = row.status || null;
    if (item.requirements.length === 0)
      warnings.push({ line: item.line, message: `item ${item.number} has no requirements` });
  }

  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors };
  }
  const sortedItems = [...items].sort((a, b) => a.number - b.number).map(({ line: _line, ...item }) => item);
  return {
    ok: true,
    warnings,
    document: {
      name,
      version: meta.version ?? "",
      status: meta.status || "Active",
      owner: meta.owner ?? "",
      description,
      createdOn: meta.created || null,
      updatedOn: meta["last updated"] || null,
      items: sortedItems,
      phases,
      deliverables: parsed.deliverables,
      stakeholders: parsed.stakeholders,
      documentHistory: parsed.history,
      extraSections,
    },
  };
}

/** A section body that is one fenced block (as the export writes it) is read back without the fence. */
function unwrapFence(bodyLines: string[]): string[] {
  const first = bodyLines[0]?.trim() ?? "";
  const last = bodyLines.at(-1)?.trim() ?? "";
  const fence = /^(`{3,}|~{3,})/.exec(first)?.[1];
  if (!fence || bodyLines.length < 2 || last !== fence) return bodyLines;
  const inner = bodyLines.slice(1, -1);
  return inner.some((line) => line.trim().startsWith(fence)) ? bodyLines : inner;
}
