// The evidence list's filters live in the URL (shareable, survive a reload); this turns them into evidence.list input.
import type { EvidenceListInput } from "@/server/evidence/schemas";
import { type EvidenceKind, isEvidenceKind } from "@/server/evidence/vocabulary";

export type EvidenceView = {
  kind: EvidenceKind | "";
  releaseId: string;
  programId: string;
  producer: string;
  search: string;
  /** ISO instants */
  from: string;
  to: string;
};

export const EMPTY_EVIDENCE_VIEW: EvidenceView = {
  kind: "",
  releaseId: "",
  programId: "",
  producer: "",
  search: "",
  from: "",
  to: "",
};

const params: Record<keyof EvidenceView, string> = {
  kind: "kind",
  releaseId: "release",
  programId: "program",
  producer: "producer",
  search: "q",
  from: "from",
  to: "to",
};

type ParamReader = { get(name: string): string | null };

export function readEvidenceView(reader: ParamReader): EvidenceView {
  const kind = reader.get(params.kind) ?? "";
  return {
    kind: isEvidenceKind(kind) ? kind : "",
    releaseId: reader.get(params.releaseId) ?? "",
    programId: reader.get(params.programId) ?? "",
    producer: reader.get(params.producer) ?? "",
    search: reader.get(params.search) ?? "",
    from: reader.get(params.from) ?? "",
    to: reader.get(params.to) ?? "",
  };
}

export function evidenceViewQuery(view: EvidenceView, current: { toString(): string }): string {
  const next = new URLSearchParams(current.toString());
  for (const key of Object.keys(params) as (keyof EvidenceView)[]) {
    const value = view[key].trim();
    if (value === "") next.delete(params[key]);
    else next.set(params[key], value);
  }
  return next.toString();
}

export function hasActiveFilters(view: EvidenceView): boolean {
  return (Object.keys(params) as (keyof EvidenceView)[]).some((key) => view[key] !== "");
}

const MINUTE_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function instant(value: string): Date | undefined {
  if (value === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The filters to send; a hand-edited value that cannot be a filter is left out rather than sent to be refused. */
export function toEvidenceListInput(view: EvidenceView): Omit<EvidenceListInput, "limit" | "after"> {
  const to = instant(view.to);
  return {
    ...(view.kind ? { kind: view.kind } : {}),
    ...(UUID.test(view.releaseId) ? { releaseId: view.releaseId } : {}),
    ...(UUID.test(view.programId) ? { programId: view.programId } : {}),
    ...(view.producer.trim() ? { producer: view.producer.trim() } : {}),
    ...(view.search.trim() ? { search: view.search.trim() } : {}),
    ...(instant(view.from) ? { from: instant(view.from) } : {}),
    // a datetime-local input has minute precision: "to 10:00" includes that whole minute
    ...(to ? { to: new Date(Math.floor(to.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS) } : {}),
  };
}
