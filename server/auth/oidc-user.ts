// The portal account behind an identity-provider sign-in. The IdP is the source of truth for who holds which
// role: roles are synced on every sign-in, and a user whose groups map to no role is refused.
//
// Linking rule (an existing account found by email instead of by issuer + subject):
// - it is linked only if it has no identity-provider link yet and the IdP did not say the email is unverified;
//   an account already linked to another subject is never taken over ("account_conflict");
// - linking removes the account's local password: from then on the person signs in through the IdP only, so that
//   offboarding at the IdP ends their access to the portal too (a leftover password would keep it, with the last
//   synced roles).
import { appendAudit } from "../audit/append-audit";
import { ANONYMOUS_ACTOR, type AuditRequestMeta } from "../audit/events";
import { ROLES, type Role } from "../authz/permissions";
import { endBreakGlassForAccount } from "../breakglass/end-for-account";
import type { PortalPrisma, PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import type { AuthenticatedUser, AuthRequestMeta } from "./authenticate-password";
import { normalizeEmail } from "./normalize-email";

export type UpsertOidcUserInput = {
  issuer: string;
  subject: string;
  email: string | null;
  /** the IdP's email_verified claim; null when it does not send one */
  emailVerified: boolean | null;
  name: string | null;
  /** already mapped from the IdP's groups (rolesFromClaims) */
  roles: Role[];
  /** the user a "confirm it's you" was started for; the sign-in counts as re-authentication only if it is them */
  reauthenticatingUserId: string | null;
  request: AuthRequestMeta;
  clock: Clock;
};

export type OidcFailureReason = "no_roles" | "disabled" | "account_conflict";

export type UpsertOidcUserResult =
  | { ok: true; user: AuthenticatedUser; created: boolean; linked: boolean }
  | { ok: false; reason: OidcFailureReason };

const userSelect = {
  id: true,
  name: true,
  email: true,
  roles: true,
  disabled: true,
  oidcSubject: true,
} as const;

type UserRow = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  disabled: boolean;
  oidcSubject: string | null;
};

