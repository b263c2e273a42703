// Prints one table per database: each measurement beside the baseline it is compared with, and their ratio.
export type ReportRow = {
  label: string;
  value: string;
  baseline?: { label: string; value: string };
  ratio?: { label: string; value: number };
};

const numbers = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const millis = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatRate = (perSecond: number) => `${numbers.format(perSecond)} ev/s`;
export const formatMs = (ms: number) => `${millis.format(ms)} ms`;
export const formatCount = (count: number) => numbers.format(count);

function formatRatio(value: number): string {
  return value >= 10 ? value.toFixed(0) : value >= 0.1 ? value.toFixed(2) : value.toFixed(3);
}

export function printTable(title: string, rows: readonly ReportRow[]): void {
  const width = (cells: (string | undefined)[]) => Math.max(0, ...cells.map((cell) => cell?.length ?? 0));
  const labelWidth = width(rows.map((row) => row.label));
  const valueWidth = width(rows.map((row) => row.value));
  const baseLabelWidth = width(rows.map((row) => row.baseline?.label));
  const baseValueWidth = width(rows.map((row) => row.baseline?.value));
  console.log(`\n${title}`);
  console.log("-".repeat(title.length));
  for (const row of rows) {
    const cells = [`  ${row.label.padEnd(labelWidth)}`, row.value.padStart(valueWidth)];
    if (row.baseline) {
      cells.push(
        `${row.baseline.label.padEnd(baseLabelWidth)} ${row.baseline.value.padStart(baseValueWidth)}`,
      );
    } else if (row.ratio) {
      cells.push(" ".repeat(baseLabelWidth + baseValueWidth + 1));
    }
    if (row.ratio) cells.push(`${row.ratio.label} ${formatRatio(row.ratio.value)}`);
    console.log(cells.join("   ").trimEnd());
  }
}
