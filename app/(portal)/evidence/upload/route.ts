// The upload form posts here (multipart; permission evidence:upload).
import { handleBrowserUpload } from "@/server/evidence/browser-routes";

export const POST = handleBrowserUpload;
