// The comparison on /reports/continuity lives in the URL (baseline, target, status filter), so a report can be
// shared as a link and survives a reload.
import { CONTINUITY_STATUSES, type ContinuityStatus } from "@/server/evidence/continuity/vocabulary";

export type ContinuityView = { baseline: string; target: string; status: ContinuityStatus | "" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readContinuityView(params: { get(name: string): string | null }): ContinuityView {
  const id = (name: string) => {
    const value = params.get(name) ?? "";
    return UUID.test(value) ? value.toLowerCase() : "";
  };
  const status = params.get("status") ?? "";
  return {
    baseline: id("baseline"),
    target: id("target"),
    status: CONTINUITY_STATUSES.find((candidate) => candidate === status) ?? "",
  };
}

export function continuityViewQuery(view: ContinuityView, current: { toString(): string }): string {
  const next = new URLSearchParams(current.toString());
  for (const key of ["baseline", "target", "status"] as const) {
    if (view[key]) next.set(key, view[key]);
    else next.delete(key);
  }
  return next.toString();
}
