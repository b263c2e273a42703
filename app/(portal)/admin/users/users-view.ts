// The account list's view (filters and sort) lives in the URL, so a filtered list can be shared and survives a
// reload. This file turns query-string values into the users.list input and back.
import { isRole, type Role } from "@/server/authz/permissions";
import type { UserListInput } from "@/server/users/schemas";
import { USER_STATUSES, type UserSort, type UserStatus } from "@/server/users/vocabulary";

export type UsersView = {
  search: string;
  role: Role | "";
  status: UserStatus | "";
  sort: UserSort;
  order: "asc" | "desc";
};

type ParamReader = { get(name: string): string | null };

const isStatus = (value: string): value is UserStatus => (USER_STATUSES as readonly string[]).includes(value);

/** Unknown values from a hand-edited link fall back to "no filter" rather than an error page. */
export function readUsersView(params: ParamReader): UsersView {
  const role = params.get("role") ?? "";
  const status = params.get("status") ?? "";
  return {
    search: params.get("q") ?? "",
    role: isRole(role) ? role : "",
    status: isStatus(status) ? status : "",
    sort: params.get("sort") === "createdAt" ? "createdAt" : "email",
    order: params.get("order") === "desc" ? "desc" : "asc",
  };
}

/** `view` written over `current` (other parameters survive); defaults are left out to keep links short. */
export function usersViewQuery(view: UsersView, current: { toString(): string }): string {
  const next = new URLSearchParams(current.toString());
  const set = (name: string, value: string, fallback: string) => {
    if (value === fallback) next.delete(name);
    else next.set(name, value);
  };
  set("q", view.search.trim(), "");
  set("role", view.role, "");
  set("status", view.status, "");
  set("sort", view.sort, "email");
  set("order", view.order, "asc");
  return next.toString();
}

export function hasActiveFilters(view: UsersView): boolean {
  return view.search !== "" || view.role !== "" || view.status !== "";
}

export function toListInput(view: UsersView): Omit<NonNullable<UserListInput>, "limit" | "after"> {
  return {
    sort: view.sort,
    order: view.order,
    filters: {
      ...(view.search ? { search: view.search } : {}),
      ...(view.role ? { role: view.role } : {}),
      ...(view.status ? { status: view.status } : {}),
    },
  };
}
