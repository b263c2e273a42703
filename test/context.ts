// Builds the tRPC context a signed-in user (or nobody) would get, for createCaller in tests.
import type { ExtraGrant } from "@/server/authz/effective-permissions";
import type { Role } from "@/server/authz/permissions";
import type { PortalPrisma } from "@/server/db/connection";
import { type Clock, systemClock } from "@/server/lib/clock";
import type { Context, SessionUser } from "@/server/trpc/context";

export async function createTestUser(
  prisma: PortalPrisma,
  options: { roles: Role[]; name?: string; email?: string },
): Promise<SessionUser> {
  const email =
    options.email ??
    `${options.roles.join("-").toLowerCase() || "no-role"}-${crypto.randomUUID()}@test.local`;
  const name = options.name ?? `Test ${options.roles.join("+") || "nobody"}`;
  const row = await prisma.user.create({ data: { email, name, roles: options.roles }, select: { id: true } });
  return { id: row.id, name, email, roles: options.roles, authTime: new Date(), authMethod: "password" };
}

export function contextFor(
  prisma: PortalPrisma,
  user: SessionUser | null,
  options: { clock?: Clock; extraGrants?: ExtraGrant[] } = {},
): Context {
  return {
    prisma,
    clock: options.clock ?? systemClock,
    user,
    principal: user ? { userId: user.id, roles: user.roles, extraGrants: options.extraGrants ?? [] } : null,
    request: {
      requestId: `req_test_${crypto.randomUUID().slice(0, 8)}`,
      ip: "127.0.0.1",
      userAgent: "vitest",
    },
  };
}
