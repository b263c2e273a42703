// The proof downloads (/audit/checkpoints/*.json, checkpoint.txt): audit:read, the shared route guard, the
// service's own validation, and its refusals answered as JSON with the request id.
import { requireSessionPermission, routeErrorResponse } from "@/server/http/session-route-access";
import { DomainError } from "@/server/lib/domain-error";
import { isZodError } from "@/server/trpc/errors";

export async function proofDownload(
  request: Request,
  path: string,
  build: (query: URLSearchParams) => Promise<{ body: string; filename: string; contentType: string }>,
): Promise<Response> {
  const access = await requireSessionPermission(request, "audit:read", path);
  if (!access.ok) return access.response;
  try {
    const { body, filename, contentType } = await build(new URL(request.url).searchParams);
    return new Response(body, {
      headers: {
        "Content-Type": contentType,
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    const requestId = access.request.requestId;
    if (error instanceof DomainError) {
      return routeErrorResponse(error.code === "NOT_FOUND" ? 404 : 400, error.code, error.message, requestId);
    }
    if (isZodError(error)) {
      return routeErrorResponse(400, "BAD_REQUEST", "the query parameters are not valid", requestId);
    }
    throw error;
  }
}
