"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { useState } from "react";
import { ClearFiltersButton } from "@/components/data-table/clear-filters-button";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { formatDateTime } from "@/components/format/date-time";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import { Label, Select } from "@/components/ui/input";
import type { ComparisonItem, SnapshotView } from "@/server/evidence/continuity/schemas";
import {
  CONTINUITY_STATUSES,
  type ContinuityStatus,
  continuityStatusLabels,
} from "@/server/evidence/continuity/vocabulary";
import { CountsChart, CrossReference, ReportDownloads, VerdictPanel } from "./comparison-summary";
import type { ContinuityView } from "./continuity-view";
import { itemsColumns } from "./items-columns";

const PAGE_SIZES: ReadonlyArray<number> = [25, 50, 100];
const noItems: ComparisonItem[] = [];
const noSnapshots: SnapshotView[] = [];

function SnapshotSelect({
  id,
  label,
  value,
  snapshots,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  snapshots: readonly SnapshotView[];
  onChange: (id: string) => void;
}) {
  return (
    <div className="flex min-w-72 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose a snapshot</option>
        {snapshots.map((snapshot) => (
          <option key={snapshot.id} value={snapshot.id}>
            {snapshot.label} — {snapshot.finishedAt ? formatDateTime(snapshot.finishedAt) : ""}
          </option>
        ))}
      </Select>
    </div>
  );
}

export function ComparisonPanel({
  view,
  navigate,
  canVerify,
  returnTo,
}: {
  view: ContinuityView;
  navigate: (next: ContinuityView) => void;
  canVerify: boolean;
  returnTo: string;
}) {
  const utils = trpc.useUtils();
  const finished = trpc.continuity.snapshots.useQuery({ finishedOnly: true, limit: 100 });
  const snapshots = finished.data?.snapshots ?? noSnapshots;
  // until someone chooses, compare the two newest finished snapshots (the usual before/after of an upgrade)
  const baselineId = view.baseline || (view.target ? "" : (snapshots[1]?.id ?? ""));
  const targetId = view.target || (view.baseline ? "" : (snapshots[0]?.id ?? ""));
  const pair = { baselineId, targetId };
  const ready = baselineId !== "" && targetId !== "";
  const compare = trpc.continuity.compare.useQuery(pair, { enabled: ready, retry: false });
  const pager = useKeysetPager<string>({
    pageSize: 50,
    resetKey: JSON.stringify([baselineId, targetId, view.status]),
  });
  const items = trpc.continuity.items.useQuery(
    {
      ...pair,
      ...(view.status ? { status: view.status } : {}),
      limit: pager.pageSize,
      after: pager.cursor ?? undefined,
    },
    { enabled: ready && compare.isSuccess, placeholderData: keepPreviousData, retry: false },
  );
  const [signError, setSignError] = useState<unknown>(null);
  const sign = trpc.continuity.signReport.useMutation({
    onMutate: () => setSignError(null),
    onError: setSignError,
    onSuccess: () => utils.continuity.compare.invalidate(pair),
  });

  const choose = (next: Partial<ContinuityView>) =>
    navigate({ baseline: baselineId, target: targetId, status: view.status, ...next });
  const compareError = compare.error ? describeClientError(compare.error) : null;
  const rows = items.data?.items ?? noItems;
  const nextCursor = items.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;
  const comparison = compare.data;

  return (
    <Card aria-labelledby="comparison-title">
      <CardHeader>
        <div>
          <CardTitle id="comparison-title">Continuity report</CardTitle>
          <p className="mt-1 max-w-3xl text-sm text-fg-muted">
            Compares two finished snapshots: evidence unchanged, changed (another digest for the same
            evidence), missing (in the baseline, gone or unreadable in the target) and added; the old evidence
            root against the new one; and a consistency proof that the audit log between them only grew.
          </p>
        </div>
      </CardHeader>
      <CardBody className="flex flex-col gap-5">
        <div className="flex flex-wrap items-end gap-3">
          <SnapshotSelect
            id="continuity-baseline"
            label="Baseline (before)"
            value={baselineId}
            snapshots={snapshots}
            onChange={(id) => choose({ baseline: id })}
          />
          <SnapshotSelect
            id="continuity-target"
            label="Target (after)"
            value={targetId}
            snapshots={snapshots}
            onChange={(id) => choose({ target: id })}
          />
        </div>
        {snapshots.length < 2 && finished.isSuccess ? (
          <p className="text-sm text-fg-muted">
            A report needs two finished verify-all snapshots: run one before the upgrade and one after it.
          </p>
        ) : null}
        {compareError ? <RequestError error={compareError} returnTo={returnTo} /> : null}
        {comparison ? (
          <>
            <VerdictPanel comparison={comparison} />
            <div className="grid gap-6 lg:grid-cols-[minmax(18rem,26rem)_1fr]">
              <section aria-labelledby="counts-title" className="flex flex-col gap-2">
                <h3 id="counts-title" className="text-sm font-semibold text-fg">
                  Summary
                </h3>
                <CountsChart
                  comparison={comparison}
                  selected={view.status}
                  onSelect={(status) => choose({ status })}
                />
              </section>
              <section aria-labelledby="xref-title" className="flex min-w-0 flex-col gap-2">
                <h3 id="xref-title" className="text-sm font-semibold text-fg">
                  Old root → new root
                </h3>
                <CrossReference comparison={comparison} />
              </section>
            </div>
            <section aria-labelledby="downloads-title" className="flex flex-col gap-2">
              <h3 id="downloads-title" className="text-sm font-semibold text-fg">
                Downloads
              </h3>
              {signError ? <RequestError error={describeClientError(signError)} returnTo={returnTo} /> : null}
              <ReportDownloads
                comparison={comparison}
                canVerify={canVerify}
                signing={sign.isPending}
                onSign={() => sign.mutate(pair)}
              />
            </section>
            <DataTable
              caption="Evidence in the comparison"
              columns={itemsColumns}
              rows={rows}
              getRowId={(item) => item.evidenceId}
              hasNextPage={nextCursor !== null}
              hasPreviousPage={pager.hasPreviousPage}
              onNextPage={() => pager.goNext(nextCursor)}
              onPreviousPage={pager.goPrevious}
              pageSize={pager.pageSize}
              pageSizeOptions={PAGE_SIZES}
              onPageSizeChange={pager.setPageSize}
              summary={rows.length > 0 ? `Showing evidence ${firstRow}–${firstRow + rows.length - 1}` : null}
              isLoading={items.isFetching}
              emptyMessage={view.status ? "No evidence with this status." : "No evidence in either snapshot."}
              filters={
                <search aria-label="Filter the comparison" className="flex w-full flex-wrap items-end gap-3">
                  <div className="flex min-w-48 flex-col gap-1.5">
                    <Label htmlFor="continuity-filter-status">Status</Label>
                    <Select
                      id="continuity-filter-status"
                      value={view.status}
                      onChange={(event) =>
                        choose({
                          status: CONTINUITY_STATUSES.find((status) => status === event.target.value) ?? "",
                        })
                      }
                    >
                      <option value="">Any status</option>
                      {CONTINUITY_STATUSES.map((status: ContinuityStatus) => (
                        <option key={status} value={status}>
                          {continuityStatusLabels[status]} ({comparison.counts[status]})
                        </option>
                      ))}
                    </Select>
                  </div>
                  <ClearFiltersButton active={view.status !== ""} onClear={() => choose({ status: "" })} />
                </search>
              }
            />
          </>
        ) : null}
      </CardBody>
    </Card>
  );
}
