// Errors as a browser sees them: real HTTP requests through tRPC's fetch handler and the real router, asserting
// the status code and the JSON body (superjson envelope), and what reaches the log instead of the client.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import type { PortalPrisma } from "../db/connection";
import type { Context, SessionUser } from "./context";
import { appRouter } from "./root";

type ErrorBody = {
  error: {
    json: {
      message: string;
      code: number;
      data: {
        code: string;
        httpStatus: number;
        path: string;
        requestId: string | null;
        fieldErrors: Record<string, string[]> | null;
        details: unknown;
      };
    };
  };
};

type LoggedError = {
  message: string;
  cause: unknown;
  path: string | undefined;
  requestId: string | undefined;
};

let db: TestDatabase;
let auditor: SessionUser;
let releaseEngineer: SessionUser;

beforeAll(async () => {
  db = await createTestDatabase();
  auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"] });
  releaseEngineer = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"] });
});
afterAll(async () => {
  await db.close();
});

/** Sends one request the way the tRPC client does (queries by GET, mutations by POST). */
async function send(options: {
  path: string;
  input?: unknown;
  method?: "GET" | "POST";
  context: Context;
  logged?: LoggedError[];
}) {
  const encoded =
    options.input === undefined ? undefined : JSON.stringify(superjson.serialize(options.input));
  const url = new URL(`http://portal.test/api/trpc/${options.path}`);
  const method = options.method ?? "GET";
  if (method === "GET" && encoded !== undefined) url.searchParams.set("input", encoded);
  const request = new Request(url, {
    method,
    headers: method === "POST" ? { "content-type": "application/json" } : {},
    body: method === "POST" ? encoded : undefined,
  });
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => options.context,
    onError({ error, path, ctx }) {
      options.logged?.push({
        message: error.message,
        cause: error.cause,
        path,
        requestId: ctx?.request.requestId,
      });
    },
  });
  return { status: response.status, text: await response.text() };
}

function errorOf(text: string): ErrorBody["error"]["json"] {
  return (JSON.parse(text) as ErrorBody).error.json;
}

describe("invalid input", () => {
  it("answers 400 with the offending fields by path", async () => {
    const context = contextFor(db.prisma, auditor);
    const { status, text } = await send({
      path: "audit.list",
      input: { limit: 0, filters: { from: new Date("2026-11-23"), to: new Date("2026-11-22") } },
      context,
    });
    expect(status).toBe(400);
    const error = errorOf(text);
    expect(error.data).toMatchObject({
      code: "BAD_REQUEST",
      httpStatus: 400,
      path: "audit.list",
      requestId: context.request.requestId,
    });
    expect(Object.keys(error.data.fieldErrors ?? {}).sort()).toEqual(["filters.to", "limit"]);
    expect(error.data.fieldErrors?.["filters.to"]).toEqual(["'from' must be before 'to'"]);
  });

  it("is not checked before the caller is: signed out gets 401, not the field errors", async () => {
    const { status, text } = await send({
      path: "audit.list",
      input: { limit: 0 },
      context: contextFor(db.prisma, null),
    });
    expect(status).toBe(401);
    expect(errorOf(text).data.fieldErrors).toBeNull();
  });
});

