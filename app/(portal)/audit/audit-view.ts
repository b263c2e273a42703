// The audit browser's view (filters and order) lives in the URL so a filtered view can be shared and survives a
// reload. This file turns query-string values into the audit.list input and back.
import type { AuditListInput } from "@/server/audit/schemas";

export type AuditFilterKey = "actorId" | "action" | "subjectType" | "subjectId" | "from" | "to";
export type AuditOrder = "desc" | "asc";

/** Raw values as they stand in the URL: ids and text as typed, dates as ISO strings. */
export type AuditView = { filters: Record<AuditFilterKey, string>; order: AuditOrder };

type ListFilters = NonNullable<AuditListInput["filters"]>;

const paramNames: Record<AuditFilterKey, string> = {
  actorId: "actor",
  action: "action",
  subjectType: "subjectType",
  subjectId: "subjectId",
  from: "from",
  to: "to",
};

export const AUDIT_FILTER_KEYS = Object.keys(paramNames) as AuditFilterKey[];

type ParamReader = { get(name: string): string | null };

export function readAuditView(params: ParamReader): AuditView {
  const filters = {} as Record<AuditFilterKey, string>;
  for (const key of AUDIT_FILTER_KEYS) filters[key] = params.get(paramNames[key]) ?? "";
  return { filters, order: params.get("order") === "asc" ? "asc" : "desc" };
}

export type AuditViewPatch = { filters?: Partial<Record<AuditFilterKey, string>>; order?: AuditOrder };

export function patchAuditView(view: AuditView, patch: AuditViewPatch): AuditView {
  const filters = { ...view.filters };
  for (const [key, value] of Object.entries(patch.filters ?? {}) as [AuditFilterKey, string][]) {
    filters[key] = value.trim();
  }
  return { filters, order: patch.order ?? view.order };
}

/** `view` written over `current` (other parameters survive); defaults are left out to keep shared links short. */
export function auditViewQuery(view: AuditView, current: { toString(): string }): string {
  const next = new URLSearchParams(current.toString());
  for (const key of AUDIT_FILTER_KEYS) {
    const value = view.filters[key].trim();
    if (value === "") next.delete(paramNames[key]);
    else next.set(paramNames[key], value);
  }
  if (view.order === "asc") next.set("order", "asc");
  else next.delete("order");
  return next.toString();
}

export function clearedFilters(): Record<AuditFilterKey, string> {
  return { actorId: "", action: "", subjectType: "", subjectId: "", from: "", to: "" };
}

export function hasActiveFilters(view: AuditView): boolean {
  return AUDIT_FILTER_KEYS.some((key) => view.filters[key] !== "");
}

// A datetime-local input has minute precision, so "to 10:00" is read as the whole of that minute: an event at
// 10:00:42 is one the auditor meant to include.
const MINUTE_MS = 60_000;
const endOfMinute = (date: Date) =>
  new Date(Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS - 1);

/**
 * The filters to send, plus messages for values the browser cannot even send (a hand-edited date in the URL).
 * Everything else, such as `from` after `to`, is left for the server to judge so there is one rule, not two.
 */
export function toListFilters(view: AuditView): {
  filters: ListFilters;
  invalid: Partial<Record<AuditFilterKey, string>>;
} {
  const { actorId, action, subjectType, subjectId, from, to } = view.filters;
  const filters: ListFilters = {};
  const invalid: Partial<Record<AuditFilterKey, string>> = {};
  if (actorId) filters.actorId = actorId;
  if (action) filters.action = action;
  if (subjectType) filters.subjectType = subjectType;
  if (subjectId) filters.subjectId = subjectId;
  const fromDate = parseDate(from);
  if (fromDate === "invalid") invalid.from = "Not a valid date and time";
  else if (fromDate) filters.from = fromDate;
  const toDate = parseDate(to);
  if (toDate === "invalid") invalid.to = "Not a valid date and time";
  else if (toDate) filters.to = endOfMinute(toDate);
  return { filters, invalid };
}

function parseDate(value: string): Date | "invalid" | null {
  if (value === "") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? "invalid" : date;
}

/** ISO instant -> the `YYYY-MM-DDTHH:mm` a datetime-local input shows, in the browser's time zone. */
export function toLocalInputValue(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${String(date.getFullYear()).padStart(4, "0")}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (browser time zone) -> an ISO instant for the URL, so a shared link means one moment. */
export function fromLocalInputValue(local: string): string {
  if (local === "") return "";
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}
