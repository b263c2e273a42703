// The browser's release registration with files (multipart, streamed to the blob store).
import { handleReleaseUpload } from "@/server/releases/browser-routes";

export function POST(request: Request): Promise<Response> {
  return handleReleaseUpload(request);
}
