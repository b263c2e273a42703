"use client";

import { Link2 } from "lucide-react";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatDateTime } from "@/components/format/date-time";
import { formatBytes } from "@/server/evidence/format-bytes";
import type { EvidenceListItem } from "@/server/evidence/schemas";
import { linkTargetLabels } from "@/server/evidence/vocabulary";
import { DigestShort, KindBadge } from "./evidence-labels";

const column = createDataTableColumnHelper<EvidenceListItem>();

/** The columns, with a leading checkbox when rows can be picked for a bundle. */
export function evidenceColumns(pick: { picked: ReadonlySet<string>; toggle: (id: string) => void } | null) {
  const columns = [
    // kind, media type and size sit under the name rather than in columns of their own: the table must fit a laptop
    // screen, and they are read together with the file they describe
    column.accessor("fileName", {
      header: "File",
      meta: { rowHeader: true, className: "max-w-80" },
      cell: (info) => (
        <span className="flex flex-col gap-1">
          <span className="truncate font-medium" title={info.getValue()}>
            {info.getValue()}
          </span>
          <span className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs font-normal text-fg-muted">
            <KindBadge kind={info.row.original.kind} />
            <span className="truncate" title={info.row.original.mediaType}>
              {info.row.original.mediaType}
            </span>
            <span aria-hidden="true">·</span>
            <span className="whitespace-nowrap">{formatBytes(info.row.original.size)}</span>
          </span>
        </span>
      ),
    }),
    column.accessor("sha256", {
      header: "SHA-256",
      cell: (info) => (
        <DigestShort digest={info.getValue()} label={`SHA-256 of ${info.row.original.fileName}`} />
      ),
    }),
    column.accessor("links", {
      header: "Linked to",
      meta: { className: "max-w-56" },
      cell: (info) =>
        info.getValue().length === 0 ? (
          <span className="text-fg-subtle">—</span>
        ) : (
          <ul className="flex flex-col gap-0.5 text-xs">
            {info.getValue().map((link) => (
              <li
                key={`${link.target}-${link.id}`}
                className="flex items-center gap-1 truncate"
                title={`${linkTargetLabels[link.target]}: ${link.label}`}
              >
                <Link2 className="size-3 shrink-0 text-fg-subtle" aria-hidden="true" />
                <span className="truncate">{link.shortLabel}</span>
              </li>
            ))}
          </ul>
        ),
    }),
    column.accessor("producerName", {
      header: "Producer · uploaded",
      meta: { className: "whitespace-nowrap" },
      cell: (info) => (
        <span className="flex flex-col">
          <span className="max-w-44 truncate" title={info.getValue()}>
            {info.getValue()}
          </span>
          <time className="text-xs text-fg-muted" dateTime={info.row.original.createdAt.toISOString()}>
            {formatDateTime(info.row.original.createdAt)}
          </time>
        </span>
      ),
    }),
  ];
  if (!pick) return columns;
  return [
    column.display({
      id: "pick",
      header: () => <span className="sr-only">Pick for a bundle</span>,
      meta: { className: "w-8" },
      cell: (info) => (
        <input
          type="checkbox"
          className="size-4 accent-accent"
          aria-label={`Pick ${info.row.original.fileName} for a bundle`}
          checked={pick.picked.has(info.row.original.id)}
          onChange={() => pick.toggle(info.row.original.id)}
        />
      ),
    }),
    ...columns,
  ];
}
