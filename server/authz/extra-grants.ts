// Where time-limited grants come from: the user's break-glass sessions that are active at `now`. Called for every
// request (tRPC context and page checks), so a session's grants start and stop on the very next request. Expiry is
// decided here by comparing `expiresAt` with `now`; a session found past it is also recorded as expired (once,
// whoever notices first), so the trail does not wait for the sweeper.
import { configuredBreakGlass } from "../breakglass/deps";
import { recordExpiries } from "../breakglass/record-expiries";
import type { PortalPrisma } from "../db/connection";
import { logger } from "../lib/logger";
import type { ExtraGrant } from "./effective-permissions";
import { isPermission } from "./permissions";

export async function findActiveGrants(
  prisma: PortalPrisma,
  userId: string,
  now: Date,
  options: { onExpired?: (sessionIds: string[]) => Promise<unknown> } = {},
): Promise<ExtraGrant[]> {
  const sessions = await prisma.breakGlassSession.findMany({
    where: { requesterId: userId, status: "ACTIVE" },
    select: { id: true, scopes: true, expiresAt: true },
  });
  const grants: ExtraGrant[] = [];
  const due: string[] = [];
  for (const session of sessions) {
    const expiresAt = session.expiresAt;
    if (!expiresAt || now.getTime() >= expiresAt.getTime()) {
      due.push(session.id);
      continue;
    }
    for (const scope of session.scopes) {
      if (isPermission(scope)) {
        grants.push({ permission: scope, expiresAt, source: { kind: "break-glass", sessionId: session.id } });
      }
    }
  }
  if (due.length > 0) {
    const record =
      options.onExpired ??
      (async (sessionIds: string[]) =>
        recordExpiries(
          { prisma, clock: { now: () => now }, webhook: configuredBreakGlass().webhook },
          { sessionIds, detectedBy: "request" },
        ));
    // the refusal does not depend on this write; a failure here is logged, and the sweeper records it later
    await record(due).catch((error: unknown) =>
      logger.error("recording a break-glass expiry failed", { error }),
    );
  }
  return grants;
}
