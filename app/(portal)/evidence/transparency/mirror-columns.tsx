"use client";

import { ShieldAlert } from "lucide-react";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatDateTime, shortHash } from "@/components/format/date-time";
import { Badge } from "@/components/ui/badge";
import type { LogSummary } from "@/server/evidence/transparency/schemas";

const column = createDataTableColumnHelper<LogSummary>();

export const mirrorColumns = column.columns([
  column.accessor("name", {
    header: "Log",
    meta: { rowHeader: true },
    cell: (info) => (
      <span className="flex flex-col">
        <span className="font-medium">{info.getValue()}</span>
        <code className="text-xs text-fg-muted">{info.row.original.origin}</code>
      </span>
    ),
  }),
  column.display({
    id: "size",
    header: "Latest size",
    meta: { align: "end", className: "tabular-nums" },
    cell: (info) => info.row.original.latest?.treeSize.toLocaleString("en-US") ?? "—",
  }),
  column.display({
    id: "root",
    header: "Latest root",
    cell: (info) => {
      const root = info.row.original.latest?.rootHash;
      return root ? (
        <code className="text-hash" title={root}>
          {shortHash(root)}
        </code>
      ) : (
        "—"
      );
    },
  }),
  column.display({
    id: "keys",
    header: "Trusted keys",
    cell: (info) =>
      info.row.original.keys
        .filter((key) => !key.removedAt)
        .map((key) => `${key.keyName} (${key.algorithm === "ed25519" ? "Ed25519" : "ECDSA P-256"})`)
        .join(", ") || "none",
  }),
  column.display({
    id: "sync",
    header: "Last sync",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => {
      const { url, lastSyncAt, lastSyncError } = info.row.original;
      if (!url) return <span className="text-fg-muted">uploads only</span>;
      if (!lastSyncAt) return <span className="text-fg-muted">not yet</span>;
      return (
        <span className={lastSyncError ? "text-bad-fg" : undefined} title={lastSyncError ?? undefined}>
          {formatDateTime(lastSyncAt)}
          {lastSyncError ? " (failed)" : ""}
        </span>
      );
    },
  }),
  column.accessor("openAlarms", {
    header: "Alarms",
    cell: (info) =>
      info.getValue() > 0 ? (
        <Badge tone="bad">
          <ShieldAlert aria-hidden="true" />
          {info.getValue()} open
        </Badge>
      ) : (
        <span className="text-fg-muted">none</span>
      ),
  }),
]);
