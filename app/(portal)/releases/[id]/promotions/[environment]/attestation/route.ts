// Downloads a promotion's attestation (the DSSE envelope of its in-toto statement) for a signed-in browser with
// release:read. It verifies offline with openssl against the release key from /keys.

import { getPrisma } from "@/server/db";
import { requireSessionPermission, routeErrorResponse } from "@/server/http/session-route-access";
import { DomainError } from "@/server/lib/domain-error";
import { getPromotionAttestation } from "@/server/releases/promotion/get-attestation";

export async function GET(
  request: Request,
  context: { params: Promise<{ id: string; environment: string }> },
): Promise<Response> {
  const { id, environment } = await context.params;
  const path = `/releases/${id}/promotions/${environment}/attestation`;
  const access = await requireSessionPermission(request, "release:read", path);
  if (!access.ok) return access.response;
  try {
    const found = await getPromotionAttestation(await getPrisma(), { releaseId: id, environment });
    return new Response(`${JSON.stringify(found.envelope, null, 2)}\n`, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${found.fileName}"`,
        "cache-control": "no-store",
        "x-signing-key-id": found.keyId,
      },
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      return routeErrorResponse(404, "NOT_FOUND", error.message, access.request.requestId);
    }
    throw error;
  }
}
