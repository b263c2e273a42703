// Auth.js wiring: JWT sessions, email + password (Credentials) and, when configured, one generic OIDC provider.
// The rules live in authenticate-password.ts and oidc-user.ts; this file only adapts them to Auth.js.
import "server-only";
import { cookies, headers } from "next/headers";
import NextAuth, { CredentialsSignin, type NextAuthConfig, type Profile, type User } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { OIDCConfig } from "next-auth/providers";
import Credentials from "next-auth/providers/credentials";
import { appendAudit } from "../audit/append-audit";
import { configuredBreakGlass } from "../breakglass/deps";
import { discoveryProbe } from "../breakglass/offline/idp-probe";
import { readLocalAccountsFile } from "../breakglass/offline/local-accounts";
import { authenticateOffline, type OfflineFailure } from "../breakglass/offline/offline-sign-in";
import { getPrisma } from "../db";
import { env } from "../env";
import { systemClock } from "../lib/clock";
import { logger } from "../lib/logger";
import { requestMetaOf } from "../trpc/request-meta";
import { authenticatePassword, type PasswordFailureReason } from "./authenticate-password";
import { normalizeEmail } from "./normalize-email";
import { rolesFromClaims } from "./oidc-roles";
import { upsertOidcUser } from "./oidc-user";
import { REAUTH_COOKIE } from "./reauth-cookie";
import { usesSecureCookies } from "./secure-cookies";
import type { AuthMethod } from "./types";

export const CREDENTIALS_PROVIDER_ID = "credentials";
export const OIDC_PROVIDER_ID = "oidc";

/** Absolute session lifetime, counted from the sign-in (Auth.js alone would slide it on every request). */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** A refused password sign-in; Auth.js puts `code` into the sign-in page's URL (`?error=CredentialsSignin&code=`). */
export class PasswordSignInError extends CredentialsSignin {
  constructor(reason: PasswordFailureReason | OfflineFailure) {
    super(`password sign-in refused: ${reason}`);
    this.code = reason;
  }
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

const stringField = (value: unknown): string => (typeof value === "string" ? value : "");

/** True when the request already carries a session for this email: only then does `reauth=1` mean "it's me again". */
async function isSignedInAs(request: Request, email: string, secureCookie: boolean): Promise<boolean> {
  if (!env.AUTH_SECRET) return false;
  const token = await getToken({ req: request, secret: env.AUTH_SECRET, secureCookie });
  return typeof token?.email === "string" && normalizeEmail(token.email) === normalizeEmail(email);
}

function oidcProvider(): OIDCConfig<Profile> | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: env.OIDC_DISPLAY_NAME,
    type: "oidc",
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    checks: ["pkce", "state"],
    authorization: { params: { scope: "openid profile email" } },
    // The portal account (and its id) is resolved in the signIn callback, where the request is at hand for the
    // audit event; this only names the IdP identity.
    profile: (profile) => ({
      id: typeof profile.sub === "string" ? profile.sub : undefined,
      name: typeof profile.name === "string" ? profile.name : null,
      email: typeof profile.email === "string" ? profile.email : null,
    }),
  };
}

/** auth_time from the ID token says when the user really authenticated at the IdP (SSO may be hours old). */
function authTimeOf(profile: Profile, now: Date): number {
  const claimed = profile.auth_time;
  return typeof claimed === "number" && Number.isFinite(claimed) ? Math.floor(claimed) : epochSeconds(now);
}

async function signInWithOidc(user: User, profile: Profile): Promise<true | string> {
  const issuer = typeof profile.iss === "string" ? profile.iss : env.OIDC_ISSUER;
  const subject = profile.sub;
  if (!issuer || !subject) return "/signin?error=AccessDenied";
  const jar = await cookies();
  const reauthenticatingUserId = jar.get(REAUTH_COOKIE)?.value ?? null;
  if (reauthenticatingUserId !== null) jar.delete(REAUTH_COOKIE);
  const now = systemClock.now();
  const result = await upsertOidcUser(await getPrisma(), {
    issuer,
    subject,
    email: typeof profile.email === "string" ? profile.email : null,
    emailVerified: typeof profile.email_verified === "boolean" ? profile.email_verified : null,
    name: typeof profile.name === "string" ? profile.name : null,
    roles: rolesFromClaims(profile, env.OIDC_ROLES_CLAIM, env.OIDC_ROLE_MAP),
    reauthenticatingUserId,
    request: requestMetaOf(await headers()),
    clock: systemClock,
  });
  if (!result.ok) return `/signin?${new URLSearchParams({ error: "AccessDenied", code: result.reason })}`;
  // Without a database adapter Auth.js hands this same object to the jwt callback, and its `id` is a random
  // UUID until here: this is the one place that can both refuse with a redirect and name the portal account.
  Object.assign(user, {
    ...result.user,
    authTime: authTimeOf(profile, now),
    authMethod: "oidc" satisfies AuthMethod,
  });
  return true;
}

