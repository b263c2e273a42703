// Download of a published bundle (deterministic tar.gz); the publication record holds its SHA-256.
import { handleBundleDownload } from "@/server/releases/browser-routes";

export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  return handleBundleDownload(request, (await params).id);
}
