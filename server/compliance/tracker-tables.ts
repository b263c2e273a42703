// The tables of each tracker section, read into what the parse has collected so far. A table's meaning depends
// on the section (and, for sprints and requirements, on the phase or item line above it); problems go to the
// reader's `fail` with their line numbers.
import { ROLES, type Role } from "../authz/permissions";
import type {
  TrackerDeliverable,
  TrackerHistoryEntry,
  TrackerItem,
  TrackerPhase,
  TrackerStakeholder,
} from "./document";
import { clip, columnsOf, type LineReader, norm, recordsOf, type Table } from "./tracker-markdown";
import {
  defaultPortalRoleFor,
  isRequirementStatus,
  REQUIREMENT_STATUSES,
  readinessLevelFromText,
} from "./vocabulary";

export type Section = "summary" | "sprints" | "items" | "deliverables" | "stakeholders" | "history";

export type SummaryRow = {
  line: number;
  number: number;
  summary: string;
  coverage: number | null;
  status: string;
  target: TrackerItem["targetLevel"];
};

/** Everything the sections have yielded so far, in document order. */
export type ParsedSections = {
  summaryRows: SummaryRow[];
  phases: TrackerPhase[];
  items: (TrackerItem & { line: number })[];
  deliverables: TrackerDeliverable[];
  stakeholders: TrackerStakeholder[];
  history: TrackerHistoryEntry[];
};

export function emptySections(): ParsedSections {
  return { summaryRows: [], phases: [], items: [], deliverables: [], stakeholders: [], history: [] };
}

/** Reads `table` as a table of `section`; true when it was an item's requirement table. */
export function readSectionTable(
  reader: LineReader,
  parsed: ParsedSections,
  section: Section | null,
  table: Table,
): boolean {
  switch (section) {
    case "summary":
      readSummaryTable(reader, parsed, table);
      return false;
    case "sprints":
      readSprintTable(reader, parsed, table);
      return false;
    case "items":
      return readRequirementTable(reader, parsed, table);
    case "deliverables":
      readDeliverablesTable(reader, parsed, table);
      return false;
    case "stakeholders":
      readStakeholdersTable(reader, parsed, table);
      return false;
    case "history":
      readHistoryTable(reader, parsed, table);
      return false;
    default:
      reader.fail(
        table.line,
        "a table outside any known section (start with a heading such as Executive Summary)",
      );
      return false;
  }
}

/** The executive summary: one row per item (number, description, coverage, status, target). */
function readSummaryTable(reader: LineReader, parsed: ParsedSections, table: Table): void {
  const { fail } = reader;
  const { summaryRows } = parsed;
  const columns = columnsOf(
    reader,
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
  for (const row of recordsOf(reader, table, columns, "executive summary")) {
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
}

/** A sprint table belongs to the phase line above it. */
function readSprintTable(reader: LineReader, parsed: ParsedSections, table: Table): void {
  const { fail } = reader;
  const { phases } = parsed;
  const phase = phases.at(-1);
  if (!phase) {
    fail(table.line, 'a sprint table must follow a "Phase N: name" line');
    return;
  }
  const columns = columnsOf(
    reader,
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
  for (const row of recordsOf(reader, table, columns, "sprint")) {
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
}

/** An item's requirement table (one per item); true when it was read, which ends the item's proof list. */
function readRequirementTable(reader: LineReader, parsed: ParsedSections, table: Table): boolean {
  const { fail } = reader;
  const { items } = parsed;
  const item = items.at(-1);
  if (!item) {
    fail(table.line, 'a requirement table must follow an "Item N: title" line');
    return false;
  }
  if (item.requirements.length > 0) {
    fail(table.line, `item ${item.number} has a second requirement table`);
    return false;
  }
  const columns = columnsOf(
    reader,
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
  if (!columns) return false;
  for (const row of recordsOf(reader, table, columns, "requirement")) {
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
  return true;
}

/** Documentation deliverables: title, path, status. */
function readDeliverablesTable(reader: LineReader, parsed: ParsedSections, table: Table): void {
  const { deliverables } = parsed;
  const columns = columnsOf(
    reader,
    table,
    [
      { name: "Document", aliases: ["Title"], required: true },
      { name: "Path", required: true },
      { name: "Status", required: true },
    ],
    "documentation deliverables",
  );
  if (!columns) return;
  for (const row of recordsOf(reader, table, columns, "deliverable")) {
    deliverables.push({ title: row.get("Document"), path: row.get("Path"), status: row.get("Status") });
  }
}

/** Stakeholder sign-off: the roles that sign, and which portal role may sign for each. */
function readStakeholdersTable(reader: LineReader, parsed: ParsedSections, table: Table): void {
  const { fail } = reader;
  const { stakeholders } = parsed;
  const columns = columnsOf(
    reader,
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
  for (const row of recordsOf(reader, table, columns, "stakeholder", true)) {
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
        fail(row.line, `unknown portal role "${clip(given)}" (use ${ROLES.join(", ")} or "any signer")`);
        continue;
      }
    }
    stakeholders.push({ role, portalRole });
  }
}

/** The change log. */
function readHistoryTable(reader: LineReader, parsed: ParsedSections, table: Table): void {
  const { history } = parsed;
  const columns = columnsOf(
    reader,
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
  for (const row of recordsOf(reader, table, columns, "change log")) {
    history.push({
      date: row.get("Date"),
      version: row.get("Version"),
      author: row.get("Author"),
      changes: row.get("Changes"),
    });
  }
}
