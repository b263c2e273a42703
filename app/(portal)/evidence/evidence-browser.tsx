"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { Archive, PackagePlus, Radar, Upload } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { useUrlView } from "@/components/data-table/use-url-view";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button, buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { EvidenceListItem, UploadEvidenceResult } from "@/server/evidence/schemas";
import { evidenceColumns } from "./evidence-columns";
import { EvidenceFilters } from "./evidence-filters";
import {
  EMPTY_EVIDENCE_VIEW,
  evidenceViewQuery,
  hasActiveFilters,
  readEvidenceView,
  toEvidenceListInput,
} from "./evidence-view";
import { UploadDrawer } from "./upload-drawer";

const PAGE_SIZES: ReadonlyArray<number> = [25, 50, 100];
const noItems: EvidenceListItem[] = [];

export function EvidenceBrowser({
  canUpload,
  canExport,
  maxUploadBytes,
}: {
  canUpload: boolean;
  canExport: boolean;
  maxUploadBytes: number;
}) {
  const router = useRouter();
  const { view, navigate, here } = useUrlView({ read: readEvidenceView, toQuery: evidenceViewQuery });
  const listInput = useMemo(() => toEvidenceListInput(view), [view]);
  const pager = useKeysetPager<string>({ pageSize: 50, resetKey: JSON.stringify(view) });
  const list = trpc.evidence.list.useQuery(
    { ...listInput, limit: pager.pageSize, after: pager.cursor ?? undefined },
    { placeholderData: keepPreviousData },
  );
  const targets = trpc.evidence.linkTargets.useQuery();
  const utils = trpc.useUtils();
  const [uploading, setUploading] = useState(false);
  const [notice, setNotice] = useState<{ text: string; id: string } | null>(null);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());

  const columns = useMemo(
    () =>
      evidenceColumns(
        canExport
          ? {
              picked,
              toggle: (id) =>
                setPicked((current) => {
                  const next = new Set(current);
                  if (next.has(id)) next.delete(id);
                  else next.add(id);
                  return next;
                }),
            }
          : null,
      ),
    [canExport, picked],
  );

  const listError = list.error ? describeClientError(list.error) : null;
  const items = listError ? noItems : (list.data?.items ?? noItems);
  const nextCursor = list.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;
  const filtersActive = hasActiveFilters(view);

  const uploaded = (result: UploadEvidenceResult) => {
    setUploading(false);
    const { evidence } = result;
    setNotice({
      id: evidence.id,
      text: result.created
        ? `Uploaded ${evidence.fileName} (sha256:${evidence.sha256.slice(0, 12)}…).`
        : `${evidence.fileName} was already stored as this kind of evidence about this subject${result.linksAdded ? `; ${result.linksAdded} link${result.linksAdded === 1 ? "" : "s"} added` : "; nothing changed"}.`,
    });
    void utils.evidence.list.invalidate();
  };

  return (
    <>
      <PageHeader
        title="Evidence"
        description="Everything the portal holds as evidence: SBOMs, attestations, scan reports, release bundles and audit exports, each stored under its SHA-256 and linked to what it is about."
        actions={
          <>
            {canExport && picked.size > 0 ? (
              <Link
                className={buttonClasses("secondary")}
                href={`/evidence/bundles?${new URLSearchParams({ pick: [...picked].join(",") })}`}
              >
                <PackagePlus aria-hidden="true" />
                Export {picked.size} selected
              </Link>
            ) : null}
            <Link className={buttonClasses("secondary")} href="/evidence/bundles">
              <Archive aria-hidden="true" />
              Bundles
            </Link>
            <Link className={buttonClasses("secondary")} href="/evidence/transparency">
              <Radar aria-hidden="true" />
              Transparency-log mirror
            </Link>
            {canUpload ? (
              <Button
                onClick={() => {
                  setNotice(null);
                  setUploading(true);
                }}
              >
                <Upload aria-hidden="true" />
                Upload evidence
              </Button>
            ) : null}
          </>
        }
      />
      <p
        role="status"
        className={
          notice ? "mb-4 rounded-md border border-ok-line bg-ok-soft px-4 py-3 text-sm text-ok-fg" : "sr-only"
        }
      >
        {notice ? (
          <>
            {notice.text}{" "}
            <Link className="font-medium underline underline-offset-2" href={`/evidence/${notice.id}`}>
              Open it
            </Link>
          </>
        ) : null}
      </p>
      {listError ? <RequestError error={listError} returnTo={here} className="mb-4" /> : null}
      <DataTable
        caption="Evidence"
        columns={columns}
        rows={items}
        getRowId={(item) => item.id}
        hasNextPage={nextCursor !== null}
        hasPreviousPage={pager.hasPreviousPage}
        onNextPage={() => pager.goNext(nextCursor)}
        onPreviousPage={pager.goPrevious}
        pageSize={pager.pageSize}
        pageSizeOptions={PAGE_SIZES}
        onPageSizeChange={pager.setPageSize}
        summary={items.length > 0 ? `Showing evidence ${firstRow}–${firstRow + items.length - 1}` : null}
        isLoading={list.isFetching}
        emptyMessage={
          listError
            ? "The evidence could not be loaded."
            : filtersActive
              ? "No evidence matches these filters."
              : "No evidence yet. Upload some, or let a pipeline send it to /api/v1/evidence."
        }
        filters={
          <EvidenceFilters
            view={view}
            targets={targets.data}
            active={filtersActive}
            onChange={(patch) => navigate({ ...view, ...patch })}
            onClear={() => navigate(EMPTY_EVIDENCE_VIEW)}
          />
        }
        onRowActivate={(item) => router.push(`/evidence/${item.id}`)}
      />
      {uploading ? (
        <UploadDrawer
          targets={targets.data}
          maxUploadBytes={maxUploadBytes}
          returnTo={here}
          onClose={() => setUploading(false)}
          onUploaded={uploaded}
        />
      ) : null}
    </>
  );
}
