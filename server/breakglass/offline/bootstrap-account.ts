// The sealed bootstrap break-glass account: a portal user that exists disabled and can be enabled only from the
// server's console (npm run breakglass -- enable), for a limited time, with a one-time random password printed
// there. Enabling, sealing and every sign-in are audited and security officers are told at once.
import { randomBytes } from "node:crypto";
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor } from "../../audit/events";
import { hashPassword } from "../../auth/password";
import type { Role } from "../../authz/permissions";
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { notifySecurityOfficers } from "../../notifications/notify";
import { announceEndedForAccount, endBreakGlassForAccount } from "../end-for-account";
import type { WebhookSender } from "../webhook";

export const BOOTSTRAP_ID = "bootstrap";
export const BOOTSTRAP_EMAIL = "breakglass@bootstrap.local";
export const BOOTSTRAP_NAME = "Bootstrap break-glass";
export const BOOTSTRAP_MAX_MINUTES = 240;

export type BootstrapDeps = { prisma: PortalPrisma; clock: Clock; webhook?: WebhookSender | undefined };

export async function enableBootstrapAccount(
  deps: BootstrapDeps,
  options: { minutes: number; roles: Role[]; operator: string },
): Promise<{ email: string; password: string; until: Date }> {
  if (!Number.isInteger(options.minutes) || options.minutes < 1 || options.minutes > BOOTSTRAP_MAX_MINUTES) {
    throw new DomainError("BAD_REQUEST", `--minutes must be 1 to ${BOOTSTRAP_MAX_MINUTES}`);
  }
  if (options.roles.length === 0) throw new DomainError("BAD_REQUEST", "--roles needs at least one role");
  const operator = options.operator.trim() || "unknown operator";
  const now = deps.clock.now();
  const until = new Date(now.getTime() + options.minutes * 60_000);
  // 192 random bits, shown once on the console; only its scrypt hash is stored
  const password = randomBytes(24).toString("base64url");
  const passwordHash = await hashPassword(password);
  const actor: AuditActor = { id: null, name: `console (${operator})`, roles: [] };
  await deps.prisma.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email: BOOTSTRAP_EMAIL },
      create: { email: BOOTSTRAP_EMAIL, name: BOOTSTRAP_NAME, roles: options.roles, disabled: false },
      update: { roles: options.roles, disabled: false, failedLoginCount: 0, lockedUntil: null },
      select: { id: true },
    });
    await tx.bootstrapAccount.upsert({
      where: { id: BOOTSTRAP_ID },
      create: {
        id: BOOTSTRAP_ID,
        passwordHash,
        enabledUntil: until,
        enabledAt: now,
        enabledBy: operator,
        userId: user.id,
      },
      update: { passwordHash, enabledUntil: until, enabledAt: now, enabledBy: operator, userId: user.id },
    });
    await appendAudit(tx, {
      payload: {
        type: "breakglass.bootstrap_enabled",
        until: until.toISOString(),
        roles: options.roles,
        operator,
      },
      actor,
      subject: { type: "user", id: user.id },
      clock: deps.clock,
    });
    await notifySecurityOfficers(tx, {
      kind: "breakglass.bootstrap_enabled",
      title: "Bootstrap break-glass account enabled from the console",
      body: `By ${operator}, roles ${options.roles.join(", ")}, until ${until.toISOString()}.`,
      at: now,
    });
  });
  deps.webhook?.send({
    type: "breakglass.bootstrap_enabled",
    occurredAt: now.toISOString(),
    sessionId: null,
    actor: actor.name,
    requester: null,
    reasonCode: null,
    scopes: options.roles,
    expiresAt: until.toISOString(),
    link: null,
  });
  return { email: BOOTSTRAP_EMAIL, password, until };
}

/**
 * Seals the account again: no password, user disabled. Its portal sessions already ended at the deadline (the
 * per-request lookup compares `enabledUntil` with the clock). With `onlyIfExpired`, only when its time is up: the
 * sweeper's way, recorded once.
 */
export async function sealBootstrapAccount(
  deps: BootstrapDeps,
  options: { operator: string; onlyIfExpired?: boolean },
): Promise<boolean> {
  const now = deps.clock.now();
  const sealed = await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.bootstrapAccount.updateMany({
      where: {
        id: BOOTSTRAP_ID,
        enabledUntil: options.onlyIfExpired ? { lte: now } : { not: null },
      },
      data: { passwordHash: null, enabledUntil: null },
    });
    if (count === 0) return null;
    const user = await tx.user.update({
      where: { email: BOOTSTRAP_EMAIL },
      data: { disabled: true },
      select: { id: true, roles: true },
    });
    const actor: AuditActor = {
      id: null,
      name: options.onlyIfExpired ? "system" : `console (${options.operator})`,
      roles: [],
    };
    await appendAudit(tx, {
      payload: { type: "breakglass.bootstrap_disabled", operator: options.operator },
      actor,
      subject: { type: "user", id: user.id },
      clock: deps.clock,
    });
    const ended = await endBreakGlassForAccount(tx, {
      userId: user.id,
      account: { disabled: true, roles: user.roles },
      actor,
      clock: deps.clock,
    });
    await notifySecurityOfficers(tx, {
      kind: "breakglass.bootstrap_disabled",
      title: "Bootstrap break-glass account sealed",
      body: options.onlyIfExpired ? "Its time ran out." : `By ${options.operator} from the console.`,
      at: now,
    });
    return ended;
  });
  if (!sealed) return false;
  announceEndedForAccount(deps.webhook, sealed);
  return true;
}