function buildConfig(): NextAuthConfig {
  const secureCookies = usesSecureCookies(env.AUTH_URL);
  const oidc = oidcProvider();
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    useSecureCookies: secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      Credentials({
        id: CREDENTIALS_PROVIDER_ID,
        name: "Email and password",
        credentials: { email: {}, password: {}, reauth: {} },
        authorize: async (credentials, request) => {
          const email = stringField(credentials.email);
          const now = systemClock.now();
          // the emergency paths (local accounts file during an IdP outage, the console-enabled bootstrap account)
          // answer for their own emails only; everyone else signs in below
          const offline = await authenticateOffline(await getPrisma(), {
            email,
            password: stringField(credentials.password),
            request: requestMetaOf(request.headers),
            clock: systemClock,
            localAccounts: () =>
              env.LOCAL_ACCOUNTS_FILE ? readLocalAccountsFile(env.LOCAL_ACCOUNTS_FILE) : [],
            idpReachable: env.OIDC_ISSUER ? discoveryProbe(env.OIDC_ISSUER) : undefined,
            webhook: configuredBreakGlass().webhook,
          });
          if (offline && !offline.ok) throw new PasswordSignInError(offline.reason);
          if (offline)
            return {
              ...offline.user,
              authTime: epochSeconds(now),
              authMethod: "password" satisfies AuthMethod,
            };
          const result = await authenticatePassword(await getPrisma(), {
            email,
            password: stringField(credentials.password),
            request: requestMetaOf(request.headers),
            clock: systemClock,
            reauthentication:
              credentials.reauth === "1" && (await isSignedInAs(request, email, secureCookies)),
            policy: {
              maxFailures: env.LOGIN_MAX_FAILURES,
              lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES,
              attemptsPerMinutePerIp: env.LOGIN_ATTEMPTS_PER_MINUTE_PER_IP,
            },
          });
          if (!result.ok) throw new PasswordSignInError(result.reason);
          return { ...result.user, authTime: epochSeconds(now), authMethod: "password" satisfies AuthMethod };
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      signIn: async ({ user, account, profile }) => {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        if (!profile) return "/signin?error=AccessDenied";
        return signInWithOidc(user, profile);
      },
      jwt: ({ token, user, trigger }) => {
        const now = epochSeconds(systemClock.now());
        if (trigger === "signIn" || trigger === "signUp") {
          // A sign-in builds a new token from scratch: signing in again as oneself (re-authentication) refreshes
          // authTime and signedInAt without a sign-out.
          if (
            !user.id ||
            !user.name ||
            !user.email ||
            !user.roles ||
            user.authTime === undefined ||
            !user.authMethod
          ) {
            throw new Error("sign-in produced an incomplete user");
          }
          return {
            sub: user.id,
            name: user.name,
            email: user.email,
            roles: user.roles,
            authTime: user.authTime,
            authMethod: user.authMethod,
            signedInAt: now,
          };
        }
        if (typeof token.signedInAt !== "number" || now - token.signedInAt > SESSION_MAX_AGE_SECONDS)
          return null;
        return token;
      },
      session: ({ session, token }) => ({
        ...session,
        user: {
          id: token.sub ?? "",
          name: token.name ?? "",
          email: token.email ?? "",
          roles: token.roles ?? [],
          authTime: token.authTime ?? 0,
          authMethod: token.authMethod ?? "password",
        },
      }),
    },
    events: {
      // Auth.js catches and logs a failure here and still clears the cookie: nobody is kept signed in because
      // the audit log was unreachable.
      signOut: async (message) => {
        const token = "token" in message ? message.token : null;
        if (!token?.sub) return;
        const prisma = await getPrisma();
        const request = requestMetaOf(await headers());
        await prisma.$transaction((tx) =>
          appendAudit(tx, {
            payload: { type: "auth.sign_out" },
            actor: { id: token.sub ?? null, name: token.name ?? "unknown", roles: token.roles ?? [] },
            subject: { type: "user", id: token.sub },
            request,
            clock: systemClock,
          }),
        );
      },
    },
    logger: {
      error: (error) => {
        // A refused sign-in is an expected outcome, already audited; not a server error.
        if (error instanceof CredentialsSignin) return;
        logger.error("auth.js error", { error });
      },
      warn: (code) => logger.warn("auth.js warning", { code }),
    },
  };
}

// Lazy: the configuration is read on the first request, not when `next build` imports this module.
export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
