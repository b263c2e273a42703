// The permission matrix as JSON, for auditors who diff it between releases.
import { requireSessionPermission } from "@/server/http/session-route-access";
import { systemClock } from "@/server/lib/clock";
import { rbacMatrixDocument } from "../rbac-matrix";

export async function GET(request: Request): Promise<Response> {
  const access = await requireSessionPermission(request, "rbac:read", "/admin/rbac/matrix.json");
  if (!access.ok) return access.response;
  return Response.json(rbacMatrixDocument(systemClock.now()), { headers: { "Cache-Control": "no-store" } });
}
