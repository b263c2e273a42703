"use client";

import { keepPreviousData } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useMemo, useState } from "react";
import { DataTable, type DataTableSort } from "@/components/data-table/data-table";
import { useKeysetPager } from "@/components/data-table/use-keyset-pager";
import { useUrlView } from "@/components/data-table/use-url-view";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import type { UserSummary } from "@/server/users/schemas";
import { AccountDrawer } from "./account-drawer";
import { NewAccountDrawer } from "./new-account-drawer";
import { usersColumns } from "./users-columns";
import { type UsersFilterPatch, UsersFilters } from "./users-filters";
import { hasActiveFilters, readUsersView, toListInput, usersViewQuery } from "./users-view";

const PAGE_SIZES: ReadonlyArray<number> = [25, 50, 100];
const noUsers: UserSummary[] = [];

export function UsersBrowser({ currentUserId }: { currentUserId: string }) {
  const { view, navigate, here } = useUrlView({ read: readUsersView, toQuery: usersViewQuery });
  const listInput = useMemo(() => toListInput(view), [view]);
  const pager = useKeysetPager<string>({ pageSize: 50, resetKey: JSON.stringify(view) });
  const list = trpc.users.list.useQuery(
    { ...listInput, limit: pager.pageSize, after: pager.cursor ?? undefined },
    { placeholderData: keepPreviousData },
  );

  // Each opening of "New account" mounts a fresh form: nothing typed last time (a password) survives.
  const [newAccountKey, setNewAccountKey] = useState<number | null>(null);
  const [openUser, setOpenUser] = useState<UserSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const listError = list.error ? describeClientError(list.error) : null;
  const users = listError ? noUsers : (list.data?.users ?? noUsers);
  const nextCursor = list.data?.nextCursor ?? null;
  const firstRow = pager.pageIndex * pager.pageSize + 1;
  const filtersActive = hasActiveFilters(view);
  const sort: DataTableSort = { id: view.sort, desc: view.order === "desc" };

  return (
    <>
      <PageHeader
        title="User accounts"
        description="Local accounts sign in with a password; SSO accounts through the identity provider, which also assigns their roles. Every change here is recorded in the audit log."
        actions={
          <Button
            onClick={() => {
              setNotice(null);
              setNewAccountKey(Date.now());
            }}
          >
            <UserPlus aria-hidden="true" />
            New account
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
        caption="User accounts"
        columns={usersColumns}
        rows={users}
        getRowId={(user) => user.id}
        sort={sort}
        sortRemovable={false}
        onSortChange={(next) =>
          navigate({
            ...view,
            sort: next?.id === "createdAt" ? "createdAt" : "email",
            order: next?.desc ? "desc" : "asc",
          })
        }
        hasNextPage={nextCursor !== null}
        hasPreviousPage={pager.hasPreviousPage}
        onNextPage={() => pager.goNext(nextCursor)}
        onPreviousPage={pager.goPrevious}
        pageSize={pager.pageSize}
        pageSizeOptions={PAGE_SIZES}
        onPageSizeChange={pager.setPageSize}
        summary={users.length > 0 ? `Showing accounts ${firstRow}–${firstRow + users.length - 1}` : null}
        isLoading={list.isFetching}
        emptyMessage={
          listError
            ? "The accounts could not be loaded."
            : filtersActive
              ? "No accounts match these filters."
              : "No accounts yet."
        }
        filters={
          <UsersFilters
            view={view}
            active={filtersActive}
            onChange={(patch: UsersFilterPatch) => navigate({ ...view, ...patch })}
            onClear={() => navigate({ ...view, search: "", role: "", status: "" })}
          />
        }
        onRowActivate={setOpenUser}
        activeRowId={openUser?.id ?? null}
      />

      {newAccountKey !== null ? (
        <NewAccountDrawer
          key={newAccountKey}
          open
          returnTo={here}
          onClose={() => setNewAccountKey(null)}
          onCreated={(user) => {
            setNewAccountKey(null);
            setNotice(`Account created for ${user.email}.`);
          }}
        />
      ) : null}

      <AccountDrawer
        key={openUser?.id ?? "none"}
        userId={openUser?.id ?? null}
        initial={openUser}
        currentUserId={currentUserId}
        onClose={() => setOpenUser(null)}
        returnTo={here}
      />
    </>
  );
}
