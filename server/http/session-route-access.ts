// Route handlers that a signed-in browser calls (downloads, exports, the matrix as JSON) are outside the tRPC
// procedures and the page guard, so they check the session and the permission here: 401 signed out, 403 without the
// permission (recorded in the audit log like the other guards record theirs), answered as JSON with the request id.
import "server-only";
import { appendAudit } from "../audit/append-audit";
import type { AuditActor } from "../audit/events";
import { getSessionUser, type SessionUser } from "../auth/session";
import { effectivePermissions, grantUsedFor } from "../authz/effective-permissions";
import { findActiveGrants } from "../authz/extra-grants";
import type { Permission } from "../authz/permissions";
import { getPrisma } from "../db";
import { systemClock } from "../lib/clock";
import type { RequestMeta } from "../trpc/context";
import { requestMetaOf } from "../trpc/request-meta";

export type SessionRouteAccess =
  // actor: who audit events of the route name, with the break-glass session whose grant allowed it (if one did)
  | { ok: true; user: SessionUser; request: RequestMeta; actor: AuditActor & { id: string } }
  | { ok: false; response: Response };

export function routeErrorResponse(
  status: 400 | 401 | 403 | 404,
  code: string,
  message: string,
  requestId: string | null,
): Response {
  return Response.json(
    { error: { code, message, requestId } },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}

export async function requireSessionPermission(
  request: Request,
  permission: Permission,
  path: string,
): Promise<SessionRouteAccess> {
  const meta = requestMetaOf(request.headers);
  const user = await getSessionUser();
  if (!user) {
    return {
      ok: false,
      response: routeErrorResponse(401, "UNAUTHORIZED", "Sign in to continue", meta.requestId),
    };
  }
  const now = systemClock.now();
  const prisma = await getPrisma();
  const extraGrants = await findActiveGrants(prisma, user.id, now);
  const principal = { userId: user.id, roles: user.roles, extraGrants };
  if (!effectivePermissions(principal, now).has(permission)) {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: { type: "authz.denied", permission, target: `route:${path}` },
        actor: { id: user.id, name: user.name, roles: user.roles },
        subject: { type: "route", id: path },
        request: meta,
        clock: systemClock,
      }),
    );
    return {
      ok: false,
      response: routeErrorResponse(
        403,
        "FORBIDDEN",
        `You do not have the "${permission}" permission`,
        meta.requestId,
      ),
    };
  }
  const actor = {
    id: user.id,
    name: user.name,
    roles: user.roles,
    breakGlassSessionId: grantUsedFor(principal, permission, now)?.source.sessionId ?? null,
  };
  return { ok: true, user, request: meta, actor };
}
