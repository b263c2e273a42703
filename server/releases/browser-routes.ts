import "server-only";
// The browser's two release routes outside tRPC: the registration upload (multipart with the artifact files,
// streamed like CI's; tRPC carries JSON only, and artifacts of gigabytes do not belong in a JSON body) and the
// download of a published bundle. Both check the session and the permission like every browser route.
import { Readable } from "node:stream";
import { ZodError } from "zod";
import { getPrisma } from "../db";
import { env } from "../env";
import { isSameOrigin } from "../http/same-origin";
import { requireSessionPermission } from "../http/session-route-access";
import { systemClock } from "../lib/clock";
import { DomainError, httpStatusOf } from "../lib/domain-error";
import { logger } from "../lib/logger";
import { fieldErrorsOf } from "../trpc/errors";
import { registerFromRequest } from "./register-from-request";
import { archiveStream } from "./release-archive";
import { releaseWebhook } from "./release-webhook";

function errorJson(error: unknown, requestId: string, target: string): Response {
  const body = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
    Response.json(
      { error: { code, message, requestId, ...extra } },
      { status, headers: { "Cache-Control": "no-store" } },
    );
  if (error instanceof ZodError) {
    return body(400, "BAD_REQUEST", "The request is not valid", { fieldErrors: fieldErrorsOf(error) });
  }
  if (error instanceof DomainError) {
    return body(httpStatusOf[error.code], error.code, error.message, { details: error.details ?? null });
  }
  logger.error("release route failed", { target, requestId, error });
  return body(500, "INTERNAL_SERVER_ERROR", `Something went wrong on our side. Request id: ${requestId}`);
}

/** POST /releases/upload: a release engineer registers a release with its files from the browser. */
export async function handleReleaseUpload(request: Request): Promise<Response> {
  const path = "/releases/upload";
  const access = await requireSessionPermission(request, "release:register", path);
  if (!access.ok) return access.response;
  const { user, request: meta } = access;
  if (!isSameOrigin(request, new URL(env.AUTH_URL).origin)) {
    return errorJson(
      new DomainError("FORBIDDEN", "Uploads are accepted from the portal's own pages only"),
      meta.requestId,
      path,
    );
  }
  try {
    const result = await registerFromRequest(
      await getPrisma(),
      {
        actor: { id: user.id, name: user.name, roles: user.roles },
        registeredBy: { userId: user.id, tokenId: null, name: user.name },
        viewer: { id: user.id, roles: user.roles },
        request: meta,
        clock: systemClock,
        webhook: releaseWebhook(),
      },
      request,
      { maxBytes: env.RELEASE_UPLOAD_MAX_MB * 1024 * 1024 },
    );
    return Response.json(
      {
        created: result.created,
        releaseId: result.release.id,
        verificationStatus: result.release.verificationStatus,
      },
      { status: result.created ? 201 : 200, headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    return errorJson(error, meta.requestId, path);
  }
}

/** GET /releases/<id>/bundle: the published bundle, rebuilt byte for byte from the blob store. */
export async function handleBundleDownload(request: Request, releaseId: string): Promise<Response> {
  const path = `/releases/${releaseId}/bundle`;
  const access = await requireSessionPermission(request, "release:read", path);
  if (!access.ok) return access.response;
  const requestId = access.request.requestId;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(releaseId)) {
    return errorJson(new DomainError("NOT_FOUND", "No release with this id"), requestId, path);
  }
  const release = await (await getPrisma()).release.findUnique({
    where: { id: releaseId },
    select: {
      product: true,
      version: true,
      checksums: true,
      checksumsSignature: true,
      manifestDsse: true,
      createdAt: true,
      artifacts: { select: { path: true, sha256: true, size: true, stored: true } },
      publication: { select: { bundleName: true, bundleDigest: true, size: true } },
    },
  });
  if (!release?.publication) {
    return errorJson(new DomainError("NOT_FOUND", "This release has not been published"), requestId, path);
  }
  const stream = archiveStream(release);
  stream.on("error", (error) => logger.error("bundle download failed", { path, requestId, error }));
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/gzip",
      "Content-Disposition": `attachment; filename="${release.publication.bundleName}"`,
      "Content-Length": String(release.publication.size),
      // what the publication record promises; compare with `sha256sum` of what arrived
      "X-Content-SHA256": release.publication.bundleDigest,
      "Cache-Control": "no-store",
    },
  });
}
