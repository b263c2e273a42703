"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatDateTime } from "@/components/format/date-time";
import { Badge } from "@/components/ui/badge";
import type { SessionView } from "@/server/breakglass/schemas";
import { reviewLabels, statusLabels } from "./session-labels";

const column = createDataTableColumnHelper<SessionView>();

const when = (at: Date | null) =>
  at ? (
    <time dateTime={at.toISOString()}>{formatDateTime(at)}</time>
  ) : (
    <span className="text-fg-muted">—</span>
  );

export const sessionsColumns = column.columns([
  column.display({
    id: "requester",
    header: "Requester",
    meta: { rowHeader: true, className: "min-w-36" },
    cell: (info) => info.row.original.requester.name,
  }),
  column.accessor("reasonCode", {
    header: "Reason",
    cell: (info) => <code className="text-xs">{info.getValue()}</code>,
  }),
  column.accessor("scopes", {
    header: "Scopes",
    cell: (info) => (
      <span className="flex flex-wrap gap-1">
        {info.getValue().map((scope) => (
          <Badge key={scope} tone="info">
            {scope}
          </Badge>
        ))}
      </span>
    ),
  }),
  column.accessor("status", {
    header: "Status",
    cell: (info) => (
      <Badge tone={statusLabels[info.getValue()].tone}>{statusLabels[info.getValue()].label}</Badge>
    ),
  }),
  column.display({
    id: "review",
    header: "Review",
    cell: (info) => {
      const { review } = info.row.original;
      if (!review.status) return <span className="text-fg-muted">—</span>;
      return (
        <span className="flex flex-wrap gap-1">
          <Badge tone={reviewLabels[review.status].tone}>{reviewLabels[review.status].label}</Badge>
          {review.overdue ? <Badge tone="bad">Overdue</Badge> : null}
        </span>
      );
    },
  }),
  column.accessor("requestedAt", {
    header: "Requested",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => when(info.getValue()),
  }),
  column.accessor("endedAt", {
    header: "Ended",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => when(info.getValue()),
  }),
]);
