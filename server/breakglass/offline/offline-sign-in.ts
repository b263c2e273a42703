// Emergency sign-in paths beside the normal ones: accounts from the local policy file (only while the identity
// provider is unreachable) and the bootstrap break-glass account (only while enabled from the console). Returns
// null for every other email, which then goes through the normal password sign-in. Every success is audited and
// security officers are told at once; failures are audited like any failed sign-in.
import { appendAudit } from "../../audit/append-audit";
import { ANONYMOUS_ACTOR, type AuditRequestMeta } from "../../audit/events";
import type { AuthenticatedUser } from "../../auth/authenticate-password";
import { normalizeEmail } from "../../auth/normalize-email";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "../../auth/password";
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { notifySecurityOfficers } from "../../notifications/notify";
import type { WebhookSender } from "../webhook";
import { BOOTSTRAP_EMAIL, BOOTSTRAP_ID } from "./bootstrap-account";
import type { IdpProbe } from "./idp-probe";
import type { LocalAccount } from "./local-accounts";

export type OfflineFailure = "bad_credentials" | "idp_reachable" | "bootstrap_sealed";

export type OfflineSignInResult =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: OfflineFailure };

export type OfflineSignInInput = {
  email: string;
  password: string;
  request: AuditRequestMeta;
  clock: Clock;
  /** the local policy file's accounts (empty when none is configured) */
  localAccounts: () => LocalAccount[];
  /** undefined when no identity provider is configured: then the local-file accounts have nothing to stand in for */
  idpReachable: IdpProbe | undefined;
  webhook?: WebhookSender | undefined;
};

export async function authenticateOffline(
  prisma: PortalPrisma,
  input: OfflineSignInInput,
): Promise<OfflineSignInResult | null> {
  const email = normalizeEmail(input.email);
  if (email === BOOTSTRAP_EMAIL) return bootstrapSignIn(prisma, input);
  const account = input.localAccounts().find((candidate) => candidate.email === email);
  if (!account) return null;
  const refuse = async (reason: OfflineFailure) => {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: {
          type: "auth.sign_in_failed",
          method: "password",
          reason: "bad_credentials",
          identifier: email,
        },
        actor: ANONYMOUS_ACTOR,
        subject: { type: "user", id: null },
        request: input.request,
        clock: input.clock,
      }),
    );
    return { ok: false as const, reason };
  };
  // check the password first: the answer "the IdP is up" is for people who know the password
  if (!(await verifyPassword(input.password, account.passwordHash))) return refuse("bad_credentials");
  if (!input.idpReachable || (await input.idpReachable())) return refuse("idp_reachable");
  const now = input.clock.now();
  const user = await prisma.$transaction(async (tx) => {
    const row = await tx.user.upsert({
      where: { email },
      // no password in the database: this account signs in only through the file, only during an outage
      create: { email, name: account.name, roles: account.roles, lastLoginAt: now },
      update: { name: account.name, roles: account.roles, disabled: false, lastLoginAt: now },
      select: { id: true, name: true, email: true, roles: true },
    });
    await appendAudit(tx, {
      payload: { type: "breakglass.offline_sign_in", source: "local-file", email, roles: account.roles },
      actor: { id: row.id, name: row.name, roles: row.roles },
      subject: { type: "user", id: row.id },
      request: input.request,
      clock: input.clock,
    });
    await notifySecurityOfficers(
      tx,
      {
        kind: "breakglass.offline_sign_in",
        title: `${row.name} signed in from the local accounts file`,
        body: `The identity provider was unreachable. Roles: ${account.roles.join(", ")}.`,
        at: now,
      },
      { exceptUserId: row.id },
    );
    return row;
  });
  sendSignInWebhook(input, user, "local-file");
  return { ok: true, user };
}

async function bootstrapSignIn(
  prisma: PortalPrisma,
  input: OfflineSignInInput,
): Promise<OfflineSignInResult> {
  const now = input.clock.now();
  const state = await prisma.bootstrapAccount.findUnique({ where: { id: BOOTSTRAP_ID } });
  const enabled = state?.passwordHash && state.enabledUntil && state.enabledUntil.getTime() > now.getTime();
  // hash anyway when sealed, so timing does not tell whether the account is enabled
  const matches = await verifyPassword(
    input.password,
    enabled ? (state.passwordHash as string) : DUMMY_PASSWORD_HASH,
  );
  if (!enabled || !matches) {
    await prisma.$transaction(async (tx) => {
      await appendAudit(tx, {
        payload: {
          type: "auth.sign_in_failed",
          method: "password",
          reason: enabled ? "bad_credentials" : "disabled",
          identifier: BOOTSTRAP_EMAIL,
        },
        actor: ANONYMOUS_ACTOR,
        subject: { type: "user", id: state?.userId ?? null },
        request: input.request,
        clock: input.clock,
      });
      // someone trying the sealed account is itself worth a security officer's attention
      await notifySecurityOfficers(tx, {
        kind: "breakglass.bootstrap_refused",
        title: "Refused sign-in to the bootstrap break-glass account",
        body: enabled ? "Wrong password." : "The account is sealed.",
        at: now,
      });
    });
    return { ok: false, reason: enabled ? "bad_credentials" : "bootstrap_sealed" };
  }
  const user = await prisma.$transaction(async (tx) => {
    const row = await tx.user.update({
      where: { email: BOOTSTRAP_EMAIL },
      data: { lastLoginAt: now },
      select: { id: true, name: true, email: true, roles: true },
    });
    await appendAudit(tx, {
      payload: {
        type: "breakglass.offline_sign_in",
        source: "bootstrap",
        email: BOOTSTRAP_EMAIL,
        roles: row.roles,
      },
      actor: { id: row.id, name: row.name, roles: row.roles },
      subject: { type: "user", id: row.id },
      request: input.request,
      clock: input.clock,
    });
    await notifySecurityOfficers(tx, {
      kind: "breakglass.offline_sign_in",
      title: "Someone signed in with the bootstrap break-glass account",
      body: `Roles ${row.roles.join(", ")}; enabled from the console by ${state.enabledBy ?? "unknown"} until ${state.enabledUntil?.toISOString()}.`,
      at: now,
    });
    return row;
  });
  sendSignInWebhook(input, user, "bootstrap");
  return { ok: true, user };
}

function sendSignInWebhook(input: OfflineSignInInput, user: AuthenticatedUser, source: string) {
  input.webhook?.send({
    type: "breakglass.offline_sign_in",
    occurredAt: input.clock.now().toISOString(),
    sessionId: null,
    actor: `${user.name} (${source})`,
    requester: user.email,
    reasonCode: null,
    scopes: user.roles,
    expiresAt: null,
    link: null,
  });
}
