"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { PageHeader } from "@/components/ui/page-header";
import type { BundleSummary } from "@/server/evidence/bundle/schemas";
import { bundlesColumns } from "./bundles-columns";
import { ExportForm } from "./export-form";

const noBundles: BundleSummary[] = [];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function BundlesBrowser({ canExport }: { canExport: boolean }) {
  const params = useSearchParams();
  const picked = (params.get("pick") ?? "").split(",").filter((id) => UUID.test(id));
  const here = params.size > 0 ? `/evidence/bundles?${params}` : "/evidence/bundles";
  const pager = useKeysetPager<string>({ pageSize: 25 });
  const list = trpc.evidence.bundles.list.useQuery(
    { limit: pager.pageSize, after: pager.cursor ?? undefined },
    { placeholderData: keepPreviousData },
  );
  const [exported, setExported] = useState<BundleSummary | null>(null);
  const listError = list.error ? describeClientError(list.error) : null;
  const bundles = listError ? noBundles : (list.data?.bundles ?? noBundles);
  const nextCursor = list.data?.nextCursor ?? null;
  const highlighted = exported?.id ?? params.get("bundle");

  return (
    <>
      <PageHeader
        title="Evidence bundles"
        description="Signed, reproducible .tar.gz exports of evidence for auditors: the files, a manifest signed by the portal's attestation key with the Merkle root of the files, SHA256SUMS, the public key and VERIFY.md. They verify offline with sha256sum, openssl or portal-verify."
      />
      {exported ? (
        <div
          role="status"
          className="rounded-md border border-ok-line bg-ok-soft px-4 py-3 text-sm text-ok-fg"
        >
          <p>
            Exported “{exported.title}”: {exported.fileCount} file{exported.fileCount === 1 ? "" : "s"},
            Merkle root <code className="font-mono text-xs break-all">{exported.merkleRoot}</code>.
          </p>
          <a
            className="mt-1 inline-flex items-center gap-1 font-medium underline underline-offset-2"
            href={`/evidence/bundles/${exported.id}/download`}
            download
          >
            <Download className="size-4" aria-hidden="true" />
            Download {exported.archive.fileName}
          </a>
        </div>
      ) : (
        <p role="status" className="sr-only" />
      )}
      {canExport ? <ExportForm picked={picked} returnTo={here} onExported={setExported} /> : null}
      {listError ? <RequestError error={listError} returnTo={here} /> : null}
      <section aria-labelledby="past-exports" className="flex flex-col gap-3">
        <h2 id="past-exports" className="text-base font-semibold text-fg">
          Past exports
        </h2>
        <DataTable
          caption="Evidence bundles"
          columns={bundlesColumns}
          rows={bundles}
          getRowId={(bundle) => bundle.id}
          hasNextPage={nextCursor !== null}
          hasPreviousPage={pager.hasPreviousPage}
          onNextPage={() => pager.goNext(nextCursor)}
          onPreviousPage={pager.goPrevious}
          isLoading={list.isFetching}
          activeRowId={highlighted}
          emptyMessage={listError ? "The bundles could not be loaded." : "No bundle has been exported yet."}
        />
      </section>
    </>
  );
}
