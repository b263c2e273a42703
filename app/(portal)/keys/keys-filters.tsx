"use client";

import { useState } from "react";
import { ClearFiltersButton } from "@/components/data-table/clear-filters-button";
import { TextFilterInput } from "@/components/data-table/text-filter-input";
import { Label, Select } from "@/components/ui/input";
import { BACKEND_KINDS } from "@/server/signing/signer";
import {
  backendLabels,
  SIGNING_KEY_PURPOSES,
  SIGNING_KEY_STATUSES,
  signingKeyPurposeLabels,
} from "@/server/signing/vocabulary";
import type { KeysView } from "./keys-view";

export type KeysFilterPatch = Partial<KeysView>;

const statusLabels = { active: "Active", retired: "Retired", revoked: "Revoked" } as const;

export function KeysFilters({
  view,
  active,
  onChange,
  onClear,
}: {
  view: KeysView;
  active: boolean;
  onChange: (patch: KeysFilterPatch) => void;
  onClear: () => void;
}) {
  const [clears, setClears] = useState(0);
  return (
    <search
      aria-label="Filter signing keys"
      className="grid w-full grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
    >
      <TextFilterInput
        key={`search-${clears}`}
        id="keys-filter-search"
        label="Search"
        placeholder="Key id or label"
        value={view.search}
        onCommit={(search) => onChange({ search })}
      />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="keys-filter-purpose">Purpose</Label>
        <Select
          id="keys-filter-purpose"
          value={view.purpose}
          onChange={(event) =>
            onChange({ purpose: SIGNING_KEY_PURPOSES.find((value) => value === event.target.value) ?? "" })
          }
        >
          <option value="">All purposes</option>
          {SIGNING_KEY_PURPOSES.map((purpose) => (
            <option key={purpose} value={purpose}>
              {signingKeyPurposeLabels[purpose]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="keys-filter-status">Status</Label>
        <Select
          id="keys-filter-status"
          value={view.status}
          onChange={(event) =>
            onChange({ status: SIGNING_KEY_STATUSES.find((value) => value === event.target.value) ?? "" })
          }
        >
          <option value="">Any status</option>
          {SIGNING_KEY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabels[status]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="keys-filter-backend">Backend</Label>
        <Select
          id="keys-filter-backend"
          value={view.backend}
          onChange={(event) =>
            onChange({ backend: BACKEND_KINDS.find((value) => value === event.target.value) ?? "" })
          }
        >
          <option value="">Any backend</option>
          {BACKEND_KINDS.map((backend) => (
            <option key={backend} value={backend}>
              {backendLabels[backend]}
            </option>
          ))}
        </Select>
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
