"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatDateTime, shortHash } from "@/components/format/date-time";
import type { SnapshotView } from "@/server/evidence/continuity/schemas";
import { SnapshotStatusBadge, snapshotSize } from "./snapshot-badges";

const column = createDataTableColumnHelper<SnapshotView>();

export const snapshotsColumns = column.columns([
  column.accessor("label", {
    header: "Label",
    meta: { rowHeader: true, className: "min-w-44" },
    cell: (info) => (
      <span className="flex flex-col">
        <span className="font-medium">{info.getValue()}</span>
        <span className="text-xs font-normal text-fg-muted">portal {info.row.original.appVersion}</span>
      </span>
    ),
  }),
  column.display({
    id: "status",
    header: "Status",
    cell: (info) => <SnapshotStatusBadge snapshot={info.row.original} />,
  }),
  column.display({
    id: "items",
    header: "Checked",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => {
      const { counts } = info.row.original;
      return (
        <span className="flex flex-col">
          <span>{snapshotSize(info.row.original)}</span>
          <span className="text-xs text-fg-muted">
            {counts.ok} ok · {counts.changed} changed · {counts.missing} missing · {counts.badSignature} bad
            sig.
          </span>
        </span>
      );
    },
  }),
  column.display({
    id: "root",
    header: "Evidence root",
    cell: (info) => {
      const root = info.row.original.evidenceRoot;
      return root ? (
        <span className="text-hash" title={root}>
          {shortHash(root)}
        </span>
      ) : (
        <span className="text-fg-subtle">—</span>
      );
    },
  }),
  column.display({
    id: "when",
    header: "Finished",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => {
      const snapshot = info.row.original;
      return (
        <span className="flex flex-col">
          <span>{snapshot.finishedAt ? formatDateTime(snapshot.finishedAt) : "—"}</span>
          <span className="text-xs text-fg-muted">asked by {snapshot.requestedByName}</span>
        </span>
      );
    },
  }),
]);
