// The one way to write a /api/v1 route handler: bearer token -> permission check -> zod input -> handler, with
// every refusal answered as JSON with a clear message and the request id (401 no/invalid token, 403 token without
// the scope, 400 bad input, 404/409/412 from domain errors) and never a stack trace.
import { type ZodType, z } from "zod";
import { type ApiCaller, authenticateApiToken, bearerTokenOf } from "../api-tokens/authenticate-api-token";
import type { TokenRequirement } from "../api-tokens/policy";
import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";
import { DomainError, httpStatusOf } from "../lib/domain-error";
import { logger } from "../lib/logger";
import type { RequestMeta } from "../trpc/context";
import { fieldErrorsOf } from "../trpc/errors";
import { requestMetaOf } from "../trpc/request-meta";

export type ApiHandlerContext = {
  caller: ApiCaller;
  prisma: PortalPrisma;
  clock: Clock;
  request: RequestMeta;
  /** the raw request, for handlers that read multipart bodies or query parameters themselves */
  http: Request;
  params: Record<string, string>;
};

export type ApiRouteDependencies = { prisma: () => Promise<PortalPrisma>; clock: Clock };

export type ApiRouteHandler = ((request: Request, context?: RouteContext) => Promise<Response>) & {
  /** read by the test that walks every /api/v1 route: each one states the permission it needs */
  readonly permission: TokenRequirement;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function apiRoute(
  dependencies: ApiRouteDependencies,
  options: { permission: TokenRequirement; handle: (context: ApiHandlerContext) => Promise<unknown> },
): ApiRouteHandler {
  const handler = async (http: Request, routeContext?: RouteContext): Promise<Response> => {
    const request = requestMetaOf(http.headers);
    const target = `api:${http.method} ${new URL(http.url).pathname}`;
    try {
      const prisma = await dependencies.prisma();
      const caller = await authenticateApiToken(prisma, {
        token: bearerTokenOf(http.headers),
        permission: options.permission,
        target,
        request,
        clock: dependencies.clock,
      });
      const rawParams = (await routeContext?.params) ?? {};
      const params = Object.fromEntries(
        Object.entries(rawParams).map(([key, value]) => [
          key,
          Array.isArray(value) ? value.join("/") : value,
        ]),
      );
      const result = await options.handle({
        caller,
        prisma,
        clock: dependencies.clock,
        request,
        http,
        params,
      });
      return result instanceof Response ? result : json(200, result, request.requestId);
    } catch (error) {
      return errorResponse(error, request.requestId, target);
    }
  };
  return Object.assign(handler, { permission: options.permission });
}

/** Parses a JSON body against a schema; a body that is not JSON is bad input like any other. */
export async function readJson<T extends ZodType>(http: Request, schema: T): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = await http.json();
  } catch {
    throw new DomainError("BAD_REQUEST", "The request body must be JSON");
  }
  return schema.parse(body);
}

export function json(status: number, body: unknown, requestId: string, headers?: HeadersInit): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-request-id": requestId,
      ...headers,
    },
  });
}

/** A refusal as JSON (400 with fieldErrors, the domain error's status, or a generic 500 that is logged). */
export function errorResponse(error: unknown, requestId: string, target: string): Response {
  if (error instanceof z.ZodError) {
    return json(
      400,
      {
        error: {
          code: "BAD_REQUEST",
          message: "The request is not valid",
          fieldErrors: fieldErrorsOf(error),
          requestId,
        },
      },
      requestId,
    );
  }
  if (error instanceof DomainError) {
    const status = httpStatusOf[error.code];
    return json(
      status,
      { error: { code: error.code, message: error.message, details: error.details ?? null, requestId } },
      requestId,
      status === 401 ? { "www-authenticate": 'Bearer realm="portal-api"' } : undefined,
    );
  }
  logger.error("api request failed", { target, requestId, error });
  return json(
    500,
    {
      error: {
        code: "INTERNAL_SERVER_ERROR",
        message: `Something went wrong on our side. Request id: ${requestId}`,
        requestId,
      },
    },
    requestId,
  );
}
