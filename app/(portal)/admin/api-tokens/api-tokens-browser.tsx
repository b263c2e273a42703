"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { useUrlView } from "@/components/data-table/use-url-view";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Label, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import type { ApiTokenState } from "@/server/api-tokens/policy";
import type { ApiTokenSummary } from "@/server/api-tokens/schemas";
import { stateLabels } from "./api-token-labels";
import { apiTokensColumns } from "./api-tokens-columns";
import { NewApiTokenDrawer } from "./new-api-token-drawer";
import { RevokeApiTokenDrawer } from "./revoke-api-token-drawer";

const STATES = Object.keys(stateLabels) as ApiTokenState[];
const noTokens: ApiTokenSummary[] = [];

type TokensView = { state: ApiTokenState | "" };

const readView = (params: { get(name: string): string | null }): TokensView => {
  const state = params.get("state") ?? "";
  return { state: (STATES as string[]).includes(state) ? (state as ApiTokenState) : "" };
};
const viewQuery = (view: TokensView) =>
  view.state ? new URLSearchParams({ state: view.state }).toString() : "";

export function ApiTokensBrowser() {
  const { view, navigate, here } = useUrlView({ read: readView, toQuery: viewQuery });
  const pager = useKeysetPager<string>({ pageSize: 25, resetKey: view.state });
  const list = trpc.apiTokens.list.useQuery(
    { state: view.state || undefined, limit: pager.pageSize, after: pager.cursor ?? undefined },
    { placeholderData: keepPreviousData },
  );
  const [newTokenKey, setNewTokenKey] = useState<number | null>(null);
  const [openToken, setOpenToken] = useState<ApiTokenSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const listError = list.error ? describeClientError(list.error) : null;
  const tokens = listError ? noTokens : (list.data?.tokens ?? noTokens);
  const nextCursor = list.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Bearer tokens for CI pipelines calling /api/v1: registering releases, requesting promotions, uploading evidence. Only a hash is stored; revocation stops a token on its next call."
        actions={
          <Button
            onClick={() => {
              setNotice(null);
              setNewTokenKey(Date.now());
            }}
          >
            <KeyRound aria-hidden="true" />
            New token
          </Button>
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
      {listError ? <RequestError error={listError} returnTo={here} className="mb-4" /> : null}
      <DataTable
        caption="API tokens"
        columns={apiTokensColumns}
        rows={tokens}
        getRowId={(token) => token.id}
        hasNextPage={nextCursor !== null}
        hasPreviousPage={pager.hasPreviousPage}
        onNextPage={() => pager.goNext(nextCursor)}
        onPreviousPage={pager.goPrevious}
        pageSize={pager.pageSize}
        summary={tokens.length > 0 ? `Showing tokens ${firstRow}–${firstRow + tokens.length - 1}` : null}
        isLoading={list.isFetching}
        emptyMessage={
          listError
            ? "The tokens could not be loaded."
            : view.state
              ? "No tokens in this state."
              : "No API tokens yet."
        }
        filters={
          <search aria-label="Filter tokens" className="flex flex-col gap-1.5">
            <Label htmlFor="api-tokens-filter-state">Status</Label>
            <Select
              id="api-tokens-filter-state"
              value={view.state}
              onChange={(event) => navigate(readView(new URLSearchParams({ state: event.target.value })))}
            >
              <option value="">All tokens</option>
              {STATES.map((state) => (
                <option key={state} value={state}>
                  {stateLabels[state].label}
                </option>
              ))}
            </Select>
          </search>
        }
        onRowActivate={setOpenToken}
        activeRowId={openToken?.id ?? null}
      />
      {newTokenKey !== null ? (
        <NewApiTokenDrawer key={newTokenKey} onClose={() => setNewTokenKey(null)} returnTo={here} />
      ) : null}
      <RevokeApiTokenDrawer
        key={openToken?.id ?? "none"}
        token={openToken}
        onClose={() => setOpenToken(null)}
        onRevoked={(token) => {
          setOpenToken(null);
          setNotice(`Token ${token.name} revoked.`);
        }}
        returnTo={here}
      />
    </>
  );
}
