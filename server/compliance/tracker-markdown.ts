// The Markdown the tracker parser reads, one line at a time: headings, pipe tables (header, separator, rows, with
// rows broken over two lines joined back), columns matched by name or alias, rows as records by column name.
// Every problem goes to the reader's `fail` with its line number; nothing here knows about readiness programs.

export type ParseIssue = { line: number; message: string };

/** The document's lines and where problems go: one per parse, shared by the section readers. */
export type LineReader = {
  lines: string[];
  at: (index: number) => string;
  fail: (line: number, message: string) => void;
  /** a heading that starts a known section: a table row never continues onto one */
  startsSection: (line: string) => boolean;
};

export function lineReader(
  lines: string[],
  errors: ParseIssue[],
  startsSection: (line: string) => boolean,
): LineReader {
  return {
    lines,
    startsSection,
    at: (index) => lines[index] ?? "",
    fail: (line, message) => {
      errors.push({ line, message });
    },
  };
}

type TableRow = { line: number; cells: string[] };
export type Table = { line: number; header: string[]; rows: TableRow[] };
export type Column = { name: string; aliases?: string[]; required: boolean };
export type TableRecord = { line: number; get: (name: string) => string };

export const norm = (text: string) => text.trim().toLowerCase();

export function headingText(line: string): string {
  return line
    .trim()
    .replace(/^#{1,6}\s+/, "")
    .trim();
}

export function isTableLine(line: string): boolean {
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

export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Reads a table starting at `start`: header, separator, rows (joining a row broken over two lines). */
export function readTable(reader: LineReader, start: number): { table: Table; next: number } {
  const { lines, at, fail, startsSection } = reader;
  const header = splitRow(at(start));
  let index = start + 1;
  if (!isSeparatorRow(splitRow(at(index)))) {
    fail(Math.min(index + 1, lines.length), "a table needs a separator row (| --- | --- |) under its header");
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
      !startsSection(following)
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

/** Maps a table's header to the expected columns; reports missing or unknown ones. */
export function columnsOf(
  reader: LineReader,
  table: Table,
  columns: Column[],
  what: string,
): Map<string, number> | null {
  const { fail } = reader;
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

/** Rows as records by column name; rows of the wrong width are errors (or padded, when `pad` allows it). */
export function recordsOf(
  reader: LineReader,
  table: Table,
  columns: Map<string, number>,
  what: string,
  pad = false,
): TableRecord[] {
  const { fail } = reader;
  const width = table.header.length;
  const records: TableRecord[] = [];
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
