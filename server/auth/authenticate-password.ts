// Email + password sign-in: per-address throttle, per-account lockout, constant-ish timing for unknown emails,
// and one audit event for every outcome, written in the same transaction as the counters it changes.
// The password itself is never stored, logged or audited; only the email the user typed is (as `identifier`).
import { appendAudit } from "../audit/append-audit";
import { ANONYMOUS_ACTOR, type AuditRequestMeta } from "../audit/events";
import type { Role } from "../authz/permissions";
import type { PortalPrisma, PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import { logger } from "../lib/logger";
import { AFTER_SUCCESS, afterFailedAttempt, isLocked } from "./lockout-policy";
import { refundLoginAttempt, reserveLoginAttempt, throttleKeyForIp } from "./login-throttle";
import { normalizeEmail } from "./normalize-email";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "./password";

/** A user who has just proved who they are; what the session is built from. */
export type AuthenticatedUser = { id: string; name: string; email: string; roles: Role[] };

export type AuthRequestMeta = { ip: string | null; userAgent: string | null; requestId: string };

export type PasswordPolicy = { maxFailures: number; lockoutMinutes: number; attemptsPerMinutePerIp: number };

export type PasswordFailureReason = "bad_credentials" | "locked" | "rate_limited" | "disabled" | "no_roles";

export type AuthenticatePasswordResult =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: PasswordFailureReason };

export type AuthenticatePasswordInput = {
  email: string;
  password: string;
  request: AuthRequestMeta;
  clock: Clock;
  /** the signed-in user confirming it's them (step-up), recorded in the audit event */
  reauthentication: boolean;
  policy: PasswordPolicy;
};

// RFC 5321 caps an address at 254 characters; anything longer cannot be an account and is not looked up.
const MAX_EMAIL_LENGTH = 254;
// scrypt accepts any length, but hashing megabytes per request is a cheap denial of service.
const MAX_PASSWORD_LENGTH = 1024;

export async function authenticatePassword(
  prisma: PortalPrisma,
  input: AuthenticatePasswordInput,
): Promise<AuthenticatePasswordResult> {
  const now = input.clock.now();
  const email = normalizeEmail(input.email);
  const identifier = email.slice(0, MAX_EMAIL_LENGTH);
  const throttleKey = throttleKeyForIp(input.request.ip);
  const failure = (tx: PortalTx, reason: PasswordFailureReason, userId: string | null) =>
    appendAudit(tx, {
      payload: { type: "auth.sign_in_failed", method: "password", reason, identifier },
      actor: ANONYMOUS_ACTOR,
      subject: { type: "user", id: userId },
      request: auditRequest(input.request),
      clock: input.clock,
    });

  const throttle = await prisma.$transaction(async (tx) => {
    const reservation = await reserveLoginAttempt(tx, {
      key: throttleKey,
      now,
      limit: input.policy.attemptsPerMinutePerIp,
    });
    // A flood from one address would otherwise write one audit event per request: the log records the first
    // refusal of each window (which says the limit was hit), the rest go to the server log only.
    if (!reservation.allowed && reservation.attempts === input.policy.attemptsPerMinutePerIp + 1) {
      await failure(tx, "rate_limited", null);
    } else if (!reservation.allowed) {
      logger.warn("sign-in rate limited", {
        throttleKey,
        attempts: reservation.attempts,
        requestId: input.request.requestId,
      });
    }
    return reservation;
  });
  if (!throttle.allowed) return { ok: false, reason: "rate_limited" };

  const plausible =
    email.length > 0 && email.length <= MAX_EMAIL_LENGTH && input.password.length <= MAX_PASSWORD_LENGTH;
  const account = plausible
    ? await prisma.user.findUnique({
        where: { email },
        select: { id: true, passwordHash: true, failedLoginCount: true, lockedUntil: true },
      })
    : null;

  if (account && isLocked(account, now)) {
    // Refused before the password is checked: a locked account must not become an oracle for guesses.
    await prisma.$transaction((tx) => failure(tx, "locked", account.id));
    return { ok: false, reason: "locked" };
  }

  // Unknown emails and accounts without a password (identity-provider users) are checked against a dummy hash,
  // so the response takes as long as for a real account and does not tell which emails exist.
  const matches =
    plausible && (await verifyPassword(input.password, account?.passwordHash ?? DUMMY_PASSWORD_HASH));
  const passwordCorrect = account !== null && account.passwordHash !== null && matches;

  if (!account) {
    await prisma.$transaction((tx) => failure(tx, "bad_credentials", null));
    return { ok: false, reason: "bad_credentials" };
  }

  return prisma.$transaction(async (tx): Promise<AuthenticatePasswordResult> => {
    // Row lock: concurrent attempts on one account count one after the other, so N parallel wrong passwords
    // lock it exactly once and a lock started meanwhile is seen here.
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${account.id}::uuid FOR UPDATE`;
    const current = await tx.user.findUnique({
      where: { id: account.id },
      select: {
        id: true,
        name: true,
        email: true,
        roles: true,
        disabled: true,
        failedLoginCount: true,
        lockedUntil: true,
      },
    });
    if (!current) {
      await failure(tx, "bad_credentials", null);
      return { ok: false, reason: "bad_credentials" };
    }
    if (isLocked(current, now)) {
      await failure(tx, "locked", current.id);
      return { ok: false, reason: "locked" };
    }

    if (!passwordCorrect) {
      const outcome = afterFailedAttempt(current, now, input.policy);
      await tx.user.update({ where: { id: current.id }, data: outcome.next, select: { id: true } });
      await failure(tx, "bad_credentials", current.id);
      if (outcome.lockStarted && outcome.next.lockedUntil) {
        await appendAudit(tx, {
          payload: {
            type: "auth.account_locked",
            failures: outcome.failures,
            until: outcome.next.lockedUntil.toISOString(),
          },
          actor: ANONYMOUS_ACTOR,
          subject: { type: "user", id: current.id },
          request: auditRequest(input.request),
          clock: input.clock,
        });
        // the user learns at once that further tries are pointless for a while
        return { ok: false, reason: "locked" };
      }
      return { ok: false, reason: "bad_credentials" };
    }

    // The right password is not a guess: it neither counts against the address nor towards a lock, even when
    // the account is then refused for another reason.
    await refundLoginAttempt(tx, { key: throttleKey, now });
    const refusal: PasswordFailureReason | null = current.disabled
      ? "disabled"
      : current.roles.length === 0
        ? "no_roles"
        : null;
    await tx.user.update({
      where: { id: current.id },
      data: refusal ? AFTER_SUCCESS : { ...AFTER_SUCCESS, lastLoginAt: now },
      select: { id: true },
    });
    if (refusal) {
      await failure(tx, refusal, current.id);
      return { ok: false, reason: refusal };
    }
    await appendAudit(tx, {
      payload: { type: "auth.sign_in", method: "password", reauthentication: input.reauthentication },
      actor: { id: current.id, name: current.name, roles: current.roles },
      subject: { type: "user", id: current.id },
      request: auditRequest(input.request),
      clock: input.clock,
    });
    return {
      ok: true,
      user: { id: current.id, name: current.name, email: current.email, roles: current.roles },
    };
  });
}

function auditRequest(request: AuthRequestMeta): AuditRequestMeta {
  return { requestId: request.requestId, ip: request.ip, userAgent: request.userAgent };
}