describe("who is asking", () => {
  it("signed out: 401 asking to sign in", async () => {
    const { status, text } = await send({
      path: "audit.list",
      input: {},
      context: contextFor(db.prisma, null),
    });
    expect(status).toBe(401);
    expect(errorOf(text)).toMatchObject({
      message: "Sign in to continue",
      data: { code: "UNAUTHORIZED", httpStatus: 401, path: "audit.list" },
    });
  });

  it("signed in without the permission: 403, and exactly one authz.denied event naming path and permission", async () => {
    const before = await db.prisma.auditEvent.findMany({ select: { seq: true } });
    const context = contextFor(db.prisma, releaseEngineer);
    const { status, text } = await send({ path: "audit.verifyChain", method: "POST", context });
    expect(status).toBe(403);
    expect(errorOf(text)).toMatchObject({
      message: 'You do not have the "audit:verify" permission',
      data: {
        code: "FORBIDDEN",
        httpStatus: 403,
        path: "audit.verifyChain",
        requestId: context.request.requestId,
      },
    });

    const written = await db.prisma.auditEvent.findMany({
      where: { seq: { notIn: before.map((row) => row.seq) } },
    });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      action: "authz.denied",
      actorId: releaseEngineer.id,
      actorName: releaseEngineer.name,
      actorRoles: ["RELEASE_ENGINEER"],
      subjectType: "procedure",
      subjectId: "audit.verifyChain",
      requestId: context.request.requestId,
      payload: { type: "authz.denied", permission: "audit:verify", target: "trpc:audit.verifyChain" },
    });
    // the refused action itself did not run
    expect(await db.prisma.auditEvent.count({ where: { action: "audit.chain_verified" } })).toBe(0);
  });

  it("with the permission: 200 and the result", async () => {
    const { status, text } = await send({
      path: "audit.list",
      input: { limit: 5 },
      context: contextFor(db.prisma, auditor),
    });
    expect(status).toBe(200);
    const body = JSON.parse(text) as { result: { data: unknown } };
    const page = superjson.deserialize<{ events: { seq: number; occurredAt: Date }[] }>(
      body.result.data as Parameters<typeof superjson.deserialize>[0],
    );
    const newest = await db.prisma.auditEvent.findMany({ orderBy: { seq: "desc" }, take: 5 });
    expect(newest.length).toBeGreaterThan(0);
    expect(page.events.map((event) => event.seq)).toEqual(newest.map((row) => Number(row.seq)));
    expect(page.events[0]?.occurredAt).toBeInstanceOf(Date);
  });
});

describe("domain errors", () => {
  it("NOT_FOUND from a service answers 404 with its message", async () => {
    const context = contextFor(db.prisma, auditor);
    const { status, text } = await send({ path: "audit.get", input: { seq: 999_999 }, context });
    expect(status).toBe(404);
    expect(errorOf(text)).toMatchObject({
      message: "There is no audit event #999999",
      data: { code: "NOT_FOUND", httpStatus: 404, path: "audit.get", requestId: context.request.requestId },
    });
  });
});

describe("unexpected errors", () => {
  const internalMessage =
    'relation "audit_events_internal" does not exist (db.internal:5432, user portal_rw)';

  /** The real client, except that the audit table's reads fail the way a broken database would. */
  function failingPrisma(): PortalPrisma {
    return new Proxy(db.prisma, {
      get(target, key, receiver) {
        if (key === "auditEvent") {
          return {
            findMany: () => Promise.reject(new Error(internalMessage)),
            findUnique: () => Promise.reject(new Error(internalMessage)),
          };
        }
        return Reflect.get(target, key, receiver);
      },
    });
  }

  it("answer 500 with a generic message and the request id; the details go to the log only", async () => {
    const context = contextFor(failingPrisma(), auditor);
    const logged: LoggedError[] = [];
    const { status, text } = await send({ path: "audit.list", input: {}, context, logged });
    expect(status).toBe(500);
    const error = errorOf(text);
    expect(error.message).toBe(`Something went wrong on our side. Request id: ${context.request.requestId}`);
    expect(error.data).toEqual({
      code: "INTERNAL_SERVER_ERROR",
      httpStatus: 500,
      path: "audit.list",
      requestId: context.request.requestId,
      fieldErrors: null,
      details: null,
    });
    expect(text).not.toContain("audit_events_internal");
    expect(text).not.toContain("db.internal");
    expect(text).not.toMatch(/stack|\bat .*\.(ts|js):\d+/);

    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ path: "audit.list", requestId: context.request.requestId });
    expect(logged[0]?.cause).toEqual(new Error(internalMessage));
  });

  it("the same for a lookup by id", async () => {
    const context = contextFor(failingPrisma(), auditor);
    const { status, text } = await send({ path: "audit.get", input: { seq: 1 }, context });
    expect(status).toBe(500);
    expect(errorOf(text).message).toBe(
      `Something went wrong on our side. Request id: ${context.request.requestId}`,
    );
    expect(text).not.toContain("audit_events_internal");
  });
});
