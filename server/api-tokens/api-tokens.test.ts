// API tokens end to end through the real pieces: the admin router creates and revokes them, and an /api/v1 route
// built with apiRoute authenticates them on every call against the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { apiRoute } from "../http/api-route";
import { manualClock } from "../lib/clock";
import type { SessionUser } from "../trpc/context";
import { createCaller } from "../trpc/root";

const clock = manualClock("2026-11-22T09:00:00.000Z");
let db: TestDatabase;
let admin: SessionUser;

beforeAll(async () => {
  db = await createTestDatabase();
  admin = await createTestUser(db.prisma, { roles: ["ADMIN"], name: "Alma Admin" });
});
afterAll(async () => {
  await db.close();
});

const caller = (user: SessionUser) =>
  createCaller(contextFor(db.prisma, { ...user, authTime: clock.now() }, { clock }));

const registerRoute = () =>
  apiRoute(
    { prisma: async () => db.prisma, clock },
    { permission: "release:register", handle: async ({ caller }) => ({ registeredBy: caller.name }) },
  );

const call = (token: string | null, init: RequestInit = {}) =>
  registerRoute()(
    new Request("http://localhost/api/v1/test", {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    }),
  );

async function auditActions(): Promise<string[]> {
  const rows = await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { action: true } });
  return rows.map((row) => row.action);
}

describe("API tokens", () => {
  it("shows the secret once, stores only its hash, and lets the pipeline call within its scopes", async () => {
    const created = await caller(admin).apiTokens.create({
      name: "release pipeline",
      scopes: ["release:register", "release:read"],
      expiresInDays: 30,
    });
    expect(created.token).toMatch(/^rgp_[A-Za-z0-9_-]{43}$/);
    expect(created.summary).toMatchObject({
      name: "release pipeline",
      state: "active",
      createdBy: "Alma Admin",
    });
    const stored = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.summary.id } });
    expect(JSON.stringify(stored)).not.toContain(created.token);

    const response = await call(created.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ registeredBy: "release pipeline" });
    const listed = await caller(admin).apiTokens.list({});
    expect(listed.tokens.find((token) => token.id === created.summary.id)?.lastUsedAt).toEqual(clock.now());
    const events = await db.prisma.auditEvent.findMany({
      where: { action: "api_token.created" },
      select: { payload: true },
    });
    expect(JSON.stringify(events)).not.toContain(created.token);
  });

  it("answers 401 without a token or with an unknown one, and audits neither", async () => {
    const before = (await auditActions()).length;
    const none = await call(null);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await none.json()).error.message).toMatch(/Authorization: Bearer/);
    expect((await call("rgp_not-a-real-token-but-the-right-shape-000000000")).status).toBe(401);
    expect((await call("garbage")).status).toBe(401);
    expect((await auditActions()).length).toBe(before);
  });

  it("answers 403 to a token without the scope, and audits the refusal", async () => {
    const { token } = await caller(admin).apiTokens.create({
      name: "evidence uploader",
      scopes: ["evidence:upload"],
      expiresInDays: 7,
    });
    const response = await call(token);
    expect(response.status).toBe(403);
    const body = await response.json();
    expect(body.error).toMatchObject({ code: "FORBIDDEN", details: { scope: "release:register" } });
    expect(body.error.requestId).toMatch(/\w/);
    expect((await auditActions()).at(-1)).toBe("api_token.refused");
  });

  it("stops a revoked token on its next call, and an expired one at its expiry", async () => {
    const revoked = await caller(admin).apiTokens.create({
      name: "old",
      scopes: ["release:register"],
      expiresInDays: 1,
    });
    expect((await call(revoked.token)).status).toBe(200);
    await caller(admin).apiTokens.revoke({ tokenId: revoked.summary.id });
    const refused = await call(revoked.token);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.message).toBe("This API token is revoked");
    await expect(caller(admin).apiTokens.revoke({ tokenId: revoked.summary.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });

    const expiring = await caller(admin).apiTokens.create({
      name: "short",
      scopes: ["release:register"],
      expiresInDays: 1,
    });
    clock.advance(24 * 60 * 60 * 1000 - 1);
    expect((await call(expiring.token)).status).toBe(200);
    clock.advance(1);
    expect((await call(expiring.token)).status).toBe(401);
    const expired = await caller(admin).apiTokens.list({ state: "expired" });
    expect(expired.tokens.map((token) => token.id)).toContain(expiring.summary.id);
  });

  it("refuses bad input with field errors and creates nothing", async () => {
    const before = await db.prisma.apiToken.count();
    await expect(
      caller(admin).apiTokens.create({
        name: " ",
        scopes: ["admin:users" as "release:read"],
        expiresInDays: 9999,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.prisma.apiToken.count()).toBe(before);
  });

  it("is for administrators only, and needs a recent sign-in to change", async () => {
    const engineer = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"] });
    await expect(caller(engineer).apiTokens.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const stale = createCaller(
      contextFor(
        db.prisma,
        { ...admin, authTime: new Date(clock.now().getTime() - 60 * 60 * 1000) },
        { clock },
      ),
    );
    await expect(
      stale.apiTokens.create({ name: "late", scopes: ["release:read"], expiresInDays: 1 }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/confirm it's you/),
    });
  });
});
