// The role/permission matrix shaped for reading: permissions grouped by resource for the page, and one JSON
// document for export. Both are derived from server/authz, never restated.
import { ROLE_PERMISSIONS } from "@/server/authz/matrix";
import {
  ALL_PERMISSIONS,
  PERMISSIONS,
  type Permission,
  ROLES,
  type Role,
  roleLabels,
} from "@/server/authz/permissions";

export type PermissionGroup = { resource: string; permissions: Permission[] };

/** Resources in the order the permission list first names them, so related rows stay together. */
export function permissionGroups(): PermissionGroup[] {
  const groups = new Map<string, Permission[]>();
  for (const permission of ALL_PERMISSIONS) {
    const resource = permission.split(":")[0] ?? permission;
    groups.set(resource, [...(groups.get(resource) ?? []), permission]);
  }
  return [...groups].map(([resource, permissions]) => ({ resource, permissions }));
}

/** A role's permissions in catalogue order, so the export diffs cleanly when the matrix changes. */
export function permissionsOfRole(role: Role): Permission[] {
  const granted = new Set(ROLE_PERMISSIONS[role]);
  return ALL_PERMISSIONS.filter((permission) => granted.has(permission));
}

/** Permissions no role holds: only a break-glass grant can give them. */
export function unassignedPermissions(): Permission[] {
  const held = new Set(ROLES.flatMap((role) => ROLE_PERMISSIONS[role]));
  return ALL_PERMISSIONS.filter((permission) => !held.has(permission));
}

export type RbacMatrixDocument = {
  generatedAt: string;
  roles: Array<{ role: Role; label: string; permissions: Permission[] }>;
  permissions: Array<{ permission: Permission; description: string }>;
};

export function rbacMatrixDocument(generatedAt: Date): RbacMatrixDocument {
  return {
    generatedAt: generatedAt.toISOString(),
    roles: ROLES.map((role) => ({ role, label: roleLabels[role], permissions: permissionsOfRole(role) })),
    permissions: ALL_PERMISSIONS.map((permission) => ({ permission, description: PERMISSIONS[permission] })),
  };
}
