"use client";

import { useState, useSyncExternalStore } from "react";
import { ClearFiltersButton } from "@/components/data-table/clear-filters-button";
import { TextFilterInput } from "@/components/data-table/text-filter-input";
import { Input, Label, Select } from "@/components/ui/input";
import type { LinkTargets } from "@/server/evidence/find-link-targets";
import { EVIDENCE_KINDS, evidenceKindLabels } from "@/server/evidence/vocabulary";
import { fromLocalInputValue, toLocalInputValue } from "../audit/audit-view";
import type { EvidenceView } from "./evidence-view";

const subscribeNothing = () => () => {};

export function EvidenceFilters({
  view,
  targets,
  active,
  onChange,
  onClear,
}: {
  view: EvidenceView;
  targets: LinkTargets | undefined;
  active: boolean;
  onChange: (patch: Partial<EvidenceView>) => void;
  onClear: () => void;
}) {
  // date inputs show the URL's instant in the browser's time zone, which the server cannot know
  const hydrated = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const [clears, setClears] = useState(0);
  const releases = targets?.releases ?? [];
  const programs = targets?.programs ?? [];
  return (
    <search
      aria-label="Filter evidence"
      className="grid w-full grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-4 2xl:grid-cols-[repeat(7,minmax(0,1fr))_auto]"
    >
      <TextFilterInput
        key={`search-${clears}`}
        id="evidence-filter-search"
        label="File or digest"
        placeholder="name, sha256:…"
        value={view.search}
        onCommit={(search) => onChange({ search })}
      />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="evidence-filter-kind">Kind</Label>
        <Select
          id="evidence-filter-kind"
          value={view.kind}
          onChange={(event) => onChange({ kind: event.target.value as EvidenceView["kind"] })}
        >
          <option value="">All kinds</option>
          {EVIDENCE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {evidenceKindLabels[kind]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="evidence-filter-release">Release</Label>
        <Select
          id="evidence-filter-release"
          value={view.releaseId}
          onChange={(event) => onChange({ releaseId: event.target.value })}
        >
          <option value="">Any release</option>
          {view.releaseId && !releases.some((release) => release.id === view.releaseId) ? (
            <option value={view.releaseId}>{view.releaseId}</option>
          ) : null}
          {releases.map((release) => (
            <option key={release.id} value={release.id}>
              {release.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="evidence-filter-program">Compliance program</Label>
        <Select
          id="evidence-filter-program"
          value={view.programId}
          onChange={(event) => onChange({ programId: event.target.value })}
        >
          <option value="">Any program</option>
          {view.programId && !programs.some((program) => program.id === view.programId) ? (
            <option value={view.programId}>{view.programId}</option>
          ) : null}
          {programs.map((program) => (
            <option key={program.id} value={program.id}>
              {program.name}
            </option>
          ))}
        </Select>
      </div>
      <TextFilterInput
        key={`producer-${clears}`}
        id="evidence-filter-producer"
        label="Producer"
        placeholder="person or API token"
        value={view.producer}
        onCommit={(producer) => onChange({ producer })}
      />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="evidence-filter-from">Uploaded from</Label>
        <Input
          id="evidence-filter-from"
          type="datetime-local"
          value={hydrated ? toLocalInputValue(view.from) : ""}
          onChange={(event) => onChange({ from: fromLocalInputValue(event.target.value) })}
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="evidence-filter-to">Uploaded to</Label>
        <Input
          id="evidence-filter-to"
          type="datetime-local"
          value={hydrated ? toLocalInputValue(view.to) : ""}
          hint="Includes the whole minute"
          onChange={(event) => onChange({ to: fromLocalInputValue(event.target.value) })}
        />
      </div>
      <ClearFiltersButton
        active={active}
        onClear={() => {
          setClears((n) => n + 1);
          onClear();
        }}
      />
    </search>
  );
}
