"use client";

import { useState } from "react";
import { ClearFiltersButton } from "@/components/data-table/clear-filters-button";
import { TextFilterInput } from "@/components/data-table/text-filter-input";
import { Label, Select } from "@/components/ui/input";
import { isRole, ROLES, roleLabels } from "@/server/authz/permissions";
import { USER_STATUSES, type UserStatus } from "@/server/users/vocabulary";
import type { UsersView } from "./users-view";

export type UsersFilterPatch = Partial<Pick<UsersView, "search" | "role" | "status">>;

const statusLabels: Record<UserStatus, string> = { active: "Active", disabled: "Disabled", locked: "Locked" };

export function UsersFilters({
  view,
  active,
  onChange,
  onClear,
}: {
  view: UsersView;
  active: boolean;
  onChange: (patch: UsersFilterPatch) => void;
  onClear: () => void;
}) {
  // Remounting the search input on clear also drops a draft still waiting to be committed.
  const [clears, setClears] = useState(0);
  return (
    <search
      aria-label="Filter accounts"
      className="grid w-full grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
    >
      <TextFilterInput
        key={`search-${clears}`}
        id="users-filter-search"
        label="Search"
        placeholder="Email or name"
        value={view.search}
        onCommit={(search) => onChange({ search })}
      />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="users-filter-role">Role</Label>
        <Select
          id="users-filter-role"
          value={view.role}
          onChange={(event) => {
            const role = event.target.value;
            onChange({ role: isRole(role) ? role : "" });
          }}
        >
          <option value="">All roles</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {roleLabels[role]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="users-filter-status">Status</Label>
        <Select
          id="users-filter-status"
          value={view.status}
          onChange={(event) => {
            const status = USER_STATUSES.find((value) => value === event.target.value);
            onChange({ status: status ?? "" });
          }}
        >
          <option value="">Any status</option>
          {USER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabels[status]}
            </option>
          ))}
        </Select>
      </div>
      <ClearFiltersButton
        active={active}
        onClear={() => {
          setClears((n) => n + 1);
          onClear();
        }}
      />
    </search>
  );
}
