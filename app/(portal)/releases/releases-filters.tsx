"use client";

import { ClearFiltersButton } from "@/components/data-table/clear-filters-button";
import { Label, Select } from "@/components/ui/input";
import { RELEASE_STAGE_FILTERS, type ReleaseStageFilter } from "@/server/releases/schemas";
import { VERIFICATION_STATUSES, verificationStatusLabels } from "@/server/releases/vocabulary";
import type { ReleasesView } from "./releases-view";

const stageLabels: Record<ReleaseStageFilter, string> = {
  NONE: "Not promoted yet",
  DEV: "In DEV",
  STAGING: "In STAGING",
  PROD: "In PROD",
};

export function ReleasesFilters({
  view,
  products,
  active,
  onChange,
  onClear,
}: {
  view: ReleasesView;
  products: readonly string[];
  active: boolean;
  onChange: (patch: Partial<ReleasesView>) => void;
  onClear: () => void;
}) {
  return (
    <search
      aria-label="Filter releases"
      className="grid w-full grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,1fr))_auto_auto]"
    >
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="releases-filter-product">Product</Label>
        <Select
          id="releases-filter-product"
          value={view.product}
          onChange={(event) => onChange({ product: event.target.value })}
        >
          <option value="">All products</option>
          {/* a product from a shared link shows even before the list of products arrives */}
          {[...new Set([...(view.product ? [view.product] : []), ...products])].sort().map((product) => (
            <option key={product} value={product}>
              {product}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="releases-filter-status">Verification</Label>
        <Select
          id="releases-filter-status"
          value={view.status}
          onChange={(event) =>
            onChange({ status: VERIFICATION_STATUSES.find((value) => value === event.target.value) ?? "" })
          }
        >
          <option value="">Any result</option>
          {VERIFICATION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {verificationStatusLabels[status]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="releases-filter-stage">Stage</Label>
        <Select
          id="releases-filter-stage"
          value={view.stage}
          onChange={(event) =>
            onChange({ stage: RELEASE_STAGE_FILTERS.find((value) => value === event.target.value) ?? "" })
          }
        >
          <option value="">Any stage</option>
          {RELEASE_STAGE_FILTERS.map((stage) => (
            <option key={stage} value={stage}>
              {stageLabels[stage]}
            </option>
          ))}
        </Select>
      </div>
      <label className="flex h-9 items-center gap-2 text-sm font-medium text-fg sm:mt-6.5">
        <input
          type="checkbox"
          className="size-4 accent-accent"
          checked={view.waitingForMe}
          onChange={(event) => onChange({ waitingForMe: event.target.checked })}
        />
        Waiting for me
      </label>
      <ClearFiltersButton active={active} onClear={onClear} />
    </search>
  );
}
