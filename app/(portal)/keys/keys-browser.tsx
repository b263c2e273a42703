"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { Download, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { useUrlView } from "@/components/data-table/use-url-view";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { SigningKeyListItem } from "@/server/signing/keys/find-signing-keys";
import type { SigningKeyPurpose } from "@/server/signing/vocabulary";
import { StartCeremonyDrawer } from "./ceremonies/start-ceremony-drawer";
import type { CeremonyStart } from "./ceremony-required";
import { HistoryDrawer } from "./history-drawer";
import { KeyDrawer } from "./key-drawer";
import { CreateKeyDrawer, RotateKeyDrawer } from "./key-operation-forms";
import { keysColumns } from "./keys-columns";
import { KeysFilters } from "./keys-filters";
import { hasActiveFilters, keysViewQuery, readKeysView, toListInput } from "./keys-view";
import { type PurposeAction, PurposeOverview } from "./purpose-overview";

const PAGE_SIZES: ReadonlyArray<number> = [25, 50, 100];
const noKeys: SigningKeyListItem[] = [];

export function KeysBrowser({ canManage }: { canManage: boolean }) {
  const { view, navigate, here } = useUrlView({ read: readKeysView, toQuery: keysViewQuery });
  const listInput = useMemo(() => toListInput(view), [view]);
  const pager = useKeysetPager<string>({ pageSize: 50, resetKey: JSON.stringify(view) });
  const list = trpc.keys.list.useQuery(
    { ...listInput, limit: pager.pageSize, after: pager.cursor ?? undefined },
    { placeholderData: keepPreviousData },
  );
  const overview = trpc.keys.overview.useQuery();

  const [openKeyId, setOpenKeyId] = useState<string | null>(null);
  const [historyPurpose, setHistoryPurpose] = useState<SigningKeyPurpose | null>(null);
  const [operation, setOperation] = useState<(PurposeAction & { key: number }) | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // the ceremony form, opened from a form whose operation the ceremony policy reserves
  const [ceremony, setCeremony] = useState<(CeremonyStart & { key: number }) | null>(null);
  const startCeremony = (start: CeremonyStart) => {
    setOperation(null);
    setOpenKeyId(null);
    setCeremony({ ...start, key: Date.now() });
  };

  const listError = list.error ? describeClientError(list.error) : null;
  const overviewError = overview.error ? describeClientError(overview.error) : null;
  const keys = listError ? noKeys : (list.data?.keys ?? noKeys);
  const nextCursor = list.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;
  const filtersActive = hasActiveFilters(view);
  const activeOf = (purpose: SigningKeyPurpose) =>
    overview.data?.find((line) => line.purpose === purpose)?.active ?? null;

  const done = (message: string) => {
    setOperation(null);
    setNotice(message);
  };

  return (
    <>
      <PageHeader
        title="Signing keys"
        description="Every signature the portal makes (releases, attestations, audit checkpoints, mirrors) comes from the active key of its purpose. Retired keys keep verifying what they signed while active; revoked keys do not verify anything signed after their revocation."
        actions={
          <>
            <Link className={buttonClasses("secondary")} href="/keys/ceremonies">
              <ShieldCheck aria-hidden="true" />
              Ceremonies
            </Link>
            <a className={buttonClasses("secondary")} href="/keys/trust-root.json" download>
              <Download aria-hidden="true" />
              Trust root (JSON)
            </a>
            <a className={buttonClasses("secondary")} href="/keys/trusted-keys.pem" download>
              <Download aria-hidden="true" />
              Trusted keys (PEM)
            </a>
          </>
        }
      />

      <p
        role="status"
        className={
          notice ? "mb-4 rounded-md border border-ok-line bg-ok-soft px-4 py-3 text-sm text-ok-fg" : "sr-only"
        }
      >
        {notice}
      </p>
      {overviewError ? <RequestError error={overviewError} returnTo={here} className="mb-4" /> : null}
      {overview.data ? (
        <PurposeOverview
          purposes={overview.data}
          canManage={canManage}
          onAction={(action) => {
            setNotice(null);
            if (action.kind === "history") setHistoryPurpose(action.purpose);
            else setOperation({ ...action, key: Date.now() });
          }}
        />
      ) : null}

      <h2 className="mb-3 text-base font-semibold text-fg">All keys</h2>
      {listError ? <RequestError error={listError} returnTo={here} className="mb-4" /> : null}
      <DataTable
        caption="Signing keys"
        columns={keysColumns}
        rows={keys}
        getRowId={(key) => key.id}
        hasNextPage={nextCursor !== null}
        hasPreviousPage={pager.hasPreviousPage}
        onNextPage={() => pager.goNext(nextCursor)}
        onPreviousPage={pager.goPrevious}
        pageSize={pager.pageSize}
        pageSizeOptions={PAGE_SIZES}
        onPageSizeChange={pager.setPageSize}
        summary={keys.length > 0 ? `Showing keys ${firstRow}–${firstRow + keys.length - 1}` : null}
        isLoading={list.isFetching}
        emptyMessage={
          listError
            ? "The keys could not be loaded."
            : filtersActive
              ? "No keys match these filters."
              : "No signing keys yet."
        }
        filters={
          <KeysFilters
            view={view}
            active={filtersActive}
            onChange={(patch) => navigate({ ...view, ...patch })}
            onClear={() => navigate({ search: "", purpose: "", status: "", backend: "" })}
          />
        }
        onRowActivate={(key) => setOpenKeyId(key.keyId)}
        activeRowId={keys.find((key) => key.keyId === openKeyId)?.id ?? null}
      />

      <KeyDrawer
        key={openKeyId ?? "none"}
        keyId={openKeyId}
        canManage={canManage}
        returnTo={here}
        onClose={() => setOpenKeyId(null)}
        onNotice={setNotice}
        onStartCeremony={startCeremony}
      />
      <HistoryDrawer
        purpose={historyPurpose}
        returnTo={here}
        onClose={() => setHistoryPurpose(null)}
        onOpenKey={(keyId) => {
          setHistoryPurpose(null);
          setOpenKeyId(keyId);
        }}
      />
      {ceremony ? (
        <StartCeremonyDrawer
          key={ceremony.key}
          initial={ceremony}
          returnTo={here}
          onClose={() => setCeremony(null)}
          onStarted={(started) => {
            setCeremony(null);
            setNotice(
              `Ceremony started: ${started.title} (${started.progress}); the policy requires it. See Ceremonies.`,
            );
          }}
        />
      ) : null}
      {operation?.kind === "create" ? (
        <CreateKeyDrawer
          key={operation.key}
          purpose={operation.purpose}
          returnTo={here}
          onClose={() => setOperation(null)}
          onDone={done}
          onStartCeremony={startCeremony}
        />
      ) : null}
      {operation?.kind === "rotate" && activeOf(operation.purpose) ? (
        <RotateKeyDrawer
          key={operation.key}
          purpose={operation.purpose}
          current={activeOf(operation.purpose) as NonNullable<ReturnType<typeof activeOf>>}
          returnTo={here}
          onClose={() => setOperation(null)}
          onDone={done}
          onStartCeremony={startCeremony}
        />
      ) : null}
    </>
  );
}
