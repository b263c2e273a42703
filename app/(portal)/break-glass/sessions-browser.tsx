"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { useUrlView } from "@/components/data-table/use-url-view";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Label, Select } from "@/components/ui/input";
import { SESSION_FILTERS, type SessionFilter, type SessionView } from "@/server/breakglass/schemas";
import { filterLabels } from "./session-labels";
import { sessionsColumns } from "./sessions-columns";

const noSessions: SessionView[] = [];
type SessionsView = { filter: SessionFilter | "" };

const readView = (params: { get(name: string): string | null }): SessionsView => {
  const filter = params.get("filter") ?? "";
  return { filter: (SESSION_FILTERS as readonly string[]).includes(filter) ? (filter as SessionFilter) : "" };
};
const viewQuery = (view: SessionsView) =>
  view.filter ? new URLSearchParams({ filter: view.filter }).toString() : "";

export function SessionsBrowser() {
  const router = useRouter();
  const { view, navigate, here } = useUrlView({ read: readView, toQuery: viewQuery });
  const pager = useKeysetPager<string>({ pageSize: 25, resetKey: view.filter });
  const list = trpc.breakGlass.list.useQuery(
    { filter: view.filter || undefined, limit: pager.pageSize, after: pager.cursor ?? undefined },
    { placeholderData: keepPreviousData, refetchInterval: 15_000 },
  );
  const listError = list.error ? describeClientError(list.error) : null;
  const sessions = listError ? noSessions : (list.data?.sessions ?? noSessions);
  const nextCursor = list.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;
  return (
    <>
      {listError ? <RequestError error={listError} returnTo={here} className="mb-4" /> : null}
      <DataTable
        caption="Break-glass sessions"
        captionVisible
        columns={sessionsColumns}
        rows={sessions}
        getRowId={(session) => session.id}
        hasNextPage={nextCursor !== null}
        hasPreviousPage={pager.hasPreviousPage}
        onNextPage={() => pager.goNext(nextCursor)}
        onPreviousPage={pager.goPrevious}
        pageSize={pager.pageSize}
        summary={
          sessions.length > 0 ? `Showing sessions ${firstRow}–${firstRow + sessions.length - 1}` : null
        }
        isLoading={list.isFetching}
        emptyMessage={view.filter ? "No sessions match this filter." : "No break-glass sessions yet."}
        filters={
          <search aria-label="Filter sessions" className="flex flex-col gap-1.5">
            <Label htmlFor="break-glass-filter">Show</Label>
            <Select
              id="break-glass-filter"
              value={view.filter}
              onChange={(event) => navigate(readView(new URLSearchParams({ filter: event.target.value })))}
            >
              <option value="">All sessions</option>
              {SESSION_FILTERS.map((filter) => (
                <option key={filter} value={filter}>
                  {filterLabels[filter]}
                </option>
              ))}
            </Select>
          </search>
        }
        onRowActivate={(session) => router.push(`/break-glass/${session.id}`)}
      />
    </>
  );
}
