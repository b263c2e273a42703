"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { Stamp } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DataTable, type DataTableSort } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { useUrlView } from "@/components/data-table/use-url-view";
import { trpc } from "@/components/trpc/client";
import { type ClientErrorInfo, describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { AuditEventSummary } from "@/server/audit/schemas";
import { AUDIT_TIME_COLUMN, auditColumns } from "./audit-columns";
import { AuditEventDrawer } from "./audit-event-drawer";
import { AuditFilters } from "./audit-filters";
import {
  AUDIT_FILTER_KEYS,
  type AuditFilterKey,
  type AuditOrder,
  type AuditViewPatch,
  auditViewQuery,
  clearedFilters,
  hasActiveFilters,
  patchAuditView,
  readAuditView,
  toListFilters,
} from "./audit-view";
import { VerifyChainButton, VerifyChainPanel } from "./verify-chain-panel";

const PAGE_SIZES: ReadonlyArray<number> = [25, 50, 100];
const noEvents: AuditEventSummary[] = [];

export function AuditBrowser({ canVerify }: { canVerify: boolean }) {
  const { view, navigate: showView, here } = useUrlView({ read: readAuditView, toQuery: auditViewQuery });
  const { filters, invalid } = useMemo(() => toListFilters(view), [view]);
  const filtersActive = hasActiveFilters(view);
  const pager = useKeysetPager<number>({ pageSize: 50, resetKey: JSON.stringify(view) });

  const canQuery = Object.keys(invalid).length === 0;
  const list = trpc.audit.list.useQuery(
    { order: view.order, limit: pager.pageSize, after: pager.cursor ?? undefined, filters },
    { enabled: canQuery, placeholderData: keepPreviousData },
  );
  const options = trpc.audit.filterOptions.useQuery(undefined, { staleTime: 5 * 60_000 });

  const [openSeq, setOpenSeq] = useState<number | null>(null);
  const utils = trpc.useUtils();
  const verify = trpc.audit.verifyChain.useMutation({
    // Verifying is itself recorded in the log, so the list now has a new newest event.
    onSettled: () => {
      void utils.audit.list.invalidate();
    },
  });

  const listError = list.error ? describeClientError(list.error) : null;
  const serverFieldErrors = filterFieldErrors(listError);
  const fieldErrors = { ...serverFieldErrors, ...invalid };
  const blockedByFilters = Object.keys(fieldErrors).length > 0;

  const navigate = (patch: AuditViewPatch) => showView(patchAuditView(view, patch));

  const events = canQuery && !listError ? (list.data?.events ?? noEvents) : noEvents;
  const nextCursor = list.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;
  const sort: DataTableSort = { id: AUDIT_TIME_COLUMN, desc: view.order === "desc" };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, refusal and decision, append-only. Each event carries the hash of the one before it, so any change to history breaks the chain."
        actions={
          <>
            <Link className={buttonClasses("secondary")} href="/audit/checkpoints">
              <Stamp aria-hidden="true" />
              Checkpoints
            </Link>
            {canVerify ? (
              <VerifyChainButton running={verify.isPending} onVerify={() => verify.mutate()} />
            ) : null}
          </>
        }
      />

      <VerifyChainPanel
        running={verify.isPending}
        result={verify.data}
        error={verify.error ? describeClientError(verify.error) : null}
        onShowEvent={setOpenSeq}
        onDismiss={() => verify.reset()}
        returnTo={here}
      />

      {listError && !blockedByFilters ? (
        <RequestError error={listError} returnTo={here} className="mb-4" />
      ) : null}

      <DataTable
        caption="Audit events"
        columns={auditColumns}
        rows={events}
        getRowId={(event) => String(event.seq)}
        sort={sort}
        sortRemovable={false}
        onSortChange={(next) => navigate({ order: orderOf(next) })}
        hasNextPage={!blockedByFilters && nextCursor !== null}
        hasPreviousPage={pager.hasPreviousPage}
        onNextPage={() => pager.goNext(nextCursor)}
        onPreviousPage={pager.goPrevious}
        pageSize={pager.pageSize}
        pageSizeOptions={PAGE_SIZES}
        onPageSizeChange={pager.setPageSize}
        summary={
          events.length > 0
            ? `Showing events ${firstRow}–${firstRow + events.length - 1}, ${view.order === "desc" ? "newest" : "oldest"} first`
            : null
        }
        isLoading={canQuery && list.isFetching}
        emptyMessage={
          blockedByFilters
            ? "Fix the highlighted filter to see events."
            : listError
              ? "The events could not be loaded."
              : filtersActive
                ? "No events match these filters."
                : "The audit log is empty."
        }
        filters={
          <AuditFilters
            view={view}
            options={options.data}
            errors={fieldErrors}
            active={filtersActive}
            onChange={(patch) => navigate({ filters: patch })}
            onClear={() => navigate({ filters: clearedFilters() })}
          />
        }
        onRowActivate={(event) => setOpenSeq(event.seq)}
        activeRowId={openSeq === null ? null : String(openSeq)}
      />

      <AuditEventDrawer
        returnTo={here}
        seq={openSeq}
        onClose={() => setOpenSeq(null)}
        onNavigate={setOpenSeq}
      />
    </>
  );
}

function orderOf(sort: DataTableSort | null): AuditOrder {
  return sort && !sort.desc ? "asc" : "desc";
}

/** The server names invalid filters "filters.<key>"; show each message beside its own field. */
function filterFieldErrors(error: ClientErrorInfo | null): Partial<Record<AuditFilterKey, string>> {
  const errors: Partial<Record<AuditFilterKey, string>> = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const message = error?.fieldErrors?.[`filters.${key}`]?.[0];
    if (message) errors[key] = message;
  }
  return errors;
}
