"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { useUrlView } from "@/components/data-table/use-url-view";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { ReleaseListItem } from "@/server/releases/schemas";
import { RegisterReleaseDrawer } from "./register-release-drawer";
import { releasesColumns } from "./releases-columns";
import { ReleasesFilters } from "./releases-filters";
import {
  hasActiveFilters,
  NO_FILTERS,
  readReleasesView,
  releasesViewQuery,
  toListInput,
} from "./releases-view";

const PAGE_SIZES: ReadonlyArray<number> = [25, 50, 100];
const noReleases: ReleaseListItem[] = [];
const noProducts: string[] = [];

export function ReleasesBrowser({ canRegister }: { canRegister: boolean }) {
  const router = useRouter();
  const { view, navigate, here } = useUrlView({ read: readReleasesView, toQuery: releasesViewQuery });
  const listInput = useMemo(() => toListInput(view), [view]);
  const pager = useKeysetPager<string>({ pageSize: 25, resetKey: JSON.stringify(view) });
  const list = trpc.releases.list.useQuery(
    { ...listInput, limit: pager.pageSize, after: pager.cursor ?? undefined },
    // approvals arrive from other people: the lanes and "waiting for me" follow without a reload
    { placeholderData: keepPreviousData, refetchInterval: 20_000 },
  );
  const products = trpc.releases.products.useQuery();
  const [registering, setRegistering] = useState<number | null>(null);

  const listError = list.error ? describeClientError(list.error) : null;
  const releases = listError ? noReleases : (list.data?.releases ?? noReleases);
  const nextCursor = list.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;
  const filtersActive = hasActiveFilters(view);

  return (
    <>
      <PageHeader
        title="Releases"
        description="Releases registered by CI with their signed SHA256SUMS, verified against the release keys when they arrive. Each moves DEV → STAGING → PROD as its environment's policy allows; the lane says what each one waits for."
        actions={
          canRegister ? (
            <Button variant="secondary" onClick={() => setRegistering(Date.now())}>
              <Upload aria-hidden="true" />
              Register a release
            </Button>
          ) : null
        }
      />
      {listError ? <RequestError error={listError} returnTo={here} className="mb-4" /> : null}
      <DataTable
        caption="Releases"
        columns={releasesColumns}
        rows={releases}
        getRowId={(release) => release.id}
        hasNextPage={nextCursor !== null}
        hasPreviousPage={pager.hasPreviousPage}
        onNextPage={() => pager.goNext(nextCursor)}
        onPreviousPage={pager.goPrevious}
        pageSize={pager.pageSize}
        pageSizeOptions={PAGE_SIZES}
        onPageSizeChange={pager.setPageSize}
        summary={
          releases.length > 0 ? `Showing releases ${firstRow}–${firstRow + releases.length - 1}` : null
        }
        isLoading={list.isFetching}
        emptyMessage={
          listError
            ? "The releases could not be loaded."
            : view.waitingForMe && !filtersActive
              ? "Nothing waits for you."
              : filtersActive
                ? "No releases match these filters."
                : "No releases yet. CI registers them through POST /api/v1/releases."
        }
        filters={
          <ReleasesFilters
            view={view}
            products={products.data ?? noProducts}
            active={filtersActive}
            onChange={(patch) => navigate({ ...view, ...patch })}
            onClear={() => navigate(NO_FILTERS)}
          />
        }
        onRowActivate={(release) => router.push(`/releases/${release.id}`)}
      />
      {registering !== null ? (
        <RegisterReleaseDrawer
          key={registering}
          onClose={() => setRegistering(null)}
          onRegistered={(releaseId) => router.push(`/releases/${releaseId}`)}
        />
      ) : null}
    </>
  );
}
