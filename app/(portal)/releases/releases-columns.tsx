"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatDateTime } from "@/components/format/date-time";
import type { ReleaseListItem } from "@/server/releases/schemas";
import { ReleaseLane, VerificationBadge, WaitingForYouBadge } from "./release-badges";

const column = createDataTableColumnHelper<ReleaseListItem>();

export const releasesColumns = column.columns([
  column.accessor("version", {
    header: "Release",
    meta: { rowHeader: true, className: "whitespace-nowrap align-top" },
    cell: (info) => {
      const release = info.row.original;
      return (
        <span className="flex flex-col items-start gap-1">
          <span>
            <span className="font-semibold">{release.product}</span>{" "}
            <span className="font-mono text-sm">{release.version}</span>
          </span>
          {release.waitingForMe ? <WaitingForYouBadge /> : null}
        </span>
      );
    },
  }),
  column.accessor("verificationStatus", {
    header: "Verification",
    meta: { className: "align-top" },
    cell: (info) => (
      <span title={info.row.original.verificationSummary}>
        <VerificationBadge status={info.getValue()} short />
      </span>
    ),
  }),
  column.display({
    id: "pipeline",
    header: "DEV → STAGING → PROD",
    meta: { className: "w-full" },
    cell: (info) => {
      const release = info.row.original;
      return (
        <ReleaseLane
          compact
          stages={release.stages}
          label={`Pipeline of ${release.product} ${release.version}`}
        />
      );
    },
  }),
  column.accessor("registeredAt", {
    header: "Registered",
    meta: { className: "whitespace-nowrap align-top" },
    cell: (info) => (
      <span className="flex flex-col">
        <time dateTime={info.getValue().toISOString()}>{formatDateTime(info.getValue())}</time>
        <span className="text-xs text-fg-muted">{info.row.original.registeredBy}</span>
      </span>
    ),
  }),
]);
