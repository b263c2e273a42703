// The rules of account management, pure so they read in one screen and are tested alone. Each decision returns
// null (allowed) or a refusal with a message for the person who asked.
//
// - Lock-out prevention: nobody removes their own Administrator role or disables themselves; the last active
//   administrator can be neither demoted nor disabled. Otherwise one click could leave no one able to manage
//   accounts, and the only way back would be the database or the bootstrap CLI.
// - Identity-provider accounts get their roles from the IdP at every sign-in (server/auth/oidc-user.ts): a role
//   set here would be overwritten at the next sign-in, so it is refused instead of silently undone.
// - A password can only be reset on an account that signs in with one: giving an SSO account a password would
//   open a second way in that offboarding at the IdP does not close.
import { isRole, ROLES, type Role } from "../authz/permissions";

export type RefusalReason =
  | "unknown_role"
  | "no_role"
  | "self_demotion"
  | "self_disable"
  | "last_admin"
  | "roles_from_idp"
  | "no_password";

export type Refusal = { reason: RefusalReason; message: string };

/** What the rules need to know about the account being changed. */
export type AccountFacts = {
  id: string;
  roles: readonly Role[];
  disabled: boolean;
  /** linked to an identity provider (signs in through SSO) */
  ssoLinked: boolean;
  hasPassword: boolean;
};

/** Who is asking: null for the console (bootstrap CLI), which is nobody's own account. */
export type ActorFacts = { id: string | null };

/** Active (not disabled) accounts holding ADMIN, the changed account included. */
export type AdminCensus = { activeAdmins: number };

const ADMIN: Role = "ADMIN";

function refuse(reason: RefusalReason, message: string): Refusal {
  return { reason, message };
}

/** Known roles, without duplicates, in the matrix's order (so equal sets compare and audit the same). */
export function checkRoles(values: readonly string[]): { roles: Role[] } | Refusal {
  const unknown = values.filter((value) => !isRole(value));
  if (unknown.length > 0) {
    return refuse("unknown_role", `Unknown role: ${unknown.join(", ")}. Known roles: ${ROLES.join(", ")}`);
  }
  const roles = ROLES.filter((role) => values.includes(role));
  if (roles.length === 0) return refuse("no_role", "Choose at least one role");
  return { roles };
}

export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

function isActiveAdmin(account: AccountFacts): boolean {
  return !account.disabled && account.roles.includes(ADMIN);
}

function isLastActiveAdmin(account: AccountFacts, census: AdminCensus): boolean {
  return isActiveAdmin(account) && census.activeAdmins <= 1;
}

export function decideRoleChange(input: {
  actor: ActorFacts;
  target: AccountFacts;
  nextRoles: readonly Role[];
  census: AdminCensus;
}): Refusal | null {
  const { actor, target, nextRoles, census } = input;
  if (sameRoles(target.roles, nextRoles)) return null;
  if (nextRoles.length === 0) return refuse("no_role", "Choose at least one role");
  if (target.ssoLinked) {
    return refuse(
      "roles_from_idp",
      "This account signs in through the identity provider, which assigns its roles at every sign-in: change its groups there.",
    );
  }
  const losesAdmin = target.roles.includes(ADMIN) && !nextRoles.includes(ADMIN);
  if (losesAdmin && actor.id === target.id) {
    return refuse(
      "self_demotion",
      "You cannot remove your own Administrator role. Ask another administrator to do it.",
    );
  }
  if (losesAdmin && isLastActiveAdmin(target, census)) {
    return refuse(
      "last_admin",
      "This is the last active administrator. Give another account the Administrator role first.",
    );
  }
  return null;
}

export function decideDisable(input: {
  actor: ActorFacts;
  target: AccountFacts;
  census: AdminCensus;
}): Refusal | null {
  const { actor, target, census } = input;
  if (target.disabled) return null;
  if (actor.id === target.id) {
    return refuse("self_disable", "You cannot disable your own account. Ask another administrator to do it.");
  }
  if (isLastActiveAdmin(target, census)) {
    return refuse(
      "last_admin",
      "This is the last active administrator. Give another account the Administrator role first.",
    );
  }
  return null;
}

export function decidePasswordReset(input: { target: AccountFacts }): Refusal | null {
  if (input.target.ssoLinked || !input.target.hasPassword) {
    return refuse(
      "no_password",
      "This account has no password: it signs in through the identity provider, so there is nothing to reset.",
    );
  }
  return null;
}
