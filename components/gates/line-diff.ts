// A line diff for comparing two versions of a policy pack (pretty-printed JSON, a few hundred lines at most):
// the longest common subsequence of lines, walked back into kept, removed and added lines. Quadratic in the number
// of lines, which is fine at that size and keeps the function small enough to check by reading.

export type DiffLine = { kind: "same" | "removed" | "added"; text: string };

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // lengths[i][j]: length of the longest common subsequence of a[i..] and b[j..]
  const lengths: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i -= 1) {
    const row = lengths[i] as number[];
    const below = lengths[i + 1] as number[];
    for (let j = b.length - 1; j >= 0; j -= 1) {
      row[j] =
        a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: "same", text: a[i] as string });
      i += 1;
      j += 1;
    } else if ((lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0)) {
      // removing first, then adding: a changed line reads as "-old" then "+new"
      lines.push({ kind: "removed", text: a[i] as string });
      i += 1;
    } else {
      lines.push({ kind: "added", text: b[j] as string });
      j += 1;
    }
  }
  for (; i < a.length; i += 1) lines.push({ kind: "removed", text: a[i] as string });
  for (; j < b.length; j += 1) lines.push({ kind: "added", text: b[j] as string });
  return lines;
}

/** The JSON a pack version is compared as: two-space indentation, keys in the stored order. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

export type DiffRow = DiffLine | { kind: "skipped"; count: number };

/** The diff as a reader wants it: changed lines with `context` unchanged lines around them, longer runs folded. */
export function foldUnchanged(lines: DiffLine[], context = 3): DiffRow[] {
  const near = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === "same") return;
    for (let at = Math.max(0, index - context); at <= Math.min(lines.length - 1, index + context); at += 1) {
      near[at] = true;
    }
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (line.kind !== "same" || near[index]) {
      if (skipped > 0) rows.push({ kind: "skipped", count: skipped });
      skipped = 0;
      rows.push(line);
    } else {
      skipped += 1;
    }
  });
  if (skipped > 0) rows.push({ kind: "skipped", count: skipped });
  return rows;
}
