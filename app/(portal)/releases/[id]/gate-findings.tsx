"use client";

// The findings an evaluation counted or set aside, worst first: id, severity, CVSS, package@version, and the VEX
// status with who signed it and why. All of them are in the evaluation already, so the table is client-side. A
// security officer opens "Add exception" on a row.
import { ShieldPlus } from "lucide-react";
import { useMemo, useState } from "react";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { DataTable } from "@/components/data-table/data-table";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { VexedFinding } from "@/server/gates/vex-apply";
import { VexExceptionDrawer } from "./vex-exception-drawer";

const severityTone: Record<string, BadgeTone> = {
  critical: "bad",
  high: "bad",
  medium: "warn",
  low: "info",
  none: "neutral",
  unknown: "neutral",
};

const column = createDataTableColumnHelper<VexedFinding>();

const vexWords = (status: string) => status.replaceAll("_", " ");

function findingColumns(onException: ((finding: VexedFinding) => void) | null) {
  const columns = [
    column.accessor("id", {
      header: "Vulnerability",
      meta: { rowHeader: true },
      cell: (info) => <span className="font-mono text-xs font-medium">{info.getValue()}</span>,
    }),
    column.accessor("severity", {
      header: "Severity",
      cell: (info) => <Badge tone={severityTone[info.getValue()] ?? "neutral"}>{info.getValue()}</Badge>,
    }),
    column.accessor("cvss", {
      header: "CVSS",
      meta: { align: "end" },
      cell: (info) => (info.getValue() === null ? "—" : info.getValue()?.toFixed(1)),
    }),
    column.display({
      id: "package",
      header: "Package",
      cell: (info) => (
        <span className="font-mono text-xs break-all">
          {info.row.original.package}@{info.row.original.version}
        </span>
      ),
    }),
    column.display({
      id: "vex",
      header: "VEX",
      meta: { className: "max-w-80" },
      cell: (info) => {
        const { vex, counted } = info.row.original;
        if (!vex) return <span className="text-fg-muted">no exception{counted ? " (counted)" : ""}</span>;
        return (
          <span className="flex flex-col gap-0.5 text-xs">
            <span className="flex flex-wrap items-center gap-1">
              <Badge tone={counted ? "warn" : "ok"}>{vexWords(vex.status)}</Badge>
              {counted ? <span className="text-fg-muted">still counted</span> : <span>not counted</span>}
            </span>
            {vex.signedBy ? <span>signed by {vex.signedBy}</span> : null}
            {vex.justification ? <span className="text-fg-muted">{vexWords(vex.justification)}</span> : null}
            {vex.impactStatement ? <span className="text-fg-muted">“{vex.impactStatement}”</span> : null}
            {vex.actionStatement ? (
              <span className="text-fg-muted">action: {vex.actionStatement}</span>
            ) : null}
          </span>
        );
      },
    }),
  ];
  if (!onException) return columns;
  return [
    ...columns,
    column.display({
      id: "actions",
      header: "Actions",
      cell: (info) => (
        <Button
          size="sm"
          variant="secondary"
          onClick={() => onException(info.row.original)}
          aria-label={`Add exception for ${info.row.original.id} in ${info.row.original.package}`}
        >
          <ShieldPlus aria-hidden="true" />
          Add exception
        </Button>
      ),
    }),
  ];
}

const noop = () => {};

export function GateFindings({
  environment,
  findings,
  release,
  canSignVex,
  onRecorded,
}: {
  environment: string;
  findings: VexedFinding[];
  release: { id: string; product: string; version: string };
  canSignVex: boolean;
  onRecorded: (vulnerability: string) => void;
}) {
  const [selected, setSelected] = useState<VexedFinding | null>(null);
  const columns = useMemo(() => findingColumns(canSignVex ? setSelected : null), [canSignVex]);
  const counted = findings.filter((finding) => finding.counted).length;
  return (
    <>
      <DataTable
        caption={`Findings for ${environment}`}
        columns={columns}
        rows={findings}
        getRowId={(finding) => `${finding.id} ${finding.package} ${finding.version}`}
        hasNextPage={false}
        hasPreviousPage={false}
        onNextPage={noop}
        onPreviousPage={noop}
        summary={`${findings.length} findings, ${counted} counted by the gates`}
      />
      {selected ? (
        <VexExceptionDrawer
          finding={selected}
          release={release}
          onClose={() => setSelected(null)}
          onRecorded={() => {
            const vulnerability = selected.id;
            setSelected(null);
            onRecorded(vulnerability);
          }}
        />
      ) : null}
    </>
  );
}
