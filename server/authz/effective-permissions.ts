import { ROLE_PERMISSIONS } from "./matrix";
import type { Permission, Role } from "./permissions";

/** A permission granted for a limited time, outside the roles (break-glass sessions fill these). */
export type ExtraGrant = {
  permission: Permission;
  expiresAt: Date;
  source: { kind: "break-glass"; sessionId: string };
};

export type Principal = {
  userId: string;
  roles: readonly Role[];
  extraGrants: readonly ExtraGrant[];
};

/**
 * The one function that decides what a principal may do at `now`: the union of its roles' permissions and the
 * extra grants that have not expired. Expiry is compared here, on every check, so a grant stops at
 * `expiresAt` exactly, whatever a background sweeper has or has not recorded yet.
 */
export function effectivePermissions(principal: Principal, now: Date): Set<Permission> {
  const granted = new Set<Permission>();
  for (const role of principal.roles) {
    for (const permission of ROLE_PERMISSIONS[role] ?? []) granted.add(permission);
  }
  for (const grant of principal.extraGrants) {
    if (now.getTime() < grant.expiresAt.getTime()) granted.add(grant.permission);
  }
  return granted;
}

/** Fail closed: anything other than an explicit grant, including an unknown role, is a refusal. */
export function can(principal: Principal | null, permission: Permission, now: Date): boolean {
  if (!principal) return false;
  return effectivePermissions(principal, now).has(permission);
}

/** Which active extra grant (if any) is the reason this permission holds; audit events name it. */
export function grantUsedFor(
  principal: Principal,
  permission: Permission,
  now: Date,
): ExtraGrant | undefined {
  const fromRoles = principal.roles.some((role) => ROLE_PERMISSIONS[role]?.includes(permission));
  if (fromRoles) return undefined;
  return principal.extraGrants.find(
    (grant) => grant.permission === permission && now.getTime() < grant.expiresAt.getTime(),
  );
}
