"use client";

import { createDataTableColumnHelper, type DataTableColumn } from "@/components/data-table/columns";
import { formatTimestamp, shortHash } from "@/components/format/date-time";
import { SignatureBadge } from "@/components/proofs/verdict-badges";
import type { CheckpointWithVerdict } from "@/server/audit/checkpoints/schemas";

const column = createDataTableColumnHelper<CheckpointWithVerdict>();

/** The checkbox column needs the page's selection, so the columns are built with it. */
export function checkpointsColumns(selection: {
  isSelected: (treeSize: number) => boolean;
  toggle: (treeSize: number) => void;
}): ReadonlyArray<DataTableColumn<CheckpointWithVerdict>> {
  return column.columns([
    column.accessor("treeSize", {
      header: "Events",
      meta: { rowHeader: true, align: "end", className: "tabular-nums" },
      cell: (info) => info.getValue().toLocaleString("en-US"),
    }),
    column.accessor("rootHash", {
      header: "Root hash",
      cell: (info) => (
        <code className="text-hash" title={info.getValue()}>
          {shortHash(info.getValue())}
        </code>
      ),
    }),
    column.accessor("signedAt", {
      header: "Signed",
      meta: { className: "whitespace-nowrap" },
      cell: (info) => (
        <span className="flex flex-col">
          <time dateTime={info.getValue().toISOString()}>{formatTimestamp(info.getValue())}</time>
          <span className="text-xs text-fg-muted">
            {info.row.original.trigger === "scheduled"
              ? "scheduled"
              : `by ${info.row.original.requestedByName}`}
          </span>
        </span>
      ),
    }),
    column.accessor("keyId", {
      header: "Signer key",
      cell: (info) => (
        <code className="text-hash" title={info.getValue()}>
          {shortHash(info.getValue().replace("sha256:", ""))}
        </code>
      ),
    }),
    column.display({
      id: "verified",
      header: "Signature",
      cell: (info) => <SignatureBadge {...info.row.original} />,
    }),
    column.display({
      id: "select",
      header: "Compare",
      cell: (info) => {
        const { treeSize } = info.row.original;
        return (
          <input
            type="checkbox"
            className="size-4 accent-accent"
            aria-label={`Compare the checkpoint of ${treeSize} events`}
            checked={selection.isSelected(treeSize)}
            onChange={() => selection.toggle(treeSize)}
          />
        );
      },
    }),
  ]);
}
