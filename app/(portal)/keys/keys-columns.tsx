"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import type { SigningKeyListItem } from "@/server/signing/keys/find-signing-keys";
import { backendLabels, signingKeyPurposeLabels } from "@/server/signing/vocabulary";
import { KeyIdShort, KeyStatusBadge, ValidityWindow } from "./key-badges";
import { formatDateTime } from "./keys-format";

const column = createDataTableColumnHelper<SigningKeyListItem>();

export const keysColumns = column.columns([
  column.accessor("label", {
    header: "Label",
    meta: { rowHeader: true, className: "font-medium whitespace-nowrap" },
  }),
  column.accessor("purpose", {
    header: "Purpose",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => signingKeyPurposeLabels[info.getValue()],
  }),
  column.accessor("keyId", { header: "Key id", cell: (info) => <KeyIdShort keyId={info.getValue()} /> }),
  column.accessor("backend", {
    header: "Backend",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => backendLabels[info.getValue()],
  }),
  column.accessor("status", {
    header: "Status",
    cell: (info) => <KeyStatusBadge status={info.getValue()} />,
  }),
  column.display({
    id: "validity",
    header: "Validity window",
    cell: (info) => <ValidityWindow {...info.row.original} />,
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
