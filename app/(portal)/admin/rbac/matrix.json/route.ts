// The permission matrix as JSON, for auditors who diff it between releases. A route handler is outside the tRPC
// procedures and the page guard, so it checks the session and the permission itself.
import { appendAudit } from "@/server/audit/append-audit";
import { getSessionUser } from "@/server/auth/session";
import { effectivePermissions } from "@/server/authz/effective-permissions";
import { findActiveGrants } from "@/server/authz/extra-grants";
import { getPrisma } from "@/server/db";
import { systemClock } from "@/server/lib/clock";
import { requestMetaOf } from "@/server/trpc/request-meta";
import { rbacMatrixDocument } from "../rbac-matrix";

const PATH = "/admin/rbac/matrix.json";

export async function GET(request: Request): Promise<Response> {
  const meta = requestMetaOf(request.headers);
  const user = await getSessionUser();
  if (!user) return errorResponse(401, "UNAUTHORIZED", "Sign in to continue", meta.requestId);

  const now = systemClock.now();
  const prisma = await getPrisma();
  const extraGrants = await findActiveGrants(prisma, user.id, now);
  const permissions = effectivePermissions({ userId: user.id, roles: user.roles, extraGrants }, now);

  if (!permissions.has("rbac:read")) {
    // Refusals are evidence too: recorded like the tRPC and page guards record theirs.
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: { type: "authz.denied", permission: "rbac:read", target: `route:${PATH}` },
        actor: { id: user.id, name: user.name, roles: user.roles },
        subject: { type: "route", id: PATH },
        request: meta,
        clock: systemClock,
      }),
    );
    return errorResponse(403, "FORBIDDEN", 'You do not have the "rbac:read" permission', meta.requestId);
  }

  return Response.json(rbacMatrixDocument(now), { headers: { "Cache-Control": "no-store" } });
}

function errorResponse(status: 401 | 403, code: string, message: string, requestId: string | null): Response {
  return Response.json(
    { error: { code, message, requestId } },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}
