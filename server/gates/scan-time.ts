// Scan times as the reports write them (RFC 3339, Trivy and Grype with nanoseconds) -> ISO 8601 in UTC.
import type { DocumentProblem } from "./parse-result";

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function readScanTime(
  value: string | undefined,
  path: string,
): { ok: true; at: string | null } | { ok: false; problem: DocumentProblem } {
  if (value === undefined) return { ok: true, at: null };
  const millis = rfc3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(millis)) return { ok: false, problem: { path, message: "must be an RFC 3339 date-time" } };
  return { ok: true, at: new Date(millis).toISOString() };
}
