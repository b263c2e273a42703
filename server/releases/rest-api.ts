// The REST surface for pipelines (/api/v1/releases...), built from the same services as the UI. Route files bind
// it to the process's database; tests bind it to theirs. Answers are the release as JSON (dates in ISO 8601);
// refusals are apiRoute's JSON errors with the reason: 400 bad input, 409 immutable version or publication
// conflict, 413 too large.
import { z } from "zod";
import { env } from "../env";
import { type ApiHandlerContext, type ApiRouteDependencies, apiRoute, json } from "../http/api-route";
import { DomainError } from "../lib/domain-error";
import { findReleases } from "./find-releases";
import { publishRelease } from "./publish-release";
import type { SubmissionLimits } from "./read-submission";
import { registerFromRequest } from "./register-from-request";
import { getReleaseDetail } from "./release-views";
import { type ReleaseWebhookSender, releaseWebhook } from "./release-webhook";
import { RELEASE_STAGE_FILTERS, ZPublishInput, ZReleaseListInput } from "./schemas";
import { VERIFICATION_STATUSES } from "./vocabulary";

export type ReleaseApiDependencies = ApiRouteDependencies & {
  limits?: () => SubmissionLimits;
  webhook?: () => ReleaseWebhookSender | undefined;
};

const ZReleaseId = z.uuid("Not a valid release id");

const ZListQuery = z.object({
  product: z.string().optional(),
  version: z.string().optional(),
  status: z.enum(VERIFICATION_STATUSES).optional(),
  stage: z.enum(RELEASE_STAGE_FILTERS).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  after: z.string().optional(),
});

const configuredLimits = (): SubmissionLimits => ({ maxBytes: env.RELEASE_UPLOAD_MAX_MB * 1024 * 1024 });

function tokenContext(context: ApiHandlerContext) {
  return {
    actor: context.caller.actor,
    viewer: null,
    request: context.request,
    clock: context.clock,
  };
}

/** A small optional JSON object body: none at all is {}. */
async function optionalJsonObject(http: Request): Promise<Record<string, unknown>> {
  const text = await http.text();
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError("BAD_REQUEST", "The request body must be JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new DomainError("BAD_REQUEST", "The request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

export function releaseApi(dependencies: ReleaseApiDependencies) {
  const webhook = () => (dependencies.webhook ?? releaseWebhook)();
  return {
    /** POST /api/v1/releases: 201 with the new release, 200 with the same one registered before */
    register: apiRoute(dependencies, {
      permission: "release:register",
      handle: async (context) => {
        const result = await registerFromRequest(
          context.prisma,
          {
            ...tokenContext(context),
            registeredBy: { userId: null, tokenId: context.caller.tokenId, name: context.caller.name },
            webhook: webhook(),
          },
          context.http,
          (dependencies.limits ?? configuredLimits)(),
        );
        return json(result.created ? 201 : 200, result, context.request.requestId);
      },
    }),

    /** GET /api/v1/releases?product=&version=&status=&stage=&limit=&after= */
    list: apiRoute(dependencies, {
      permission: "release:read",
      handle: async (context) => {
        const query = ZListQuery.parse(Object.fromEntries(new URL(context.http.url).searchParams));
        const input = ZReleaseListInput.parse({ ...query, limit: query.limit ?? 50 });
        return findReleases(context.prisma, input, { viewer: null, now: context.clock.now() });
      },
    }),

    /** GET /api/v1/releases/{id}: the release, its verification report and where it stands */
    get: apiRoute(dependencies, {
      permission: "release:read",
      handle: async (context) =>
        getReleaseDetail(context.prisma, ZReleaseId.parse(context.params.id), {
          viewer: null,
          now: context.clock.now(),
        }),
    }),

    /** POST /api/v1/releases/{id}/publication, body {"target": "..."} (optional): 201 with the release */
    publish: apiRoute(dependencies, {
      permission: "release:register",
      handle: async (context) => {
        const body = await optionalJsonObject(context.http);
        const input = ZPublishInput.parse({ ...body, releaseId: context.params.id });
        const release = await publishRelease(
          context.prisma,
          {
            ...tokenContext(context),
            publisher: { userId: null, name: context.caller.name },
            webhook: webhook(),
          },
          input,
        );
        return json(201, release, context.request.requestId);
      },
    }),
  };
}
