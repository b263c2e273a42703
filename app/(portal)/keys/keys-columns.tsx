"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import type { SigningKeyListItem } from "@/server/signing/keys/find-signing-keys";
import { backendLabels, signingKeyPurposeLabels } from "@/server/signing/vocabulary";
import { KeyIdShort, KeyStatusBadge, ValidityWindow } from "./key-badges";
import { formatDateTime } from "./keys-format";

const column = createDataTableColumnHelper<SigningKeyListItem>();

export const keysColumns = column.columns([
  // The backend sits under the label rather than in a column of its own: the table must fit a laptop screen
  // without scrolling sideways, and the backend is read together with the key it describes.
  column.accessor("label", {
    header: "Label · backend",
    meta: { rowHeader: true, className: "whitespace-nowrap" },
    cell: (info) => (
      <span className="flex flex-col">
        <span className="font-medium">{info.getValue()}</span>
        <span className="text-xs text-fg-muted">{backendLabels[info.row.original.backend]}</span>
      </span>
    ),
  }),
  column.accessor("purpose", {
    header: "Purpose",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => signingKeyPurposeLabels[info.getValue()],
  }),
  column.accessor("keyId", { header: "Key id", cell: (info) => <KeyIdShort keyId={info.getValue()} /> }),
  column.accessor("status", {
    header: "Status",
    cell: (info) => <KeyStatusBadge status={info.getValue()} />,
  }),
  column.display({
    id: "validity",
    header: "Validity window",
    cell: (info) => <ValidityWindow {...info.row.original} stacked />,
  }),
  column.accessor("signatureCount", {
    header: "Signatures",
    meta: { align: "end" },
    cell: (info) => {
      const last = info.row.original.lastSignedAt;
      return (
        <span title={last ? `last ${formatDateTime(last)}` : undefined} className="tabular-nums">
          {info.getValue()}
        </span>
      );
    },
  }),
]);
