import { Check } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { PERMISSIONS, ROLES, type Role, roleLabels } from "@/server/authz/permissions";
import { permissionGroups, permissionsOfRole } from "./rbac-matrix";

/** Every permission against every role. `viewerRoles` only marks columns; it changes nothing in the table. */
export function PermissionMatrixTable({ viewerRoles }: { viewerRoles: readonly Role[] }) {
  const grants = new Map(ROLES.map((role) => [role, new Set(permissionsOfRole(role))]));
  const groups = permissionGroups();
  const columnCount = ROLES.length + 1;

  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-surface shadow-sm">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">Permissions granted to each role</caption>
        <thead className="bg-surface-muted">
          <tr className="border-b border-border">
            <th
              scope="col"
              className="sticky left-0 z-10 bg-surface-muted px-4 py-2.5 text-xs font-semibold tracking-wide text-fg-muted uppercase"
            >
              Permission
            </th>
            {ROLES.map((role) => (
              <th key={role} scope="col" className="min-w-28 px-3 py-2.5 text-center align-bottom">
                <span className="block text-sm font-semibold text-fg">{roleLabels[role]}</span>
                <span className="block text-xs font-normal text-fg-muted tabular-nums">
                  {grants.get(role)?.size ?? 0} permissions
                </span>
                {viewerRoles.includes(role) ? (
                  <Badge tone="info" className="mt-1">
                    your role
                  </Badge>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.resource} className="border-b border-border last:border-b-0">
            <tr>
              <th
                scope="rowgroup"
                colSpan={columnCount}
                className="bg-surface-muted/60 px-4 pt-3 pb-1.5 font-mono text-xs font-semibold tracking-wide text-fg-muted uppercase"
              >
                {group.resource}
              </th>
            </tr>
            {group.permissions.map((permission) => (
              <tr key={permission} className="group border-t border-border hover:bg-surface-hover">
                <th
                  scope="row"
                  className="sticky left-0 bg-surface px-4 py-2 align-top font-normal group-hover:bg-surface-hover"
                >
                  <code className="font-mono text-[13px] font-medium text-fg">{permission}</code>
                  <span className="block max-w-md text-xs text-fg-muted">{PERMISSIONS[permission]}</span>
                </th>
                {ROLES.map((role) => {
                  const granted = grants.get(role)?.has(permission) === true;
                  return (
                    <td
                      key={role}
                      className={cn("px-3 py-2 text-center align-middle", granted && "bg-ok-soft")}
                    >
                      {granted ? (
                        <Check
                          className="mx-auto size-4 text-ok-solid"
                          strokeWidth={2.5}
                          aria-hidden="true"
                        />
                      ) : (
                        <span className="text-fg-subtle" aria-hidden="true">
                          –
                        </span>
                      )}
                      <span className="sr-only">{granted ? "granted" : "not granted"}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
