"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatDate, formatDateTime } from "@/components/format/date-time";
import { Badge } from "@/components/ui/badge";
import type { ApiTokenSummary } from "@/server/api-tokens/schemas";
import { scopeLabels, stateLabels } from "./api-token-labels";

const column = createDataTableColumnHelper<ApiTokenSummary>();

const when = (at: Date | null, none: string, format = formatDateTime) =>
  at ? <time dateTime={at.toISOString()}>{format(at)}</time> : <span className="text-fg-muted">{none}</span>;

export const apiTokensColumns = column.columns([
  column.accessor("name", { header: "Name", meta: { rowHeader: true, className: "min-w-40" } }),
  column.accessor("prefix", {
    header: "Token",
    cell: (info) => <code className="font-mono text-xs">{info.getValue()}…</code>,
  }),
  column.accessor("scopes", {
    header: "Scopes",
    cell: (info) => (
      <span className="flex flex-wrap gap-1">
        {info.getValue().map((scope) => (
          <Badge key={scope} tone="info">
            {scopeLabels[scope]}
          </Badge>
        ))}
      </span>
    ),
  }),
  column.accessor("state", {
    header: "Status",
    cell: (info) => (
      <Badge tone={stateLabels[info.getValue()].tone}>{stateLabels[info.getValue()].label}</Badge>
    ),
  }),
  column.accessor("lastUsedAt", {
    header: "Last used",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => when(info.getValue(), "Never"),
  }),
  column.accessor("expiresAt", {
    header: "Expires",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => when(info.getValue(), "No expiry", formatDate),
  }),
  column.display({
    id: "created",
    header: "Created",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => (
      <span className="flex flex-col">
        {when(info.row.original.createdAt, "", formatDate)}
        <span className="text-xs text-fg-muted">by {info.row.original.createdBy}</span>
      </span>
    ),
  }),
]);
