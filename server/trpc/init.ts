// tRPC is initialised once here. The builders below are the only way procedures are made: each one states its
// access rule in meta and enforces it in middleware before the input is parsed or any work is done.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { appendAudit } from "../audit/append-audit";
import type { AuditActor } from "../audit/events";
import { assertFreshAuth } from "../auth/fresh-auth";
import { can, grantUsedFor } from "../authz/effective-permissions";
import type { Permission } from "../authz/permissions";
import { DomainError } from "../lib/domain-error";
import type { ProcedureMeta } from "./access";
import type { Context } from "./context";
import { fieldErrorsOf, isZodError, toTrpcError } from "./errors";

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    isDev: false,
    errorFormatter({ shape, error, ctx }) {
      const requestId = ctx?.request.requestId ?? null;
      const internal = error.code === "INTERNAL_SERVER_ERROR";
      const domain = error.cause instanceof DomainError ? error.cause : null;
      return {
        ...shape,
        message: internal
          ? `Something went wrong on our side. Request id: ${requestId ?? "unknown"}`
          : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          requestId,
          fieldErrors: isZodError(error.cause) ? fieldErrorsOf(error.cause) : null,
          details: domain?.details ?? null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

// Unexpected errors are logged by the HTTP handler (app/api/trpc), which sees every failure once.
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) throw toTrpcError(result.error.cause);
  return result;
});

const base = t.procedure.use(mapDomainErrors);

const requireSignIn = t.middleware(({ ctx, next }) => {
  if (!ctx.user || !ctx.principal) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  }
  return next({ ctx: { ...ctx, user: ctx.user, principal: ctx.principal } });
});

/** Callable by anyone, signed in or not. */
export const publicProcedure = base.meta({ access: { kind: "public" } });

/** Any signed-in user; for things about the caller themselves. */
export const signedInProcedure = base.meta({ access: { kind: "signed-in" } }).use(requireSignIn);

/**
 * Signed in and holding `permission` (from the matrix or an active break-glass grant). Refusals are audited and
 * answered 403; the break-glass session that made an action possible is handed to the procedure.
 */
export function procedureWith(permission: Permission) {
  return base
    .meta({ access: { kind: "permission", permission } })
    .use(requireSignIn)
    .use(async ({ ctx, next, path }) => {
      const now = ctx.clock.now();
      if (!can(ctx.principal, permission, now)) {
        await ctx.prisma.$transaction((tx) =>
          appendAudit(tx, {
            payload: { type: "authz.denied", permission, target: `trpc:${path}` },
            actor: { id: ctx.user.id, name: ctx.user.name, roles: ctx.user.roles },
            subject: { type: "procedure", id: path },
            request: ctx.request,
            clock: ctx.clock,
          }),
        );
        throw new TRPCError({ code: "FORBIDDEN", message: `You do not have the "${permission}" permission` });
      }
      const breakGlassGrant = grantUsedFor(ctx.principal, permission, now) ?? null;
      // The actor that audit events of this procedure name: it carries the break-glass session whose grant made
      // the action possible, so the session's report can list everything done under it.
      const actor: AuditActor & { id: string } = {
        id: ctx.user.id,
        name: ctx.user.name,
        roles: ctx.user.roles,
        breakGlassSessionId: breakGlassGrant?.source.sessionId ?? null,
      };
      return next({ ctx: { ...ctx, breakGlassGrant, actor } });
    });
}

/**
 * Adds a step-up check: the caller must have authenticated within `maxAgeSeconds`. Pass a function to read the
 * setting per call: routers are imported by `next build`, where reading the configuration would demand it.
 */
export function requireFreshAuth(maxAgeSeconds: number | (() => number)) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
    try {
      const maxAge = typeof maxAgeSeconds === "function" ? maxAgeSeconds() : maxAgeSeconds;
      assertFreshAuth(ctx.user.authTime, ctx.clock.now(), maxAge);
    } catch (error) {
      if (error instanceof DomainError) throw toTrpcError(error);
      throw error;
    }
    return next();
  });
}
