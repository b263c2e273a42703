// What a pipeline's token may be allowed to do, and for how long. Tokens are for machines: they get the few
// permissions CI needs (register releases, request promotions, upload and read evidence), never approvals,
// administration or key use, which must stay with people who re-authenticate.
import type { Permission } from "../authz/permissions";

export const API_TOKEN_SCOPES = [
  "release:read",
  "release:register",
  "promotion:request",
  "evidence:read",
  "evidence:upload",
] as const satisfies readonly Permission[];
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export function isApiTokenScope(value: string): value is ApiTokenScope {
  return (API_TOKEN_SCOPES as readonly string[]).includes(value);
}

/** A token without an end date is a standing credential; cap it so forgotten tokens die on their own. */
export const API_TOKEN_MAX_DAYS = 366;

export type ApiTokenState = "active" | "expired" | "revoked";

export function tokenStateOf(
  token: { expiresAt: Date | null; revokedAt: Date | null },
  now: Date,
): ApiTokenState {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

/** What a route asks of a token: one permission, or only that the token is valid (e.g. "who am I"). */
export type TokenRequirement = Permission | "any-valid-token";

/** Fail closed: a token acts only within its own scopes, and only while active. */
export function tokenAllows(
  token: { scopes: readonly string[]; expiresAt: Date | null; revokedAt: Date | null },
  requirement: TokenRequirement,
  now: Date,
): boolean {
  if (tokenStateOf(token, now) !== "active") return false;
  return requirement === "any-valid-token" || token.scopes.includes(requirement);
}
