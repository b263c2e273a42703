"use client";

import { Download } from "lucide-react";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatDateTime } from "@/components/format/date-time";
import { buttonClasses } from "@/components/ui/button";
import type { BundleSummary } from "@/server/evidence/bundle/schemas";
import { formatBytes } from "@/server/evidence/format-bytes";
import { DigestShort } from "../evidence-labels";

const column = createDataTableColumnHelper<BundleSummary>();

export const bundlesColumns = column.columns([
  column.accessor("title", {
    header: "Bundle",
    meta: { rowHeader: true, className: "max-w-80" },
    cell: (info) => (
      <span className="flex flex-col">
        <span className="font-medium">{info.getValue()}</span>
        <span className="text-xs font-normal text-fg-muted">{info.row.original.selectionLabel}</span>
      </span>
    ),
  }),
  column.accessor("fileCount", {
    header: "Files",
    meta: { align: "end", className: "whitespace-nowrap" },
    cell: (info) => (
      <span className="flex flex-col">
        <span>{info.getValue()}</span>
        <span className="text-xs text-fg-muted">{formatBytes(info.row.original.totalBytes)}</span>
      </span>
    ),
  }),
  column.accessor("merkleRoot", {
    header: "Merkle root",
    cell: (info) => (
      <DigestShort digest={info.getValue()} label={`Merkle root of ${info.row.original.title}`} />
    ),
  }),
  column.accessor("keyId", {
    header: "Signed by",
    cell: (info) => <DigestShort digest={info.getValue()} label="key id of the signature" />,
  }),
  column.accessor("createdAt", {
    header: "Exported",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => (
      <span className="flex flex-col">
        <time dateTime={info.getValue().toISOString()}>{formatDateTime(info.getValue())}</time>
        <span className="text-xs text-fg-muted">{info.row.original.createdByName}</span>
      </span>
    ),
  }),
  column.display({
    id: "download",
    header: () => <span className="sr-only">Download</span>,
    cell: (info) => (
      <a
        className={buttonClasses("secondary", "sm")}
        href={`/evidence/bundles/${info.row.original.id}/download`}
        download
        aria-label={`Download ${info.row.original.title} (${formatBytes(info.row.original.archive.size)})`}
      >
        <Download aria-hidden="true" />
        .tar.gz
      </a>
    ),
  }),
]);
