// A bundle export's .tar.gz (permission evidence:read).
import { handleBundleDownload } from "@/server/evidence/browser-routes";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  return handleBundleDownload(request, (await params).id);
}
