// Route handlers (the trust downloads) are outside the tRPC procedures and the page guard: they check the session
// and key:read themselves, and record a refusal like the other guards do.
import { appendAudit } from "@/server/audit/append-audit";
import { getSessionUser } from "@/server/auth/session";
import { effectivePermissions } from "@/server/authz/effective-permissions";
import { findActiveGrants } from "@/server/authz/extra-grants";
import { getPrisma } from "@/server/db";
import { systemClock } from "@/server/lib/clock";
import { isSigningKeyPurpose, type SigningKeyPurpose } from "@/server/signing/vocabulary";
import { requestMetaOf } from "@/server/trpc/request-meta";

export type DownloadAccess =
  | { ok: true; purpose: SigningKeyPurpose | undefined }
  | { ok: false; response: Response };

function errorResponse(status: 400 | 401 | 403, code: string, message: string, requestId: string | null) {
  return Response.json(
    { error: { code, message, requestId } },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}

export async function requireKeyRead(request: Request, path: string): Promise<DownloadAccess> {
  const meta = requestMetaOf(request.headers);
  const user = await getSessionUser();
  if (!user)
    return { ok: false, response: errorResponse(401, "UNAUTHORIZED", "Sign in to continue", meta.requestId) };
  const now = systemClock.now();
  const prisma = await getPrisma();
  const extraGrants = await findActiveGrants(prisma, user.id, now);
  if (!effectivePermissions({ userId: user.id, roles: user.roles, extraGrants }, now).has("key:read")) {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: { type: "authz.denied", permission: "key:read", target: `route:${path}` },
        actor: { id: user.id, name: user.name, roles: user.roles },
        subject: { type: "route", id: path },
        request: meta,
        clock: systemClock,
      }),
    );
    return {
      ok: false,
      response: errorResponse(403, "FORBIDDEN", 'You do not have the "key:read" permission', meta.requestId),
    };
  }
  const purpose = new URL(request.url).searchParams.get("purpose");
  if (purpose !== null && !isSigningKeyPurpose(purpose)) {
    return {
      ok: false,
      response: errorResponse(400, "BAD_REQUEST", `Unknown purpose "${purpose}"`, meta.requestId),
    };
  }
  return { ok: true, purpose: purpose ?? undefined };
}
