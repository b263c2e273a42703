// Reads a readiness tracker written in Markdown (the shape of the seed tracker: title and "Version:" line,
// executive summary table, sprint tables per phase, one requirement table per item, proof artifacts,
// documentation deliverables, stakeholder sign-off, change log) into a TrackerDocument. Headings may or may not
// carry "#" (documents pasted from rich text lose them). Table rows broken over two lines are joined when the
// join gives the table's column count. Every problem is reported with its line number; any error means nothing
// is imported. Sections the portal does not model are kept verbatim, so the Markdown export loses nothing.
import { ROLES, type Role } from "../authz/permissions";
import type {
  TrackerDeliverable,
  TrackerDocument,
  TrackerHistoryEntry,
  TrackerItem,
  TrackerPhase,
  TrackerStakeholder,
} from "./document";
import { phaseLevelOf } from "./policy";
import {
  defaultPortalRoleFor,
  isRequirementStatus,
  REQUIREMENT_STATUSES,
  readinessLevelFromText,
} from "./vocabulary";

export type ParseIssue = { line: number; message: string };

export type ParseResult =
  | { ok: true; document: TrackerDocument; warnings: ParseIssue[] }
  | { ok: false; errors: ParseIssue[] };

type Section = "summary" | "sprints" | "items" | "deliverables" | "stakeholders" | "history";

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

