"use client";

import { useState, useSyncExternalStore } from "react";
import { ClearFiltersButton } from "@/components/data-table/clear-filters-button";
import { TextFilterInput } from "@/components/data-table/text-filter-input";
import { Input, Label, Select } from "@/components/ui/input";
import { type AuditFilterKey, type AuditView, fromLocalInputValue, toLocalInputValue } from "./audit-view";

export type AuditFilterOptions = {
  actions: readonly string[];
  actors: ReadonlyArray<{ id: string; name: string }>;
};

export type AuditFiltersProps = {
  view: AuditView;
  options: AuditFilterOptions | undefined;
  errors: Partial<Record<AuditFilterKey, string>>;
  active: boolean;
  onChange: (patch: Partial<Record<AuditFilterKey, string>>) => void;
  onClear: () => void;
};

const subscribeNothing = () => () => {};

// The date inputs show the URL's instant in the browser's time zone, which the server cannot know: they stay
// empty until hydration rather than render a server-zone value that React would then have to contradict.
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}

export function AuditFilters({ view, options, errors, active, onChange, onClear }: AuditFiltersProps) {
  const hydrated = useHydrated();
  // Remounting the text inputs on clear also drops a draft still waiting to be committed.
  const [clears, setClears] = useState(0);
  const { filters } = view;
  const actors = options?.actors ?? [];
  const actions = options?.actions ?? [];
  // A value from a shared link must stay visible even before (or without) a matching option.
  const unknownActor = filters.actorId !== "" && !actors.some((actor) => actor.id === filters.actorId);
  const unknownAction = filters.action !== "" && !actions.includes(filters.action);

  return (
    <search
      aria-label="Filter audit events"
      className="grid w-full grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-3 2xl:grid-cols-[repeat(6,minmax(0,1fr))_auto]"
    >
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="audit-filter-actor">Actor</Label>
        <Select
          id="audit-filter-actor"
          value={filters.actorId}
          error={errors.actorId}
          onChange={(event) => onChange({ actorId: event.target.value })}
        >
          <option value="">All actors</option>
          {unknownActor ? <option value={filters.actorId}>{filters.actorId}</option> : null}
          {actors.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.name}
            </option>
          ))}
        </Select>
      </div>

      <div className="flex flex-col gap-1.5">
        <Label htmlFor="audit-filter-action">Action</Label>
        <Select
          id="audit-filter-action"
          value={filters.action}
          error={errors.action}
          className="font-mono"
          onChange={(event) => onChange({ action: event.target.value })}
        >
          <option value="">All actions</option>
          {unknownAction ? <option value={filters.action}>{filters.action}</option> : null}
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </Select>
      </div>

      <TextFilterInput
        key={`subject-type-${clears}`}
        id="audit-filter-subject-type"
        label="Subject type"
        placeholder="e.g. user, release"
        value={filters.subjectType}
        error={errors.subjectType}
        onCommit={(subjectType) => onChange({ subjectType })}
      />

      <TextFilterInput
        key={`subject-id-${clears}`}
        id="audit-filter-subject-id"
        label="Subject id"
        value={filters.subjectId}
        error={errors.subjectId}
        onCommit={(subjectId) => onChange({ subjectId })}
      />

      <div className="flex flex-col gap-1.5">
        <Label htmlFor="audit-filter-from">From</Label>
        <Input
          id="audit-filter-from"
          type="datetime-local"
          value={hydrated ? toLocalInputValue(filters.from) : ""}
          error={errors.from}
          onChange={(event) => onChange({ from: fromLocalInputValue(event.target.value) })}
        />
      </div>

      <div className="flex flex-col gap-1.5">
        <Label htmlFor="audit-filter-to">To</Label>
        <Input
          id="audit-filter-to"
          type="datetime-local"
          value={hydrated ? toLocalInputValue(filters.to) : ""}
          error={errors.to}
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
