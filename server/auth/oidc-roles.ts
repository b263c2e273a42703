// Portal roles from the identity provider's group claim, through the OIDC_ROLE_MAP (group -> roles). Groups that
// are not in the map grant nothing: only what an administrator mapped on purpose gives access.
import { ROLES, type Role } from "../authz/permissions";

/**
 * The claim's groups. `claimName` may be a dotted path for providers that nest it (Keycloak's
 * "realm_access.roles"); a top-level claim whose name contains a dot wins over the path.
 */
function readClaim(claims: Record<string, unknown>, claimName: string): unknown {
  if (claimName in claims) return claims[claimName];
  let value: unknown = claims;
  for (const part of claimName.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function groupsOf(value: unknown): string[] {
  if (typeof value === "string") {
    // Either one group (whose name may contain spaces) or several separated by spaces: both readings are
    // looked up, and only mapped names count.
    return [value.trim(), ...value.split(/\s+/)].filter(Boolean);
  }
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

export function rolesFromClaims(
  claims: Record<string, unknown>,
  claimName: string,
  roleMap: ReadonlyMap<string, readonly Role[]>,
): Role[] {
  const granted = new Set<Role>();
  for (const group of groupsOf(readClaim(claims, claimName))) {
    for (const role of roleMap.get(group) ?? []) granted.add(role);
  }
  // a stable order, so that "did the roles change?" is a plain comparison and audit payloads are reproducible
  return ROLES.filter((role) => granted.has(role));
}
