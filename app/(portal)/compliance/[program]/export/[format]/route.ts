// Downloads of a program: Markdown (re-importable), CSV, JSON.

import { EXPORT_FORMATS, type ExportFormat, exportProgram } from "@/server/compliance/export-program";
import { getPrisma } from "@/server/db";
import { DomainError } from "@/server/lib/domain-error";
import { requireComplianceRead } from "../../../compliance-download-access";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ program: string; format: string }> },
): Promise<Response> {
  const { program, format } = await params;
  const access = await requireComplianceRead(request, `/compliance/${program}/export/${format}`);
  if (!access.ok) return access.response;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    return Response.json(
      {
        error: {
          code: "BAD_REQUEST",
          message: `Unknown format "${format}" (use ${EXPORT_FORMATS.join(", ")})`,
        },
      },
      { status: 400 },
    );
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
      return Response.json({ error: { code: "NOT_FOUND", message: error.message } }, { status: 404 });
    }
    throw error;
  }
}
