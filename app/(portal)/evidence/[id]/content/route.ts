// The bytes of one piece of evidence, served only while they still hash to the record (permission evidence:read).
import { handleEvidenceDownload } from "@/server/evidence/browser-routes";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  return handleEvidenceDownload(request, (await params).id);
}
