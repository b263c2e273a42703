// The browser's evidence routes, outside tRPC because they move files: the upload form posts multipart here (the
// same fields and checks as /api/v1/evidence, without base64 inflating the file), and downloads stream the stored
// bytes. Each checks the session's permission (401/403 like every guard), and refusals are JSON with a message.
import "server-only";
import { getPrisma } from "../db";
import { env } from "../env";
import { errorResponse, json } from "../http/api-route";
import { parseMultipart, readLimitedBody } from "../http/read-limited-body";
import { requireSessionPermission } from "../http/session-route-access";
import { DomainError } from "../lib/domain-error";
import { getBundle } from "./bundle/find-bundles";
import { readEvidenceContent } from "./check-evidence";
import { evidenceDownloadHeaders } from "./http-api";
import { UPLOAD_BODY_OVERHEAD_BYTES } from "./limits";
import { processEvidenceDeps } from "./process-deps";
import { uploadEvidence } from "./upload-evidence";
import { readUploadForm, uploadTooLarge } from "./upload-form";

/**
 * A form post from another site carries no session cookie (SameSite=Lax), but a browser also says where a request
 * comes from: refuse anything that says another origin.
 */
function fromOtherOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const own = new URL(request.url).origin;
  const configured = new URL(env.AUTH_URL).origin;
  return origin !== own && origin !== configured;
}

export async function handleBrowserUpload(request: Request): Promise<Response> {
  const path = "/evidence/upload";
  const access = await requireSessionPermission(request, "evidence:upload", path);
  if (!access.ok) return access.response;
  const { requestId } = access.request;
  try {
    if (fromOtherOrigin(request))
      throw new DomainError("FORBIDDEN", "Uploads are accepted from the portal's own pages only");
    const prisma = await getPrisma();
    const deps = processEvidenceDeps(prisma);
    const body = await readLimitedBody(
      request,
      deps.limits.maxUploadBytes + UPLOAD_BODY_OVERHEAD_BYTES,
      uploadTooLarge(deps.limits.maxUploadBytes),
    );
    const form = await readUploadForm(prisma, await parseMultipart(request, body));
    const result = await uploadEvidence(deps, {
      ...form,
      producer: { kind: "USER", userId: access.user.id, name: access.user.name },
      actor: access.actor,
      request: access.request,
    });
    return json(result.created ? 201 : 200, result, requestId);
  } catch (error) {
    return errorResponse(error, requestId, `route:POST ${path}`);
  }
}

export async function handleEvidenceDownload(request: Request, id: string): Promise<Response> {
  const path = `/evidence/${id}/content`;
  const access = await requireSessionPermission(request, "evidence:read", path);
  if (!access.ok) return access.response;
  try {
    const file = await readEvidenceContent(processEvidenceDeps(await getPrisma()), id);
    return new Response(new Uint8Array(file.bytes), {
      headers: evidenceDownloadHeaders(file, access.request.requestId),
    });
  } catch (error) {
    return errorResponse(error, access.request.requestId, `route:GET ${path}`);
  }
}

export async function handleBundleDownload(request: Request, id: string): Promise<Response> {
  const path = `/evidence/bundles/${id}/download`;
  const access = await requireSessionPermission(request, "evidence:read", path);
  if (!access.ok) return access.response;
  try {
    const prisma = await getPrisma();
    const bundle = await getBundle(prisma, id);
    const file = await readEvidenceContent(processEvidenceDeps(prisma), bundle.archive.evidenceId);
    return new Response(new Uint8Array(file.bytes), {
      headers: evidenceDownloadHeaders(file, access.request.requestId),
    });
  } catch (error) {
    return errorResponse(error, access.request.requestId, `route:GET ${path}`);
  }
}
