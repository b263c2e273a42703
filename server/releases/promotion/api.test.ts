// The pipeline's side, through the real /api/v1 handlers with bearer tokens: request a promotion (DEV promotes at
// once), ask again (the open request is answered), read the release's state and fetch the attestation; refusals
// are JSON with the reason and the right status.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installReleaseKey, type ReleaseKey, registerTestRelease } from "@/test/promotion-releases";
import type { SessionUser } from "../../auth/session";
import { manualClock } from "../../lib/clock";
import { verifyEnvelopeWithRegistry } from "../../signing/verify-with-registry";
import { createCaller } from "../../trpc/root";
import { promotionApiRoutes } from "./api-routes";
import type { PromotionWebhookEvent } from "./webhook-events";

let db: TestDatabase;
let key: ReleaseKey;
const clock = manualClock("2026-12-04T09:00:00.000Z");
let admin: SessionUser;
let ray: SessionUser;
let pipelineToken: string;
let readOnlyToken: string;

const sent: PromotionWebhookEvent[] = [];
const routes = () =>
  promotionApiRoutes({
    prisma: async () => db.prisma,
    clock,
    events: () => ({ send: (event) => sent.push(event) }),
  });
const call = async (
  handler: ReturnType<typeof routes>[keyof ReturnType<typeof routes>],
  token: string,
  url: string,
  params: Record<string, string>,
  body?: unknown,
) => {
  const response = await handler(
    new Request(`http://localhost${url}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
  return { status: response.status, body: await response.json() };
};
const post = (token: string, releaseId: string, body: unknown) =>
  call(routes().request, token, `/api/v1/releases/${releaseId}/promotions`, { id: releaseId }, body);

beforeAll(async () => {
  db = await createTestDatabase();
  key = await installReleaseKey(db.prisma, clock);
  admin = await createTestUser(db.prisma, { roles: ["ADMIN"], name: "Adam Admin" });
  ray = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Ray Release" });
  const caller = createCaller(contextFor(db.prisma, { ...admin, authTime: clock.now() }, { clock }));
  pipelineToken = (
    await caller.apiTokens.create({
      name: "deploy",
      scopes: ["promotion:request", "release:read"],
      expiresInDays: 30,
    })
  ).token;
  readOnlyToken = (
    await caller.apiTokens.create({ name: "dashboards", scopes: ["release:read"], expiresInDays: 30 })
  ).token;
});
afterAll(async () => {
  key.restore();
  await db.close();
});

describe("/api/v1/releases/<id>/promotions", () => {
  it("promotes DEV on request, opens STAGING, answers a repeat with the open request", async () => {
    const r = await registerTestRelease(db.prisma, { version: "7.0.0", signingKey: key.privateKey, clock });
    const dev = await post(pipelineToken, r.id, { environment: "DEV" });
    expect(dev.status).toBe(201);
    expect(dev.body).toMatchObject({
      environment: "DEV",
      status: "PROMOTED",
      promotion: {
        targetPath: "releases/dev/payments-api/7.0.0/",
        attestationUrl: `/api/v1/releases/${r.id}/promotions/dev/attestation`,
      },
    });
    // after the commit, the webhook hears of the request and the promotion
    expect(sent.map((event) => [event.type, event.environment, event.releaseId])).toEqual([
      ["promotion.requested", "DEV", r.id],
      ["promotion.promoted", "DEV", r.id],
    ]);
    const staging = await post(pipelineToken, r.id, { environment: "STAGING", comment: "from pipeline 7" });
    expect(staging).toMatchObject({
      status: 201,
      body: { status: "PENDING", stillNeeded: "1 release engineer" },
    });
    const again = await post(pipelineToken, r.id, { environment: "STAGING" });
    expect(again).toMatchObject({ status: 200, body: { requestId: staging.body.requestId, created: false } });
    const stored = await db.prisma.promotionRequest.findUniqueOrThrow({
      where: { id: staging.body.requestId },
    });
    expect(stored).toMatchObject({
      requestedById: null,
      requestedByName: expect.stringMatching(/^api-token:deploy/),
    });

    // a person approves; the pipeline sees the lane complete and fetches the attestation
    const person = createCaller(contextFor(db.prisma, { ...ray, authTime: clock.now() }, { clock }));
    expect((await person.promotions.approve({ requestId: staging.body.requestId })).status).toBe("PROMOTED");
    const state = await call(routes().status, readOnlyToken, `/api/v1/releases/${r.id}/promotions`, {
      id: r.id,
    });
    expect(state.status).toBe(200);
    expect(state.body.environments.map((e: { state: string }) => e.state)).toEqual([
      "done",
      "done",
      "pending",
    ]);
    expect(state.body.environments[1].promotion.approvers).toEqual([
      expect.objectContaining({ name: "Ray Release", role: "RELEASE_ENGINEER" }),
    ]);
    const attestation = await call(
      routes().attestation,
      readOnlyToken,
      `/api/v1/releases/${r.id}/promotions/staging/attestation`,
      { id: r.id, environment: "staging" },
    );
    expect(attestation.status).toBe(200);
    expect(
      (await verifyEnvelopeWithRegistry(db.prisma, attestation.body, { purpose: "release", clock })).ok,
    ).toBe(true);
  });

  it("refuses with the reason: order, bad input, unknown release, missing scope", async () => {
    const r = await registerTestRelease(db.prisma, { version: "7.1.0", signingKey: key.privateKey, clock });
    expect(await post(pipelineToken, r.id, { environment: "PROD" })).toMatchObject({
      status: 412,
      body: {
        error: {
          code: "PRECONDITION_FAILED",
          message: "PROD comes after STAGING: promote the release to STAGING first",
        },
      },
    });
    const bad = await post(pipelineToken, r.id, { environment: "QA" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors.environment[0]).toMatch(/Unknown environment/);
    expect((await post(pipelineToken, r.id, "not json")).status).toBe(400);
    expect(
      (await post(pipelineToken, "9f1c0e2a-4b7d-4c3e-8a61-2f9d0b7e5c11", { environment: "DEV" })).status,
    ).toBe(404);
    expect(await post(readOnlyToken, r.id, { environment: "DEV" })).toMatchObject({
      status: 403,
      body: { error: { message: "This API token does not hold the scope promotion:request" } },
    });
    expect(
      (await call(routes().attestation, readOnlyToken, "/x", { id: r.id, environment: "prod" })).status,
    ).toBe(404);
    expect(await db.prisma.promotionRequest.count({ where: { releaseId: r.id } })).toBe(0);
    const refused = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "promotion.refused", subjectId: r.id },
    });
    expect(refused.actorName).toMatch(/^api-token:deploy/);
  });
});
