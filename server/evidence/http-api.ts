// /api/v1/evidence for CI pipelines: upload (multipart, scope evidence:upload), list, one record and its bytes
// (evidence:read). Built from apiRoute like every /api/v1 handler; the route files only pass the process's
// dependencies, tests pass their own.

import type { PortalPrisma } from "../db/connection";
import { type ApiRouteDependencies, apiRoute, json } from "../http/api-route";
import { parseMultipart, readLimitedBody } from "../http/read-limited-body";
import { sha256HexToBase64 } from "../lib/digest-encoding";
import { readEvidenceContent } from "./check-evidence";
import type { EvidenceDeps } from "./deps";
import { findEvidence } from "./find-evidence";
import { getEvidence } from "./get-evidence";
import { UPLOAD_BODY_OVERHEAD_BYTES } from "./limits";
import { type EvidenceDetail, type EvidenceListItem, ZEvidenceListInput } from "./schemas";
import { uploadEvidence } from "./upload-evidence";
import { readUploadForm, uploadTooLarge } from "./upload-form";

export type EvidenceDepsOf = (prisma: PortalPrisma) => EvidenceDeps;

const contentPath = (id: string) => `/api/v1/evidence/${id}/content`;

function withContentUrl<T extends EvidenceListItem | EvidenceDetail>(item: T): T & { contentUrl: string } {
  return { ...item, contentUrl: contentPath(item.id) };
}

export function evidenceApi(route: ApiRouteDependencies, depsOf: EvidenceDepsOf) {
  const upload = apiRoute(route, {
    permission: "evidence:upload",
    handle: async ({ caller, prisma, request, http }) => {
      const deps = depsOf(prisma);
      const tooLarge = uploadTooLarge(deps.limits.maxUploadBytes);
      const body = await readLimitedBody(
        http,
        deps.limits.maxUploadBytes + UPLOAD_BODY_OVERHEAD_BYTES,
        tooLarge,
      );
      const form = await readUploadForm(prisma, await parseMultipart(http, body));
      const result = await uploadEvidence(deps, {
        ...form,
        producer: { kind: "API_TOKEN", tokenId: caller.tokenId, name: caller.actor.name },
        actor: caller.actor,
        request,
      });
      const answer = {
        created: result.created,
        linksAdded: result.linksAdded,
        evidence: withContentUrl(result.evidence),
      };
      return json(result.created ? 201 : 200, answer, request.requestId, {
        location: `/api/v1/evidence/${result.evidence.id}`,
      });
    },
  });

  const list = apiRoute(route, {
    permission: "evidence:read",
    handle: async ({ prisma, http }) => {
      const query = new URL(http.url).searchParams;
      const value = (name: string) => query.get(name) ?? undefined;
      const limit = query.get("limit");
      // query strings are text: the schema coerces dates and refuses unknown kinds with the list of known ones
      const input = ZEvidenceListInput.parse({
        kind: value("kind")?.toUpperCase(),
        releaseId: value("releaseId"),
        programId: value("programId"),
        breakGlassSessionId: value("breakGlassSessionId"),
        producer: value("producer"),
        search: value("search"),
        from: value("from"),
        to: value("to"),
        limit: limit === null ? undefined : Number(limit),
        after: value("after"),
      });
      const page = await findEvidence(prisma, input);
      return { items: page.items.map(withContentUrl), nextCursor: page.nextCursor };
    },
  });

  const get = apiRoute(route, {
    permission: "evidence:read",
    handle: async ({ prisma, params }) => ({
      evidence: withContentUrl(await getEvidence(prisma, params.id ?? "")),
    }),
  });

  const content = apiRoute(route, {
    permission: "evidence:read",
    handle: async ({ prisma, params, request }) => {
      const file = await readEvidenceContent(depsOf(prisma), params.id ?? "");
      return new Response(new Uint8Array(file.bytes), {
        headers: evidenceDownloadHeaders(file, request.requestId),
      });
    },
  });

  return { upload, list, get, content };
}

/** The headers of an evidence download: its type, a safe file name, and its digest (RFC 9530 Repr-Digest). */
export function evidenceDownloadHeaders(
  file: { mediaType: string; fileName: string; sha256: string; bytes: Uint8Array },
  requestId: string | null,
): Record<string, string> {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return {
    "content-type": file.mediaType,
    "content-length": String(file.bytes.length),
    "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    "repr-digest": `sha-256=:${sha256HexToBase64(file.sha256)}:`,
    "x-content-sha256": file.sha256,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...(requestId ? { "x-request-id": requestId } : {}),
  };
}
