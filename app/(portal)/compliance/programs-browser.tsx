"use client";

import { FileUp } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { DataTable } from "@/components/data-table/data-table";
import { formatDate, formatDateTime } from "@/components/format/date-time";
import { CoverageBar } from "@/components/status/coverage-bar";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { ProgramListEntry } from "@/server/compliance/schemas";
import { barValue, coverageText } from "./compliance-format";

const column = createDataTableColumnHelper<ProgramListEntry>();

const columns = column.columns([
  column.accessor("name", {
    header: "Program",
    meta: { rowHeader: true },
    cell: (info) => (
      <Link
        href={`/compliance/${info.row.original.slug}`}
        className="font-medium text-accent hover:underline"
      >
        {info.getValue()}
      </Link>
    ),
  }),
  // stacked cells and short headers: the list fits 1280 px wide next to the sidebar without scrolling sideways
  column.accessor("version", {
    header: "Version",
    cell: (info) => (
      <span className="flex flex-col">
        <span>{info.getValue()}</span>
        <span className="text-xs text-fg-muted">{info.row.original.status}</span>
      </span>
    ),
  }),
  column.accessor("coverage", {
    header: "Coverage",
    meta: { className: "min-w-32" },
    // the row header names the program; the bar only says what it measures
    cell: (info) => <CoverageBar value={barValue(info.getValue())} label="Computed" />,
  }),
  column.display({
    id: "target",
    header: "At target",
    cell: (info) => `${info.row.original.itemsAtTarget} of ${info.row.original.itemCount}`,
  }),
  column.display({
    id: "readiness",
    header: "Ready",
    cell: (info) => {
      const { readyCounts, itemCount } = info.row.original;
      return (
        <span className="flex flex-col text-xs whitespace-nowrap tabular-nums">
          <span>
            Demo {readyCounts.DEMO}/{itemCount}
          </span>
          <span>
            RFP {readyCounts.RFP}/{itemCount}
          </span>
          <span>
            Audit {readyCounts.AUDIT}/{itemCount}
          </span>
        </span>
      );
    },
  }),
  column.display({
    id: "signOffs",
    header: "Sign-offs",
    cell: (info) => (
      <span className="flex flex-col">
        <span>
          {info.row.original.currentSignOffs} of {info.row.original.stakeholderCount}
        </span>
        <span className="text-xs text-fg-muted">current</span>
      </span>
    ),
  }),
  column.accessor("updatedAt", {
    header: "Updated",
    cell: (info) => (
      <time
        dateTime={info.getValue().toISOString()}
        title={formatDateTime(info.getValue())}
        className="whitespace-nowrap"
      >
        {formatDate(info.getValue())}
      </time>
    ),
  }),
]);

const none: ProgramListEntry[] = [];

export function ProgramsBrowser({ canEdit }: { canEdit: boolean }) {
  const router = useRouter();
  const list = trpc.compliance.list.useQuery();
  const error = list.error ? describeClientError(list.error) : null;
  const programs = list.data ?? none;
  const best = programs.reduce<ProgramListEntry | null>(
    (top, entry) => (top === null || (entry.coverage ?? 0) > (top.coverage ?? 0) ? entry : top),
    null,
  );
  return (
    <>
      <PageHeader
        title="Compliance readiness"
        description="Readiness programs with coverage computed from requirement statuses (DONE 1, PARTIAL ½, TODO 0, DEFERRED left out), readiness per target level, and stakeholder sign-offs."
        actions={
          canEdit ? (
            <Link href="/compliance/import" className={buttonClasses("primary")}>
              <FileUp aria-hidden="true" />
              Import tracker
            </Link>
          ) : null
        }
      />
      {error ? <RequestError error={error} returnTo="/compliance" className="mb-4" /> : null}
      <DataTable
        caption="Readiness programs"
        columns={columns}
        rows={programs}
        getRowId={(entry) => entry.slug}
        hasNextPage={false}
        hasPreviousPage={false}
        onNextPage={() => {}}
        onPreviousPage={() => {}}
        isLoading={list.isFetching}
        summary={
          programs.length > 0
            ? `${programs.length} program${programs.length === 1 ? "" : "s"}${best ? `; highest coverage ${coverageText(best.coverage)}` : ""}`
            : null
        }
        emptyMessage={error ? "The programs could not be loaded." : "No readiness programs yet."}
        onRowActivate={(entry) => router.push(`/compliance/${entry.slug}`)}
      />
    </>
  );
}
