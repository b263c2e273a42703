"use client";

import { createDataTableColumnHelper } from "@/components/data-table/columns";
import { formatDateTime } from "@/components/format/date-time";
import type { UserSummary } from "@/server/users/schemas";
import { signInMethodLabels, UserRoleBadges, UserStatusBadge } from "./user-badges";

const column = createDataTableColumnHelper<UserSummary>();

// Column ids of the two sortable columns are users.list's `sort` values.
export const usersColumns = column.columns([
  column.accessor("email", {
    id: "email",
    header: "Email",
    enableSorting: true,
    meta: { rowHeader: true, className: "break-all" },
  }),
  column.accessor("name", { header: "Name" }),
  column.accessor("roles", {
    header: "Roles",
    cell: (info) => <UserRoleBadges roles={info.getValue()} />,
  }),
  column.accessor("signInMethod", {
    header: "Sign-in",
    cell: (info) => signInMethodLabels[info.getValue()],
  }),
  column.display({
    id: "status",
    header: "Status",
    cell: (info) => <UserStatusBadge user={info.row.original} />,
  }),
  column.accessor("lastLoginAt", {
    header: "Last sign-in",
    meta: { className: "whitespace-nowrap" },
    cell: (info) => {
      const at = info.getValue();
      return at ? (
        <time dateTime={at.toISOString()}>{formatDateTime(at)}</time>
      ) : (
        <span className="text-fg-muted">Never</span>
      );
    },
  }),
  column.accessor("createdAt", {
    id: "createdAt",
    header: "Created",
    enableSorting: true,
    meta: { className: "whitespace-nowrap" },
    cell: (info) => {
      const at = info.getValue();
      return <time dateTime={at.toISOString()}>{formatDateTime(at)}</time>;
    },
  }),
]);