function headingText(line: string): string {
  return line
    .trim()
    .replace(/^#{1,6}\s+/, "")
    .trim();
}

function sectionOf(line: string): Section | null {
  return SECTION_HEADINGS[headingText(line).toLowerCase()] ?? null;
}

function isTableLine(line: string): boolean {
  return line.trim().startsWith("|");
}

/** Cells of a table row; "\|" is a literal bar inside a cell. */
export function splitRow(line: string): string[] {
  let text = line.trim();
  if (text.startsWith("|")) text = text.slice(1);
  if (text.endsWith("|") && !text.endsWith("\\|")) text = text.slice(0, -1);
  const cells: string[] = [];
  let current = "";
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === "\\" && text[index + 1] === "|") {
      current += "|";
      index += 1;
    } else if (char === "|") {
      cells.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  cells.push(current.trim());
  return cells;
}

const isSeparatorRow = (cells: string[]) =>
  cells.length > 0 && cells.every((cell) => /^:?-{3,}:?$/.test(cell));

type TableRow = { line: number; cells: string[] };
type Table = { line: number; header: string[]; rows: TableRow[] };

type Column = { name: string; aliases?: string[]; required: boolean };

const norm = (text: string) => text.trim().toLowerCase();

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
  const fail = (line: number, message: string) => {
    errors.push({ line, message });
  };
  const at = (index: number) => lines[index] ?? "";

  // Reads a table starting at `start`: header, separator, rows (joining a row broken over two lines).
  function readTable(start: number): { table: Table; next: number } {
    const header = splitRow(at(start));
    let index = start + 1;
    if (!isSeparatorRow(splitRow(at(index)))) {
      fail(
        Math.min(index + 1, lines.length),
        "a table needs a separator row (| --- | --- |) under its header",
      );
    } else {
      index += 1;
    }
    const rows: TableRow[] = [];
    while (index < lines.length && isTableLine(at(index))) {
      let cells = splitRow(at(index));
      const line = index + 1;
      const following = at(index + 1);
      if (
        cells.length < header.length &&
        following.trim() !== "" &&
        !isTableLine(following) &&
        sectionOf(following) === null
      ) {
        const joined = splitRow(`${at(index).trim()} ${following.trim()}`);
        if (joined.length === header.length) {
          cells = joined;
          index += 1;
        }
      }
      rows.push({ line, cells });
      index += 1;
    }
    return { table: { line: start + 1, header, rows }, next: index };
  }

  // Maps a table's header to the expected columns; reports missing or unknown ones.
  function columnsOf(table: Table, columns: Column[], what: string): Map<string, number> | null {
    const found = new Map<string, number>();
    const unknown: string[] = [];
    table.header.forEach((name, position) => {
      const column = columns.find((candidate) =>
        [candidate.name, ...(candidate.aliases ?? [])].some((alias) => norm(alias) === norm(name)),
      );
      if (column) found.set(column.name, position);
      else unknown.push(name || "(empty)");
    });
    const missing = columns.filter((column) => column.required && !found.has(column.name));
    if (missing.length > 0 || unknown.length > 0) {
      const expected = columns
        .map((column) => (column.required ? column.name : `[${column.name}]`))
        .join(" | ");
      fail(
        table.line,
        `the ${what} table must have the columns ${expected}` +
          (missing.length ? `; missing: ${missing.map((column) => column.name).join(", ")}` : "") +
          (unknown.length ? `; unknown: ${unknown.join(", ")}` : ""),
      );
      return null;
    }
    return found;
  }

  // Rows as records by column name; rows of the wrong width are errors (or padded, when `pad` allows it).
  function recordsOf(
    table: Table,
    columns: Map<string, number>,
    what: string,
    pad = false,
  ): { line: number; get: (name: string) => string }[] {
    const width = table.header.length;
    const records: { line: number; get: (name: string) => string }[] = [];
    for (const row of table.rows) {
      if (row.cells.length !== width && !(pad && row.cells.length < width)) {
        fail(
          row.line,
          `this ${what} row has ${row.cells.length} cell${row.cells.length === 1 ? "" : "s"}; the table has ${width} columns (${table.header.join(" | ")})`,
        );
        continue;
      }
      records.push({
        line: row.line,
        get: (name) => {
          const position = columns.get(name);
          return position === undefined ? "" : (row.cells[position] ?? "");
        },
      });
    }
    return records;
  }

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
  type SummaryRow = {
    line: number;
    number: number;
    summary: string;
    coverage: number | null;
    status: string;
    target: TrackerItem["targetLevel"];
  };
  const summaryRows: SummaryRow[] = [];
  const phases: TrackerPhase[] = [];
  const items: (TrackerItem & { line: number })[] = [];
  const deliverables: TrackerDeliverable[] = [];
  const stakeholders: TrackerStakeholder[] = [];
  const history: TrackerHistoryEntry[] = [];
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
      const { table, next } = readTable(index);
      index = next;
      handleTable(table);
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

  function handleTable(table: Table): void {
    switch (section) {
      case "summary": {
        const columns = columnsOf(
          table,
          [
            { name: "Item", required: true },
            { name: "Description", required: true },
            { name: "Coverage", required: false },
            { name: "Status", required: false },
            { name: "Target", required: true },
          ],
          "executive summary",
        );
        if (!columns) return;
        for (const row of recordsOf(table, columns, "executive summary")) {
          const number = Number(row.get("Item"));
          if (!Number.isInteger(number) || number < 1) {
            fail(row.line, `"${clip(row.get("Item"))}" is not an item number (a whole number from 1)`);
            continue;
          }
          if (summaryRows.some((entry) => entry.number === number)) {
            fail(row.line, `item number ${number} appears twice in the executive summary`);
            continue;
          }
          const coverageText = row.get("Coverage");
          let coverage: number | null = null;
          if (coverageText !== "" && !/^n\/a$/i.test(coverageText)) {
            const match = /^(\d+(?:\.\d+)?)\s*%?$/.exec(coverageText);
            if (!match || Number(match[1]) > 100) {
              fail(row.line, `"${clip(coverageText)}" is not a coverage percentage (0-100%)`);
              continue;
            }
            coverage = Number(match[1]);
          }
          const target = readinessLevelFromText(row.get("Target"));
          if (!target) {
            fail(
              row.line,
              `unknown target "${clip(row.get("Target"))}" for item ${number} (use Demo Ready, RFP Ready or Audit Ready)`,
            );
            continue;
          }
          summaryRows.push({
            line: row.line,
            number,
            summary: row.get("Description"),
            coverage,
            status: row.get("Status"),
            target,
          });
        }
        return;
      }
      case "sprints": {
        const phase = phases.at(-1);
        if (!phase) {
          fail(table.line, 'a sprint table must follow a "Phase N: name" line');
          return;
        }
        const columns = columnsOf(
          table,
          [
            { name: "Sprint", required: true },
            { name: "Module", required: true },
            { name: "Description", required: true },
            { name: "Status", required: true },
          ],
          "sprint",
        );
        if (!columns) return;
        for (const row of recordsOf(table, columns, "sprint")) {
          if (!row.get("Sprint")) {
            fail(row.line, "a sprint needs a code");
            continue;
          }
          phase.sprints.push({
            code: row.get("Sprint"),
            module: row.get("Module"),
            description: row.get("Description"),
            status: row.get("Status"),
          });
        }
        return;
      }
      case "items": {
        const item = items.at(-1);
        if (!item) {
          fail(table.line, 'a requirement table must follow an "Item N: title" line');
          return;
        }
        if (item.requirements.length > 0) {
          fail(table.line, `item ${item.number} has a second requirement table`);
          return;
        }
        const columns = columnsOf(
          table,
          [
            { name: "Requirement", required: true },
            { name: "Implementation", required: true },
            { name: "Status", required: true },
            { name: "Sprint", required: true },
            { name: "Owner", required: false },
            { name: "Notes", required: false },
            { name: "Frameworks", required: false },
          ],
          "requirement",
        );
        if (!columns) return;
        for (const row of recordsOf(table, columns, "requirement")) {
          const title = row.get("Requirement");
          if (!title) {
            fail(row.line, "a requirement needs a title");
            continue;
          }
          const status = row.get("Status").toUpperCase();
          if (!isRequirementStatus(status)) {
            fail(
              row.line,
              `unknown status "${clip(row.get("Status"))}" for requirement "${clip(title)}" (use ${REQUIREMENT_STATUSES.join(", ")})`,
            );
            continue;
          }
          const frameworks = row
            .get("Frameworks")
            .split(/[,\s]+/)
            .map((tag) => tag.trim())
            .filter(Boolean);
          const badTag = frameworks.find((tag) => !/^[A-Za-z0-9.-]+:[A-Za-z0-9.()-]+$/.test(tag));
          if (badTag) {
            fail(row.line, `"${clip(badTag)}" is not a framework id (write FRAMEWORK:ID, e.g. SOC2:CC6.1)`);
            continue;
          }
          item.requirements.push({
            title,
            implementation: row.get("Implementation"),
            status,
            sprint: row.get("Sprint"),
            owner: row.get("Owner"),
            notes: row.get("Notes"),
            frameworks,
          });
        }
        proofMode = false;
        return;
      }
      case "deliverables": {
        const columns = columnsOf(
          table,
          [
            { name: "Document", aliases: ["Title"], required: true },
            { name: "Path", required: true },
            { name: "Status", required: true },
          ],
          "documentation deliverables",
        );
        if (!columns) return;
        for (const row of recordsOf(table, columns, "deliverable")) {
          deliverables.push({ title: row.get("Document"), path: row.get("Path"), status: row.get("Status") });
        }
        return;
      }
      case "stakeholders": {
        const columns = columnsOf(
          table,
          [
            { name: "Role", required: true },
            { name: "Portal Role", required: false },
            { name: "Name", required: false },
            { name: "Date", required: false },
            { name: "Signature", required: false },
          ],
          "stakeholder sign-off",
        );
        if (!columns) return;
        // paper sign-off tables are often left half empty: short rows are fine here
        for (const row of recordsOf(table, columns, "stakeholder", true)) {
          const role = row.get("Role");
          if (!role) {
            fail(row.line, "a stakeholder row needs a role");
            continue;
          }
          if (stakeholders.some((entry) => norm(entry.role) === norm(role))) {
            fail(row.line, `the stakeholder role "${clip(role)}" appears twice`);
            continue;
          }
          let portalRole: Role | null = defaultPortalRoleFor(role);
          if (columns.has("Portal Role")) {
            const given = row.get("Portal Role").trim();
            if (given === "" || /^any/i.test(given)) portalRole = null;
            else if ((ROLES as readonly string[]).includes(given)) portalRole = given as Role;
            else {
              fail(
                row.line,
                `unknown portal role "${clip(given)}" (use ${ROLES.join(", ")} or "any signer")`,
              );
              continue;
            }
          }
          stakeholders.push({ role, portalRole });
        }
        return;
      }
      case "history": {
        const columns = columnsOf(
          table,
          [
            { name: "Date", required: true },
            { name: "Version", required: true },
            { name: "Author", required: true },
            { name: "Changes", required: true },
          ],
          "change log",
        );
        if (!columns) return;
        for (const row of recordsOf(table, columns, "change log")) {
          history.push({
            date: row.get("Date"),
            version: row.get("Version"),
            author: row.get("Author"),
            changes: row.get("Changes"),
          });
        }
        return;
      }
      default:
        fail(
          table.line,
          "a table outside any known section (start with a heading such as Executive Summary)",
        );
    }
  }

  // --- cross-checks between the summary and the item sections
  if (!seenSections.has("summary")) fail(lines.length, 'the "Executive Summary" section is missing');
  if (!seenSections.has("items")) fail(lines.length, 'the "Detailed Item Status" section is missing');
  for (const row of summaryRows) {
    if (!items.some((item) => item.number === row.number)) {
      fail(
        row.line,
        `item ${row.number} is in the executive summary but has no "Item ${row.number}: …" section`,
      );
    }
  }
  for (const item of items) {
    const row = summaryRows.find((entry) => entry.number === item.number);
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
      deliverables,
      stakeholders,
      documentHistory: history,
      extraSections,
    },
  };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
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
