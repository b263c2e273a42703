"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatDateTime } from "@/components/format/date-time";
import { Countdown } from "@/components/status/countdown";
import type { CeremonyDto } from "@/server/signing/ceremonies/ceremony-views";
import { CeremonyProgress, CeremonyStatusBadge } from "./ceremony-badges";

const column = createDataTableColumnHelper<CeremonyDto>();

export const ceremoniesColumns = column.columns([
  column.accessor("title", {
    header: "Ceremony",
    meta: { rowHeader: true, className: "font-medium" },
  }),
  column.accessor("status", {
    header: "Status",
    cell: (info) => <CeremonyStatusBadge status={info.getValue()} />,
  }),
  column.display({
    id: "progress",
    header: "Progress",
    cell: (info) => (
      <CeremonyProgress
        approvals={info.row.original.approvalCount}
        required={info.row.original.requiredApprovals}
      />
    ),
  }),
  column.accessor("initiatorName", { header: "Started by", meta: { className: "whitespace-nowrap" } }),
  column.display({
    id: "expires",
    header: "Expires",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => {
      const ceremony = info.row.original;
      if (ceremony.status !== "pending") {
        return ceremony.closedAt ? (
          <span className="text-xs text-fg-muted">closed {formatDateTime(ceremony.closedAt)}</span>
        ) : null;
      }
      return <Countdown expiresAt={ceremony.expiresAt.toISOString()} label="Expires in" />;
    },
  }),
  column.accessor("createdAt", {
    header: "Started",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => formatDateTime(info.getValue()),
  }),
]);
