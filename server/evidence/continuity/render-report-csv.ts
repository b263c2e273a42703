// The report's items as CSV (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote or line
// break), one row per piece of evidence, for spreadsheets. Cells that a spreadsheet would run as a formula are
// prefixed with an apostrophe (file names come from uploaders).
import type { ContinuityReportDocument } from "./report-document";

const HEADER = [
  "evidence_id",
  "file_name",
  "kind",
  "status",
  "reason",
  "baseline_sha256",
  "baseline_status",
  "target_sha256",
  "target_status",
];

function cell(value: string | null | undefined): string {
  const text = value ?? "";
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function renderReportCsv(document: ContinuityReportDocument): string {
  const rows = document.items.map((item) =>
    [
      item.evidenceId,
      item.fileName,
      item.kind,
      item.status,
      item.reason,
      item.baseline?.sha256,
      item.baseline?.status,
      item.target?.sha256,
      item.target?.status,
    ].map(cell),
  );
  return `${[HEADER, ...rows].map((row) => row.join(",")).join("\r\n")}\r\n`;
}