export async function upsertOidcUser(
  prisma: PortalPrisma,
  input: UpsertOidcUserInput,
): Promise<UpsertOidcUserResult> {
  const roles = ROLES.filter((role) => input.roles.includes(role));
  const email = input.email ? normalizeEmail(input.email) : null;
  const name = input.name?.trim() || email?.split("@")[0] || input.subject;
  const identifier = email ?? input.subject;
  const request = auditRequest(input.request);
  const now = input.clock.now();

  return prisma.$transaction(async (tx): Promise<UpsertOidcUserResult> => {
    const refuse = async (
      reason: OidcFailureReason,
      userId: string | null,
    ): Promise<UpsertOidcUserResult> => {
      await appendAudit(tx, {
        payload: { type: "auth.sign_in_failed", method: "oidc", reason, identifier },
        actor: ANONYMOUS_ACTOR,
        subject: { type: "user", id: userId },
        request,
        clock: input.clock,
      });
      return { ok: false, reason };
    };
    const syncRoles = async (user: UserRow): Promise<void> => {
      if (sameRoles(user.roles, roles)) return;
      await tx.user.update({ where: { id: user.id }, data: { roles }, select: { id: true } });
      const actor = { id: null, name: `identity provider ${input.issuer}`, roles: [] };
      await appendAudit(tx, {
        payload: { type: "user.roles_synced", roles, source: "oidc" },
        actor,
        subject: { type: "user", id: user.id },
        request,
        clock: input.clock,
      });
      // roles the provider took away take their break-glass sessions with them (no webhook from here: the
      // in-app notice and the audit event record it)
      await endBreakGlassForAccount(tx, {
        userId: user.id,
        account: { disabled: user.disabled, roles },
        actor,
        request,
        clock: input.clock,
      });
    };

    let user: UserRow | null = await tx.user.findUnique({
      where: { oidcIssuer_oidcSubject: { oidcIssuer: input.issuer, oidcSubject: input.subject } },
      select: userSelect,
    });
    let created = false;
    let linked = false;

    if (user) {
      if (user.disabled) return refuse("disabled", user.id);
      // Synced even when it leaves no role: open sessions read roles from the database, so the loss of every
      // group at the IdP takes effect there too, not only on this refused sign-in.
      await syncRoles(user);
      if (roles.length === 0) return refuse("no_roles", user.id);
      await syncProfile(tx, user, { name, email });
    } else {
      const byEmail = email ? await tx.user.findUnique({ where: { email }, select: userSelect }) : null;
      if (byEmail) {
        if (byEmail.oidcSubject !== null || input.emailVerified === false)
          return refuse("account_conflict", byEmail.id);
        if (byEmail.disabled) return refuse("disabled", byEmail.id);
        // Refused before linking: an IdP identity that grants nothing does not get to change the account.
        if (roles.length === 0) return refuse("no_roles", byEmail.id);
        await tx.user.update({
          where: { id: byEmail.id },
          data: { oidcIssuer: input.issuer, oidcSubject: input.subject, passwordHash: null, name },
          select: { id: true },
        });
        await appendAudit(tx, {
          payload: { type: "user.oidc_linked", issuer: input.issuer, subject: input.subject },
          actor: { id: null, name: `identity provider ${input.issuer}`, roles: [] },
          subject: { type: "user", id: byEmail.id },
          request,
          clock: input.clock,
        });
        await syncRoles(byEmail);
        user = { ...byEmail, name, roles, oidcSubject: input.subject };
        linked = true;
      } else {
        if (roles.length === 0) return refuse("no_roles", null);
        const accountEmail = email ?? placeholderEmail(input.issuer, input.subject);
        const row = await tx.user.create({
          data: { email: accountEmail, name, roles, oidcIssuer: input.issuer, oidcSubject: input.subject },
          select: userSelect,
        });
        await appendAudit(tx, {
          payload: { type: "user.created", email: accountEmail, roles, source: "oidc" },
          actor: { id: null, name: `identity provider ${input.issuer}`, roles: [] },
          subject: { type: "user", id: row.id },
          request,
          clock: input.clock,
        });
        user = row;
        created = true;
      }
    }

    const signedIn = await tx.user.update({
      where: { id: user.id },
      data: { lastLoginAt: now },
      select: { id: true, name: true, email: true, roles: true },
    });
    await appendAudit(tx, {
      payload: {
        type: "auth.sign_in",
        method: "oidc",
        reauthentication:
          input.reauthenticatingUserId !== null && input.reauthenticatingUserId === signedIn.id,
      },
      actor: { id: signedIn.id, name: signedIn.name, roles: signedIn.roles },
      subject: { type: "user", id: signedIn.id },
      request,
      clock: input.clock,
    });
    return { ok: true, user: signedIn, created, linked };
  });
}

/**
 * Name and email follow the IdP like roles do (they are display data, not authority, so they are not audited).
 * An email already used by another account is left as it was rather than failing the sign-in.
 */
async function syncProfile(tx: PortalTx, user: UserRow, profile: { name: string; email: string | null }) {
  const data: { name?: string; email?: string } = {};
  if (profile.name !== user.name) data.name = profile.name;
  if (profile.email && profile.email !== user.email) {
    const taken = await tx.user.findUnique({ where: { email: profile.email }, select: { id: true } });
    if (!taken) data.email = profile.email;
  }
  if (Object.keys(data).length > 0)
    await tx.user.update({ where: { id: user.id }, data, select: { id: true } });
}

// The schema needs a unique email; an IdP that sends none gets an address under the reserved ".invalid" TLD,
// which can never collide with a real mailbox.
function placeholderEmail(issuer: string, subject: string): string {
  const host = (URL.canParse(issuer) && new URL(issuer).hostname) || "idp";
  return `${subject}@${host}.invalid`.toLowerCase();
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

function auditRequest(request: AuthRequestMeta): AuditRequestMeta {
  return { requestId: request.requestId, ip: request.ip, userAgent: request.userAgent };
}
