// What the account services share: the columns they read, the row -> DTO mapping, the facts the policy judges,
// and the lock that makes "count the administrators, then change one" safe across server instances.
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import { isLocked } from "../auth/lockout-policy";
import type { Role } from "../authz/permissions";
import type { PortalTx } from "../db/connection";
import type { Prisma } from "../db/generated/client";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import { type AccountFacts, type ActorFacts, type AdminCensus, checkRoles, type Refusal } from "./policy";
import type { SignInMethod, UserStatus, UserSummary } from "./schemas";

export const accountSelect = {
  id: true,
  email: true,
  name: true,
  roles: true,
  // Read only to know whether a password exists; the DTO carries a sign-in method, never the hash.
  passwordHash: true,
  oidcSubject: true,
  disabled: true,
  failedLoginCount: true,
  lockedUntil: true,
  lastLoginAt: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

export type AccountRow = Prisma.UserGetPayload<{ select: typeof accountSelect }>;

export function signInMethodOf(row: Pick<AccountRow, "passwordHash" | "oidcSubject">): SignInMethod {
  if (row.oidcSubject !== null) return "sso";
  return row.passwordHash !== null ? "password" : "none";
}

/** One status per account; disabled wins over locked, since unlocking a disabled account lets nobody in. */
export function statusOf(
  row: Pick<AccountRow, "disabled" | "lockedUntil" | "failedLoginCount">,
  now: Date,
): UserStatus {
  return row.disabled ? "disabled" : isLocked(row, now) ? "locked" : "active";
}

export function toUserSummary(row: AccountRow, now: Date): UserSummary {
  const status = statusOf(row, now);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    signInMethod: signInMethodOf(row),
    status,
    lockedUntil: isLocked(row, now) ? row.lockedUntil : null,
    failedLoginCount: row.failedLoginCount,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
  };
}

export function accountFactsOf(row: AccountRow): AccountFacts {
  return {
    id: row.id,
    roles: row.roles,
    disabled: row.disabled,
    ssoLinked: row.oidcSubject !== null,
    hasPassword: row.passwordHash !== null,
  };
}

export function actorFactsOf(actor: AuditActor): ActorFacts {
  return { id: actor.id };
}

// Held until the transaction ends. Two administrators demoting each other at the same moment would otherwise
// each count two admins and both succeed, leaving none.
const USER_ADMIN_LOCK = 4_242_002;

/** Serialises account changes, then reads the account (NOT_FOUND if it does not exist). */
export async function lockAndReadAccount(tx: PortalTx, userId: string): Promise<AccountRow> {
  await lockAccounts(tx);
  const row = await tx.user.findUnique({ where: { id: userId }, select: accountSelect });
  if (!row) throw new DomainError("NOT_FOUND", "No such account");
  return row;
}

export async function lockAccounts(tx: PortalTx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USER_ADMIN_LOCK})`;
}

export async function adminCensus(tx: PortalTx): Promise<AdminCensus> {
  const activeAdmins = await tx.user.count({ where: { disabled: false, roles: { has: "ADMIN" } } });
  return { activeAdmins };
}

/** Policy refusals reach the client with the policy's message and a machine-readable reason. */
export function refusalError(refusal: Refusal): DomainError {
  return new DomainError("PRECONDITION_FAILED", refusal.message, { reason: refusal.reason });
}

/** Known roles, deduplicated and in the matrix's order; anything else is bad input. */
export function knownRolesOrThrow(values: readonly string[]): Role[] {
  const checked = checkRoles(values);
  if ("reason" in checked) throw new DomainError("BAD_REQUEST", checked.message, { reason: checked.reason });
  return checked.roles;
}

/** What every account service needs besides its input: who asks, from where, and when. */
export type AccountChangeContext = { actor: AuditActor; request?: AuditRequestMeta; clock: Clock };
