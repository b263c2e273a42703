"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState } from "react";
import { ClearFiltersButton } from "@/components/data-table/clear-filters-button";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { useUrlView } from "@/components/data-table/use-url-view";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import type { CeremonyDto } from "@/server/signing/ceremonies/ceremony-views";
import { CEREMONY_STATUSES, ceremonyStatusLabels } from "@/server/signing/ceremonies/vocabulary";
import { ceremoniesColumns } from "./ceremonies-columns";
import { ceremoniesViewQuery, readCeremoniesView } from "./ceremonies-view";
import { CeremonyDrawer } from "./ceremony-drawer";
import { StartCeremonyDrawer } from "./start-ceremony-drawer";

const PAGE_SIZES: ReadonlyArray<number> = [25, 50, 100];
const none: CeremonyDto[] = [];

export function CeremoniesBrowser({
  canStart,
  canDecide,
  demoCustodians,
}: {
  canStart: boolean;
  canDecide: boolean;
  /** demo mode: the extra security officers to sign in as, to approve */
  demoCustodians: readonly string[];
}) {
  const { view, navigate, here } = useUrlView({ read: readCeremoniesView, toQuery: ceremoniesViewQuery });
  const pager = useKeysetPager<string>({ pageSize: 50, resetKey: JSON.stringify(view) });
  const list = trpc.ceremonies.list.useQuery(
    {
      ...(view.status ? { status: view.status } : {}),
      limit: pager.pageSize,
      after: pager.cursor ?? undefined,
    },
    { placeholderData: keepPreviousData, refetchInterval: 15_000 },
  );
  const policy = trpc.ceremonies.policy.useQuery();
  // /keys/ceremonies?ceremony=<id> opens one (the key drawer links a key to the ceremony that made it)
  const [openId, setOpenId] = useState<string | null>(() => {
    const linked = new URLSearchParams(here.split("?")[1] ?? "").get("ceremony");
    return linked && /^[0-9a-f-]{36}$/.test(linked) ? linked : null;
  });
  const [starting, setStarting] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const listError = list.error ? describeClientError(list.error) : null;
  const ceremonies = listError ? none : (list.data?.ceremonies ?? none);
  const nextCursor = list.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;
  const rules = policy.data ?? [];

  return (
    <>
      <PageHeader
        title="Key ceremonies"
        description="Key operations under dual control: a ceremony runs once M of its custodians (security officers) have approved it, each after signing in again, before it expires. The person who starts it counts as the first approval; one rejection ends it."
        actions={
          canStart ? (
            <Button
              onClick={() => {
                setNotice(null);
                setStarting(Date.now());
              }}
            >
              <Plus aria-hidden="true" />
              Start a ceremony
            </Button>
          ) : null
        }
      />
      <p className="text-sm text-fg-muted">
        {rules.length === 0
          ? "Policy: no key operation requires a ceremony on this installation (SIGNING_CEREMONY_POLICY is empty); security officers may still put any operation through one. Recovering a key from escrow always takes a ceremony."
          : `Policy: ${rules
              .map(
                (rule) =>
                  `${rule.operation} ${rule.purpose === "*" ? "any" : rule.purpose} keys needs ${rule.approvals} approvals`,
              )
              .join("; ")}. Recovering a key from escrow always takes a ceremony.`}
      </p>
      {demoCustodians.length > 0 ? (
        <p className="text-sm text-fg-muted">
          Demo: besides sam@demo.test, the security officers {demoCustodians.join(" and ")} (same demo
          password) can approve, so a 2-of-3 ceremony can be tried in separate browser sessions.
        </p>
      ) : null}
      <p
        role="status"
        className={
          notice ? "rounded-md border border-ok-line bg-ok-soft px-4 py-3 text-sm text-ok-fg" : "sr-only"
        }
      >
        {notice}
      </p>
      {listError ? <RequestError error={listError} returnTo={here} /> : null}
      <DataTable
        caption="Key ceremonies"
        columns={ceremoniesColumns}
        rows={ceremonies}
        getRowId={(ceremony) => ceremony.id}
        hasNextPage={nextCursor !== null}
        hasPreviousPage={pager.hasPreviousPage}
        onNextPage={() => pager.goNext(nextCursor)}
        onPreviousPage={pager.goPrevious}
        pageSize={pager.pageSize}
        pageSizeOptions={PAGE_SIZES}
        onPageSizeChange={pager.setPageSize}
        summary={
          ceremonies.length > 0 ? `Showing ceremonies ${firstRow}–${firstRow + ceremonies.length - 1}` : null
        }
        isLoading={list.isFetching}
        emptyMessage={
          listError
            ? "The ceremonies could not be loaded."
            : view.status
              ? "No ceremonies with this status."
              : "No key ceremonies yet."
        }
        filters={
          <search aria-label="Filter ceremonies" className="flex w-full flex-wrap items-end gap-3">
            <div className="flex min-w-48 flex-col gap-1.5">
              <Label htmlFor="ceremonies-filter-status">Status</Label>
              <Select
                id="ceremonies-filter-status"
                value={view.status}
                onChange={(event) =>
                  navigate({ status: CEREMONY_STATUSES.find((value) => value === event.target.value) ?? "" })
                }
              >
                <option value="">Any status</option>
                {CEREMONY_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {ceremonyStatusLabels[status]}
                  </option>
                ))}
              </Select>
            </div>
            <ClearFiltersButton active={view.status !== ""} onClear={() => navigate({ status: "" })} />
          </search>
        }
        onRowActivate={(ceremony) => setOpenId(ceremony.id)}
        activeRowId={openId}
      />
      <CeremonyDrawer
        key={openId ?? "none"}
        id={openId}
        canDecide={canDecide}
        returnTo={here}
        onClose={() => setOpenId(null)}
        onNotice={setNotice}
      />
      {starting !== null ? (
        <StartCeremonyDrawer
          key={starting}
          returnTo={here}
          onClose={() => setStarting(null)}
          onStarted={(ceremony) => {
            setStarting(null);
            setNotice(
              `Ceremony started: ${ceremony.title}. ${ceremony.progress}; it expires if not completed in time.`,
            );
            setOpenId(ceremony.id);
          }}
        />
      ) : null}
    </>
  );
}
