"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { LoaderCircle, Play } from "lucide-react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader, CardTitle } from "@/components/ui/card";
import type { SnapshotView } from "@/server/evidence/continuity/schemas";
import { snapshotSize } from "./snapshot-badges";
import { snapshotsColumns } from "./snapshots-columns";

const PAGE_SIZES: ReadonlyArray<number> = [10, 20, 50];
const none: SnapshotView[] = [];

function RunProgress({ run }: { run: SnapshotView }) {
  const percent =
    run.totalItems === 0 ? (run.status === "RUNNING" ? 100 : 0) : (run.processedItems / run.totalItems) * 100;
  const text =
    run.status === "QUEUED"
      ? "Queued: waiting for a worker"
      : `${run.processedItems.toLocaleString("en")} of ${run.totalItems.toLocaleString("en")} checked`;
  return (
    <div className="flex flex-col gap-2 rounded-md border border-info-line bg-info-soft px-4 py-3 text-info-fg">
      <p className="flex items-center gap-2 text-sm font-medium">
        <LoaderCircle className="size-4 motion-safe:animate-spin" aria-hidden="true" />
        Running “{run.label}” (asked by {run.requestedByName}) — {text}
      </p>
      <div
        role="progressbar"
        aria-label={`verify-all “${run.label}”`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-valuetext={text}
        className="h-2.5 w-full overflow-hidden rounded-full bg-white"
      >
        <div
          className="h-full rounded-full bg-info-solid transition-[width]"
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="text-xs">
        {snapshotSize(run)} so far: {run.counts.ok} ok, {run.counts.changed} changed, {run.counts.missing}{" "}
        missing, {run.counts.badSignature} bad signature
      </p>
    </div>
  );
}

export function VerifyAllPanel({ canVerify, returnTo }: { canVerify: boolean; returnTo: string }) {
  const utils = trpc.useUtils();
  const pager = useKeysetPager<string>({ pageSize: 10 });
  const active = trpc.continuity.activeRun.useQuery(undefined, {
    // live progress while a run is on, a slow look-out otherwise (a run may be started elsewhere)
    refetchInterval: (query) => (query.state.data ? 1000 : 10_000),
  });
  const list = trpc.continuity.snapshots.useQuery(
    { limit: pager.pageSize, after: pager.cursor ?? undefined },
    { placeholderData: keepPreviousData },
  );
  const [label, setLabel] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  // the run this person started: watched until it ends, to say so (a fast run may end before any poll sees it)
  const [watchingId, setWatchingId] = useState<string | null>(null);
  const start = trpc.continuity.start.useMutation({
    onSuccess: async (snapshot) => {
      setNotice(`verify-all “${snapshot.label}” started.`);
      setLabel("");
      setWatchingId(snapshot.id);
      await Promise.all([utils.continuity.activeRun.invalidate(), utils.continuity.snapshots.invalidate()]);
    },
  });
  const watched = trpc.continuity.snapshot.useQuery(
    { id: watchingId ?? "" },
    {
      enabled: watchingId !== null,
      refetchInterval: (query) =>
        query.state.data?.status === "QUEUED" || query.state.data?.status === "RUNNING" ? 1000 : false,
    },
  );
  const ended = watched.data;
  useEffect(() => {
    if (!ended || ended.id !== watchingId || ended.status === "QUEUED" || ended.status === "RUNNING") return;
    setNotice(
      ended.status === "FINISHED"
        ? `verify-all “${ended.label}” finished.`
        : `verify-all “${ended.label}” failed: ${ended.failureReason ?? "unknown reason"}.`,
    );
    setWatchingId(null);
    void utils.continuity.snapshots.invalidate();
    void utils.continuity.activeRun.invalidate();
  }, [ended, watchingId, utils]);

  // a run started elsewhere that ends: the lists and comparisons learn about the new snapshot
  const run = active.data ?? null;
  const hadRun = useRef(false);
  useEffect(() => {
    if (run) hadRun.current = true;
    else if (hadRun.current) {
      hadRun.current = false;
      void utils.continuity.snapshots.invalidate();
    }
  }, [run, utils]);

  const errors = formErrorsOf(start.error);
  const listError = list.error ? describeClientError(list.error) : null;
  const snapshots = listError ? none : (list.data?.snapshots ?? none);
  const nextCursor = list.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    start.mutate({ label });
  };

  return (
    <Card aria-labelledby="verify-all-title">
      <CardHeader>
        <div>
          <CardTitle id="verify-all-title">verify-all snapshots</CardTitle>
          <p className="mt-1 max-w-3xl text-sm text-fg-muted">
            A run re-hashes every evidence blob from the store, re-checks every signature the evidence carries
            against the key registry, and keeps what it saw: per-item results, the Merkle root over all
            evidence and the audit log's tree head. Run one before an upgrade and one after, then compare them
            below.
          </p>
        </div>
      </CardHeader>
      <CardBody className="flex flex-col gap-4">
        {canVerify ? (
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Start verify-all">
            <div className="w-80">
              <TextField
                id="verify-all-label"
                label="Label"
                value={label}
                onValue={(value) => {
                  setLabel(value);
                  start.reset();
                }}
                placeholder="pre-upgrade 2026.11"
                maxLength={120}
                required
                error={errors.fields.label}
              />
            </div>
            <Button type="submit" aria-disabled={start.isPending || run !== null} disabled={start.isPending}>
              <Play aria-hidden="true" />
              Run verify-all
            </Button>
          </form>
        ) : (
          <p className="text-sm text-fg-muted">Auditors and security officers start verify-all runs.</p>
        )}
        {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
        <p role="status" className={notice ? "text-sm font-medium text-ok-fg" : "sr-only"}>
          {notice}
        </p>
        {run ? <RunProgress run={run} /> : null}
        {listError ? <RequestError error={listError} returnTo={returnTo} /> : null}
        <DataTable
          caption="verify-all snapshots"
          columns={snapshotsColumns}
          rows={snapshots}
          getRowId={(snapshot) => snapshot.id}
          hasNextPage={nextCursor !== null}
          hasPreviousPage={pager.hasPreviousPage}
          onNextPage={() => pager.goNext(nextCursor)}
          onPreviousPage={pager.goPrevious}
          pageSize={pager.pageSize}
          pageSizeOptions={PAGE_SIZES}
          onPageSizeChange={pager.setPageSize}
          summary={
            snapshots.length > 0 ? `Showing snapshots ${firstRow}–${firstRow + snapshots.length - 1}` : null
          }
          isLoading={list.isFetching}
          emptyMessage={listError ? "The snapshots could not be loaded." : "No verify-all run yet."}
        />
      </CardBody>
    </Card>
  );
}
