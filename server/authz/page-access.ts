// Access checks for server-rendered pages: the same matrix and the same effective-permission function as the
// tRPC procedures. Not signed in -> the sign-in page; signed in without the permission -> a real 403 page.
import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { appendAudit } from "../audit/append-audit";
import { getSessionUser, type SessionUser } from "../auth/session";
import { getPrisma } from "../db";
import { systemClock } from "../lib/clock";
import { requestMetaOf } from "../trpc/request-meta";
import { effectivePermissions, type Principal } from "./effective-permissions";
import { findActiveGrants } from "./extra-grants";
import type { Permission } from "./permissions";

export type PageViewer = { user: SessionUser; principal: Principal; permissions: Set<Permission> };

/** `returnTo` is the fallback; the path the proxy saw (with its query) wins, so filters survive signing in. */
export async function requireViewer(returnTo: string): Promise<PageViewer> {
  const user = await getSessionUser();
  if (!user) {
    const requested = (await headers()).get("x-portal-path");
    redirect(`/signin?callbackUrl=${encodeURIComponent(requested?.startsWith("/") ? requested : returnTo)}`);
  }
  const now = systemClock.now();
  const principal: Principal = {
    userId: user.id,
    roles: user.roles,
    extraGrants: await findActiveGrants(await getPrisma(), user.id, now),
  };
  return { user, principal, permissions: effectivePermissions(principal, now) };
}

export async function requirePagePermission(permission: Permission, returnTo: string): Promise<PageViewer> {
  const viewer = await requireViewer(returnTo);
  if (!viewer.permissions.has(permission)) {
    const prisma = await getPrisma();
    const request = requestMetaOf(await headers());
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: { type: "authz.denied", permission, target: `page:${returnTo}` },
        actor: { id: viewer.user.id, name: viewer.user.name, roles: viewer.user.roles },
        subject: { type: "page", id: returnTo },
        request,
        clock: systemClock,
      }),
    );
    forbidden();
  }
  return viewer;
}
