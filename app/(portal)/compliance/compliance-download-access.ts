// The export downloads and the printable report are outside tRPC: they check the session and compliance:read
// themselves and record a refusal like the other guards do.
import { appendAudit } from "@/server/audit/append-audit";
import { getSessionUser } from "@/server/auth/session";
import { effectivePermissions } from "@/server/authz/effective-permissions";
import { findActiveGrants } from "@/server/authz/extra-grants";
import { getPrisma } from "@/server/db";
import { systemClock } from "@/server/lib/clock";
import { requestMetaOf } from "@/server/trpc/request-meta";

const errorResponse = (status: 401 | 403, code: string, message: string, requestId: string | null) =>
  Response.json(
    { error: { code, message, requestId } },
    { status, headers: { "Cache-Control": "no-store" } },
  );

export async function requireComplianceRead(
  request: Request,
  path: string,
): Promise<{ ok: true } | { ok: false; response: Response }> {
  const meta = requestMetaOf(request.headers);
  const user = await getSessionUser();
  if (!user)
    return { ok: false, response: errorResponse(401, "UNAUTHORIZED", "Sign in to continue", meta.requestId) };
  const now = systemClock.now();
  const prisma = await getPrisma();
  const extraGrants = await findActiveGrants(prisma, user.id, now);
  if (
    !effectivePermissions({ userId: user.id, roles: user.roles, extraGrants }, now).has("compliance:read")
  ) {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: { type: "authz.denied", permission: "compliance:read", target: `route:${path}` },
        actor: { id: user.id, name: user.name, roles: user.roles },
        subject: { type: "route", id: path },
        request: meta,
        clock: systemClock,
      }),
    );
    return {
      ok: false,
      response: errorResponse(
        403,
        "FORBIDDEN",
        'You do not have the "compliance:read" permission',
        meta.requestId,
      ),
    };
  }
  return { ok: true };
}
