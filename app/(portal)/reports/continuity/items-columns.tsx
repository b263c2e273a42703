"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { shortHash } from "@/components/format/date-time";
import type { ComparisonItem } from "@/server/evidence/continuity/schemas";
import { itemStatusLabels } from "@/server/evidence/continuity/vocabulary";
import { ContinuityStatusBadge } from "./snapshot-badges";

const column = createDataTableColumnHelper<ComparisonItem>();

function Observation({ side }: { side: ComparisonItem["baseline"] }) {
  if (!side) return <span className="text-fg-subtle">not in snapshot</span>;
  return (
    <span className="flex flex-col">
      {side.sha256 ? (
        <span className="text-hash whitespace-nowrap" title={side.sha256}>
          {shortHash(side.sha256)}
        </span>
      ) : (
        <span className="text-fg-subtle">no bytes</span>
      )}
      <span className="text-xs text-fg-muted">{itemStatusLabels[side.status]}</span>
    </span>
  );
}

export const itemsColumns = column.columns([
  column.accessor("fileName", {
    header: "Evidence",
    meta: { rowHeader: true },
    cell: (info) => (
      <span className="flex flex-col">
        <span className="font-medium break-words">{info.getValue()}</span>
        <span className="text-xs text-fg-muted">{info.row.original.kind}</span>
      </span>
    ),
  }),
  column.accessor("status", {
    header: "Status",
    cell: (info) => <ContinuityStatusBadge status={info.getValue()} />,
  }),
  column.display({
    id: "baseline",
    header: "Baseline",
    cell: (info) => <Observation side={info.row.original.baseline} />,
  }),
  column.display({
    id: "target",
    header: "Target",
    cell: (info) => <Observation side={info.row.original.target} />,
  }),
  column.accessor("reason", { header: "Why", meta: { className: "text-sm text-fg-muted" } }),
]);
