// Downloads of a signed continuity report: html (printable, self-contained), csv, json (the signed document) and
// dsse (its envelope).
import { getPrisma } from "@/server/db";
import {
  exportContinuityReport,
  isReportFormat,
  REPORT_FORMATS,
} from "@/server/evidence/continuity/export-continuity-report";
import { requireSessionPermission, routeErrorResponse } from "@/server/http/session-route-access";
import { DomainError } from "@/server/lib/domain-error";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ report: string; format: string }> },
): Promise<Response> {
  const { report, format } = await params;
  const path = `/reports/continuity/download/${report}/${format}`;
  const access = await requireSessionPermission(request, "evidence:read", path);
  if (!access.ok) return access.response;
  const { requestId } = access.request;
  if (!isReportFormat(format)) {
    const message = `Unknown format "${format.slice(0, 20)}" (use ${REPORT_FORMATS.join(", ")})`;
    return routeErrorResponse(400, "BAD_REQUEST", message, requestId);
  }
  try {
    const file = await exportContinuityReport(await getPrisma(), report, format);
    return new Response(file.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") {
      return routeErrorResponse(404, "NOT_FOUND", error.message, requestId);
    }
    throw error;
  }
}
