import "server-only";
import { getSessionUser } from "../auth/session";
import { findActiveGrants } from "../authz/extra-grants";
import { getPrisma } from "../db";
import { systemClock } from "../lib/clock";
import type { Context } from "./context";
import { requestMetaOf } from "./request-meta";

export async function createRequestContext(request: Request): Promise<Context> {
  const prisma = await getPrisma();
  const clock = systemClock;
  const user = await getSessionUser();
  const principal = user
    ? {
        userId: user.id,
        roles: user.roles,
        extraGrants: await findActiveGrants(prisma, user.id, clock.now()),
      }
    : null;
  return { prisma, clock, user, principal, request: requestMetaOf(request.headers) };
}
