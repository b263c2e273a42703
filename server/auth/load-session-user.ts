// Loads the signed-in user behind a token from the database: roles and `disabled` are re-read on every request, and
// the sealed bootstrap account counts only while its console-given time lasts, so its sessions end at the deadline
// itself rather than when the sweeper gets round to disabling the user.
import type { Role } from "../authz/permissions";
import { BOOTSTRAP_EMAIL, BOOTSTRAP_ID } from "../breakglass/offline/bootstrap-account";
import type { PortalPrisma } from "../db/connection";
import type { AuthMethod } from "./types";

export type SessionUser = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  authTime: Date;
  authMethod: AuthMethod;
};

/** What the Auth.js token claims: who, and when they authenticated (epoch seconds). */
export type ClaimedSession = { id: string; authTime: number; authMethod: AuthMethod };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadSessionUser(
  prisma: PortalPrisma,
  options: { claimed: ClaimedSession | undefined; now: Date },
): Promise<SessionUser | null> {
  const { claimed, now } = options;
  // A token from another database (a wiped dev volume) must not reach a uuid column as garbage.
  if (!claimed || !UUID.test(claimed.id) || !Number.isFinite(claimed.authTime)) return null;
  const user = await prisma.user.findUnique({
    where: { id: claimed.id },
    select: { id: true, name: true, email: true, roles: true, disabled: true },
  });
  // No role left means nothing left to do here: treated as signed out, and the sign-in page says why.
  if (!user || user.disabled || user.roles.length === 0) return null;
  if (user.email === BOOTSTRAP_EMAIL && !(await bootstrapStillEnabled(prisma, claimed.authTime, now))) {
    return null;
  }
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    roles: user.roles,
    authTime: new Date(claimed.authTime * 1000),
    authMethod: claimed.authMethod,
  };
}

/**
 * The bootstrap account's token counts while the console's deadline has not passed (the same instant new sign-ins
 * are refused) and only for a sign-in within the current enablement: a token from an earlier, sealed window does
 * not come back to life when the account is enabled again.
 */
async function bootstrapStillEnabled(prisma: PortalPrisma, authTimeSeconds: number, now: Date) {
  const state = await prisma.bootstrapAccount.findUnique({
    where: { id: BOOTSTRAP_ID },
    select: { enabledUntil: true, enabledAt: true },
  });
  if (!state?.enabledUntil || state.enabledUntil.getTime() <= now.getTime()) return false;
  // the token keeps whole seconds: a sign-in in the same second as the enabling still counts
  return !state.enabledAt || authTimeSeconds >= Math.floor(state.enabledAt.getTime() / 1000);
}
