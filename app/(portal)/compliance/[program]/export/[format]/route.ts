// Downloads of a program: Markdown (re-importable), CSV, JSON.

import { EXPORT_FORMATS, type ExportFormat, exportProgram } from "@/server/compliance/export-program";
import { getPrisma } from "@/server/db";
import { requireSessionPermission, routeErrorResponse } from "@/server/http/session-route-access";
import { DomainError } from "@/server/lib/domain-error";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ program: string; format: string }> },
): Promise<Response> {
  const { program, format } = await params;
  const access = await requireSessionPermission(
    request,
    "compliance:read",
    `/compliance/${program}/export/${format}`,
  );
  if (!access.ok) return access.response;
  const { requestId } = access.request;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    const message = `Unknown format "${format}" (use ${EXPORT_FORMATS.join(", ")})`;
    return routeErrorResponse(400, "BAD_REQUEST", message, requestId);
  }
  try {
    const file = await exportProgram(await getPrisma(), program, format as ExportFormat);
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      return routeErrorResponse(404, "NOT_FOUND", error.message, requestId);
    }
    throw error;
  }
}
