"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatTimestamp } from "@/components/format/date-time";
import type { AuditEventSummary } from "@/server/audit/schemas";
import { ActionBadge, RoleBadges } from "./audit-badges";

/** The id the Time column sorts by; the browser maps it to audit.list's `order`. */
export const AUDIT_TIME_COLUMN = "occurredAt";

const column = createDataTableColumnHelper<AuditEventSummary>();

export const auditColumns = column.columns([
  column.accessor("seq", {
    header: "#",
    meta: { align: "end", rowHeader: true, className: "w-16" },
    cell: (info) => <span className="font-mono text-xs">{info.getValue()}</span>,
  }),
  column.accessor("occurredAt", {
    id: AUDIT_TIME_COLUMN,
    header: "Time",
    // seq and time rise together in an append-only log, so sorting by time is sorting by seq.
    enableSorting: true,
    meta: { className: "whitespace-nowrap" },
    cell: (info) => {
      const at = info.getValue();
      return (
        <time dateTime={at.toISOString()} title={at.toISOString()} className="tabular-nums">
          {formatTimestamp(at)}
        </time>
      );
    },
  }),
  column.accessor((event) => event.actor.name, {
    id: "actor",
    header: "Actor",
    cell: (info) => (
      <div className="flex min-w-36 flex-col gap-1">
        <span className={info.row.original.actor.id ? "text-fg" : "text-fg-muted italic"}>
          {info.getValue()}
        </span>
        <RoleBadges roles={info.row.original.actor.roles} />
      </div>
    ),
  }),
  column.accessor("action", {
    header: "Action",
    cell: (info) => <ActionBadge action={info.getValue()} />,
  }),
  column.accessor((event) => subjectLabel(event.subject), {
    id: "subject",
    header: "Subject",
    meta: { className: "max-w-72" },
    cell: (info) => <span className="text-hash text-fg">{info.getValue()}</span>,
  }),
  column.display({
    id: "request",
    header: "Request id / IP",
    cell: (info) => {
      const { requestId, ip } = info.row.original;
      return (
        <div className="flex flex-col font-mono text-xs text-fg-muted">
          <span className="break-all">{requestId ?? "—"}</span>
          <span>{ip ?? "—"}</span>
        </div>
      );
    },
  }),
]);

export function subjectLabel(subject: AuditEventSummary["subject"]): string {
  return subject.id ? `${subject.type}:${subject.id}` : subject.type;
}
