"use client";

import { useId } from "react";
import { ROLES, type Role, roleLabels } from "@/server/authz/permissions";

export type RoleCheckboxesProps = {
  value: readonly Role[];
  onChange: (roles: Role[]) => void;
  error?: string;
  hint?: string;
};

/** One labelled checkbox per role in a fieldset, so "Roles" is announced with each of them. */
export function RoleCheckboxes({ value, onChange, error, hint }: RoleCheckboxesProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <fieldset
      className="flex flex-col gap-1.5"
      aria-describedby={describedBy || undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className="mb-1.5 text-sm font-medium text-fg">Roles</legend>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-fg-muted">
          {hint}
        </p>
      ) : null}
      <div className="grid gap-2 sm:grid-cols-2">
        {ROLES.map((role) => (
          <label key={role} className="flex items-center gap-2 text-sm text-fg">
            <input
              type="checkbox"
              className="size-4 accent-accent"
              checked={value.includes(role)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? ROLES.filter((r) => r === role || value.includes(r))
                    : value.filter((r) => r !== role),
                )
              }
            />
            {roleLabels[role]}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-bad-fg">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
