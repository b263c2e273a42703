"use client";

// The change log of a program or of one item, from the audit log: who, when, which field, old -> new.
import { formatTimestamp } from "@/components/format/date-time";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import type { ChangeLogEntry } from "@/server/compliance/schemas";

const show = (value: ChangeLogEntry["changes"][number]["from"]) =>
  value === null ? "—" : Array.isArray(value) ? value.join(", ") || "—" : value || "—";

export function ChangeLogList({ slug, itemNumber }: { slug: string; itemNumber?: number }) {
  const log = trpc.compliance.changeLog.useQuery({ slug, itemNumber });
  if (log.error)
    return (
      <p role="alert" className="text-sm text-bad-fg">
        {describeClientError(log.error).message}
      </p>
    );
  if (!log.data) return <p className="text-sm text-fg-muted">Loading…</p>;
  if (log.data.length === 0) return <p className="text-sm text-fg-muted">No changes recorded yet.</p>;
  return (
    <ol
      className="flex flex-col divide-y divide-border text-sm"
      aria-label={itemNumber ? `Changes to item ${itemNumber}` : "Program changes"}
    >
      {log.data.map((entry) => (
        <li key={entry.seq} className="flex flex-col gap-1 py-2">
          <p>
            <span className="font-medium text-fg">{entry.actor}</span>{" "}
            <span className="text-fg-muted">
              · {entry.label}
              {entry.itemNumber !== null && itemNumber === undefined ? ` · item ${entry.itemNumber}` : ""} ·{" "}
              {formatTimestamp(entry.at)} · event #{entry.seq}
            </span>
          </p>
          <p className="text-fg">{entry.subject}</p>
          {entry.changes.length > 0 ? (
            <ul className="flex flex-col gap-0.5 text-fg-muted">
              {entry.changes.map((change) => (
                <li key={change.field}>
                  <span className="font-medium text-fg">{change.field}</span>: {show(change.from)} →{" "}
                  <span className="text-fg">{show(change.to)}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
