"use client";

// The packs: which one is in force, its newest version and who made it, and per pack "Put in force" and "Export
// signed file" for people who manage policy. A row opens the pack's versions below.
import { Download, Power } from "lucide-react";
import { useMemo, useState } from "react";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { DataTable } from "@/components/data-table/data-table";
import { formatDateTime } from "@/components/format/date-time";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { PackRow } from "./pack-types";

const column = createDataTableColumnHelper<PackRow>();

/** Saves the exported envelope as a file, the way the browser downloads anything else. */
function download(fileName: string, value: unknown) {
  const blob = new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export function PackTable({
  packs,
  loading,
  selected,
  onSelect,
  canManage,
  returnTo,
}: {
  packs: PackRow[];
  loading: boolean;
  selected: string | null;
  onSelect: (name: string) => void;
  canManage: boolean;
  returnTo: string;
}) {
  const utils = trpc.useUtils();
  const [notice, setNotice] = useState<string | null>(null);
  const activate = trpc.policies.activatePack.useMutation({
    onSuccess: async (_, input) => {
      setNotice(`${input.name} is now in force.`);
      await utils.policies.invalidate();
    },
  });
  const exportPack = trpc.policies.exportPack.useMutation({
    onSuccess: (result) => {
      download(result.fileName, result.envelope);
      setNotice(`Exported ${result.fileName}, signed with key ${result.keyId}.`);
    },
  });
  const error = formErrorsOf(activate.error ?? exportPack.error).alert;
  const columns = useMemo(() => {
    const base = [
      column.accessor("name", {
        header: "Pack",
        meta: { rowHeader: true },
        cell: (info) => <span className="font-medium">{info.getValue()}</span>,
      }),
      column.accessor("active", {
        header: "State",
        cell: (info) =>
          info.getValue() ? (
            <span className="flex flex-col gap-0.5">
              <Badge tone="ok" className="self-start">
                In force
              </Badge>
              {info.row.original.activatedAt ? (
                <span className="text-xs text-fg-muted">
                  since {formatDateTime(info.row.original.activatedAt)} ({info.row.original.activatedByName})
                </span>
              ) : null}
            </span>
          ) : (
            <Badge>Not in force</Badge>
          ),
      }),
      column.display({
        id: "latest",
        header: "Latest version",
        cell: (info) => {
          const latest = info.row.original.versions[0];
          if (!latest) return "—";
          return (
            <span className="flex flex-col gap-0.5">
              <span>
                v{latest.version} · {latest.source === "IMPORTED" ? "imported" : "edited"}
              </span>
              <span className="text-xs text-fg-muted">
                {latest.createdByName}, {formatDateTime(latest.createdAt)}
              </span>
            </span>
          );
        },
      }),
    ];
    if (!canManage) return base;
    return [
      ...base,
      column.display({
        id: "actions",
        header: "Actions",
        cell: (info) => (
          <span className="flex flex-wrap gap-2">
            {info.row.original.active ? null : (
              <Button
                size="sm"
                variant="secondary"
                aria-disabled={activate.isPending}
                onClick={() => {
                  if (!activate.isPending) activate.mutate({ name: info.row.original.name });
                }}
              >
                <Power aria-hidden="true" />
                Put in force
              </Button>
            )}
            <Button
              size="sm"
              variant="secondary"
              aria-disabled={exportPack.isPending}
              aria-label={`Export signed file of ${info.row.original.name}`}
              onClick={() => {
                if (!exportPack.isPending) exportPack.mutate({ name: info.row.original.name });
              }}
            >
              <Download aria-hidden="true" />
              Export signed file
            </Button>
          </span>
        ),
      }),
    ];
  }, [canManage, activate, exportPack]);
  return (
    <div className="flex flex-col gap-2">
      {notice ? (
        <p role="status" className="rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg">
          {notice}
        </p>
      ) : null}
      {error ? <RequestError error={error} returnTo={returnTo} /> : null}
      <DataTable
        caption="Policy packs"
        captionVisible
        columns={columns}
        rows={packs}
        getRowId={(pack) => pack.name}
        isLoading={loading}
        emptyMessage="No policy pack yet: no gates apply. Write one below."
        onRowActivate={(pack) => onSelect(pack.name)}
        activeRowId={selected}
        hasNextPage={false}
        hasPreviousPage={false}
        onNextPage={() => {}}
        onPreviousPage={() => {}}
      />
    </div>
  );
}
