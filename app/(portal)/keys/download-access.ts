// The trust downloads need key:read (checked by the shared route guard) and take an optional ?purpose= filter.
import { requireSessionPermission, routeErrorResponse } from "@/server/http/session-route-access";
import { isSigningKeyPurpose, type SigningKeyPurpose } from "@/server/signing/vocabulary";

export type DownloadAccess =
  | { ok: true; purpose: SigningKeyPurpose | undefined }
  | { ok: false; response: Response };

export async function requireKeyRead(request: Request, path: string): Promise<DownloadAccess> {
  const access = await requireSessionPermission(request, "key:read", path);
  if (!access.ok) return access;
  const purpose = new URL(request.url).searchParams.get("purpose");
  if (purpose !== null && !isSigningKeyPurpose(purpose)) {
    return {
      ok: false,
      response: routeErrorResponse(
        400,
        "BAD_REQUEST",
        `Unknown purpose "${purpose}"`,
        access.request.requestId,
      ),
    };
  }
  return { ok: true, purpose: purpose ?? undefined };
}
