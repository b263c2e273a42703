// Promotion through tRPC, as release managers, security officers and pipelines use it, on PGlite and (with
// TEST_DATABASE_URL) PostgreSQL: the order of environments, dual control, self-approval, one person once, fresh
// sign-in per decision, expiry by the clock and by the sweeper, rejection, freeze windows with and without
// break-glass, soak, rollback, and the signed attestation checked with openssl.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { opensslVerify } from "@/test/openssl";
import { installReleaseKey, type ReleaseKey, registerTestRelease } from "@/test/promotion-releases";
import type { SessionUser } from "../../auth/session";
import { findActiveGrants } from "../../authz/extra-grants";
import { manualClock } from "../../lib/clock";
import { type DsseEnvelope, pae } from "../../signing/dsse";
import { parseStatement } from "../../signing/in-toto";
import { verifyEnvelopeWithRegistry } from "../../signing/verify-with-registry";
import { createCaller } from "../../trpc/root";
import { startPromotionSweeper, sweepExpiredRequests } from "./sweep-expired-requests";
import type { PromotionWebhookEvent } from "./webhook-events";

let db: TestDatabase;
let key: ReleaseKey;
const clock = manualClock("2026-12-01T09:00:00.000Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let rhea: SessionUser;
let ray: SessionUser;
let sam: SessionUser;
let bo: SessionUser;
let ada: SessionUser;
let ian: SessionUser;

type Grants = Awaited<ReturnType<typeof findActiveGrants>>;
const as = (user: SessionUser, options: { authTime?: Date; extraGrants?: Grants } = {}) =>
  createCaller(
    contextFor(
      db.prisma,
      { ...user, authTime: options.authTime ?? clock.now() },
      { clock, extraGrants: options.extraGrants },
    ),
  );
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof TRPCError ? { code: error.code, message: error.message } : error),
  );
const count = (action: string, where: Record<string, unknown> = {}) =>
  db.prisma.auditEvent.count({ where: { action, ...where } });

let versionCounter = 0;
async function release(options: { signed?: boolean; tamper?: boolean } = {}) {
  versionCounter += 1;
  return registerTestRelease(db.prisma, {
    version: `1.${versionCounter}.0`,
    signingKey: options.signed === false ? null : key.privateKey,
    tamper: options.tamper,
    clock,
  });
}

async function throughStaging(releaseId: string) {
  expect((await as(rhea).promotions.request({ releaseId, environment: "DEV" })).status).toBe("PROMOTED");
  const staging = await as(rhea).promotions.request({ releaseId, environment: "STAGING" });
  expect((await as(ray).promotions.approve({ requestId: staging.requestId })).status).toBe("PROMOTED");
}

beforeAll(async () => {
  db = await createTestDatabase();
  key = await installReleaseKey(db.prisma, clock);
  rhea = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  ray = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Ray Release" });
  sam = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Security" });
  bo = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER", "SECURITY_OFFICER"], name: "Bo Both" });
  ada = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  ian = await createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"], name: "Ian Incident" });
});
afterAll(async () => {
  key.restore();
  await db.close();
});

describe("DEV -> STAGING -> PROD", () => {
  it("promotes DEV on request, STAGING on one release engineer, PROD on a release engineer and a security officer", async () => {
    const r = await release();
    const dev = await as(rhea).promotions.request({
      releaseId: r.id,
      environment: "DEV",
      comment: "nightly",
    });
    expect(dev).toMatchObject({ status: "PROMOTED", created: true, stillNeeded: null });
    expect(dev.promotion?.targetPath).toBe(`releases/dev/payments-api/${r.version}/`);

    clock.advance(MINUTE);
    const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    expect(staging).toMatchObject({ status: "PENDING", stillNeeded: "1 release engineer" });
    expect(await refusal(as(rhea).promotions.approve({ requestId: staging.requestId }))).toEqual({
      code: "FORBIDDEN",
      message: "you requested this promotion: another person must approve it",
    });
    const approved = await as(ray).promotions.approve({
      requestId: staging.requestId,
      comment: "smoke tests green",
    });
    expect(approved).toMatchObject({ status: "PROMOTED", role: "RELEASE_ENGINEER" });

    clock.advance(MINUTE);
    const prod = await as(rhea).promotions.request({ releaseId: r.id, environment: "PROD" });
    expect(prod.stillNeeded).toBe("1 release engineer + 1 security officer");
    const first = await as(sam).promotions.approve({ requestId: prod.requestId, comment: "CVE scan clean" });
    expect(first).toMatchObject({
      status: "PENDING",
      role: "SECURITY_OFFICER",
      stillNeeded: "1 release engineer",
    });
    const second = await as(ray).promotions.approve({ requestId: prod.requestId });
    expect(second).toMatchObject({ status: "PROMOTED", role: "RELEASE_ENGINEER" });

    const promotions = await db.prisma.promotion.findMany({
      where: { releaseId: r.id },
      orderBy: { promotedAt: "asc" },
      select: { environment: true, bundleDigest: true, approvers: true, ciRunId: true, targetPath: true },
    });
    expect(promotions.map((p) => p.environment)).toEqual(["DEV", "STAGING", "PROD"]);
    // the same bundle, never rebuilt, in every environment
    expect(new Set(promotions.map((p) => p.bundleDigest))).toEqual(new Set([r.bundleDigest]));
    expect(promotions[2]?.approvers).toEqual([
      expect.objectContaining({ name: "Ray Release", role: "RELEASE_ENGINEER", comment: "" }),
      expect.objectContaining({ name: "Sam Security", role: "SECURITY_OFFICER", comment: "CVE scan clean" }),
    ]);
    expect(promotions[2]).toMatchObject({
      ciRunId: `run-${r.version}`,
      targetPath: `releases/prod/payments-api/${r.version}/`,
    });
    expect(await count("promotion.promoted", { subjectType: "promotion" })).toBeGreaterThanOrEqual(3);

    const view = await as(ada).promotions.forRelease({ releaseId: r.id });
    expect(view.environments.map((environment) => environment.lane.state)).toEqual(["done", "done", "done"]);
    expect(view.history.map((request) => request.status)).toEqual(["PROMOTED", "PROMOTED", "PROMOTED"]);
  });

  it("refuses STAGING before DEV and PROD before STAGING, and says so in the refusal's audit event", async () => {
    const r = await release();
    expect(await refusal(as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: "STAGING comes after DEV: promote the release to DEV first",
    });
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    expect(
      await refusal(as(rhea).promotions.request({ releaseId: r.id, environment: "PROD" })),
    ).toMatchObject({
      message: "PROD comes after STAGING: promote the release to STAGING first",
    });
    const refused = await db.prisma.auditEvent.findFirst({
      where: { action: "promotion.refused", subjectId: r.id },
      orderBy: { seq: "desc" },
      select: { payload: true, actorName: true },
    });
    expect(refused).toMatchObject({
      actorName: "Rhea Release",
      payload: expect.objectContaining({
        action: "request",
        environment: "PROD",
        code: "PRECONDITION_FAILED",
      }),
    });
    expect(await db.prisma.promotionRequest.count({ where: { releaseId: r.id } })).toBe(1);
  });

  it("answers a second request for the same environment with the open one, and a promoted one with a conflict", async () => {
    const r = await release();
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    const first = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    const again = await as(ray).promotions.request({ releaseId: r.id, environment: "STAGING" });
    expect(again).toMatchObject({ requestId: first.requestId, created: false, status: "PENDING" });
    expect(await refusal(as(ray).promotions.request({ releaseId: r.id, environment: "DEV" }))).toMatchObject({
      code: "CONFLICT",
    });
  });

  it("refuses releases that do not verify, with the verifier's reason", async () => {
    const unsigned = await release({ signed: false });
    expect(
      await refusal(as(rhea).promotions.request({ releaseId: unsigned.id, environment: "DEV" })),
    ).toEqual({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("SHA256SUMS is not signed: SHA256SUMS.sig is missing"),
    });
    const tampered = await release({ tamper: true });
    expect(
      await refusal(as(rhea).promotions.request({ releaseId: tampered.id, environment: "DEV" })),
    ).toEqual({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("1 file(s) do not match their listed SHA-256"),
    });
    const view = await as(rhea).promotions.forRelease({ releaseId: tampered.id });
    expect(view.verification.ok).toBe(false);
    expect(view.environments[0]?.lane).toEqual({
      state: "blocked",
      detail: { text: "the release does not verify", at: null },
    });
    expect(view.environments[0]?.request).toMatchObject({ allowed: false });
    expect(
      await db.prisma.promotion.count({ where: { releaseId: { in: [unsigned.id, tampered.id] } } }),
    ).toBe(0);
  });
});

describe("who decides", () => {
  it("counts a person holding both roles once, in the role they choose", async () => {
    const r = await release();
    await throughStaging(r.id);
    const prod = await as(rhea).promotions.request({ releaseId: r.id, environment: "PROD" });
    expect(await refusal(as(bo).promotions.approve({ requestId: prod.requestId }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("choose the role your approval counts for"),
    });
    const view = await as(bo).promotions.forRelease({ releaseId: r.id });
    expect(view.environments[2]?.openRequest?.viewer.roleChoices).toEqual([
      "RELEASE_ENGINEER",
      "SECURITY_OFFICER",
    ]);
    expect(
      await as(bo).promotions.approve({ requestId: prod.requestId, role: "SECURITY_OFFICER" }),
    ).toMatchObject({
      status: "PENDING",
      stillNeeded: "1 release engineer",
    });
    expect(
      await refusal(as(bo).promotions.approve({ requestId: prod.requestId, role: "RELEASE_ENGINEER" })),
    ).toEqual({
      code: "CONFLICT",
      message: "you already approved this request as security officer: one person counts once",
    });
    expect(await db.prisma.promotion.count({ where: { releaseId: r.id, environment: "PROD" } })).toBe(0);
    expect((await as(ray).promotions.approve({ requestId: prod.requestId })).status).toBe("PROMOTED");
  });

  it("needs a sign-in within the last 5 minutes for every decision, and says how to get one", async () => {
    const r = await release();
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    const stale = as(ray, { authTime: new Date(clock.now().getTime() - 6 * MINUTE) });
    const error = await stale.promotions.approve({ requestId: staging.requestId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("PRECONDITION_FAILED");
    expect(((error as TRPCError).cause as { details?: unknown }).details).toMatchObject({
      reauthRequired: true,
    });
    expect(await db.prisma.promotionApproval.count({ where: { requestId: staging.requestId } })).toBe(0);
    const decided = await as(ray, {
      authTime: new Date(clock.now().getTime() - 4 * MINUTE),
    }).promotions.approve({
      requestId: staging.requestId,
    });
    expect(decided.status).toBe("PROMOTED");
    const row = await db.prisma.promotionApproval.findFirstOrThrow({
      where: { requestId: staging.requestId },
    });
    expect(row).toMatchObject({ approverName: "Ray Release", role: "RELEASE_ENGINEER", decision: "APPROVE" });
    expect(row.authTime).toEqual(new Date(clock.now().getTime() - 4 * MINUTE));
  });

  it("lets auditors and incident responders read but not request or decide", async () => {
    const r = await release();
    const dev = await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    expect(dev.status).toBe("PROMOTED");
    expect(
      await refusal(as(ada).promotions.request({ releaseId: r.id, environment: "STAGING" })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await refusal(as(ian).promotions.approve({ requestId: dev.requestId }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await as(ian).promotions.forRelease({ releaseId: r.id })).environments[0]?.lane.state).toBe(
      "done",
    );
  });

  it("closes the request on a rejection, with who, which role, when and why; a new request starts afresh", async () => {
    const r = await release();
    await throughStaging(r.id);
    const prod = await as(rhea).promotions.request({ releaseId: r.id, environment: "PROD" });
    await as(ray).promotions.approve({ requestId: prod.requestId });
    expect(
      await refusal(as(sam).promotions.reject({ requestId: prod.requestId, comment: "" })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    const rejected = await as(sam).promotions.reject({
      requestId: prod.requestId,
      comment: "open CVE-2026-1234",
    });
    expect(rejected).toMatchObject({ status: "REJECTED", role: "SECURITY_OFFICER" });
    const row = await db.prisma.promotionRequest.findUniqueOrThrow({ where: { id: prod.requestId } });
    expect(row).toMatchObject({
      status: "REJECTED",
      closedReason: "rejected by Sam Security (security officer): open CVE-2026-1234",
    });
    expect(
      await refusal(as(bo).promotions.approve({ requestId: prod.requestId, role: "SECURITY_OFFICER" })),
    ).toEqual({
      code: "CONFLICT",
      message: "this request was rejected",
    });
    const view = await as(rhea).promotions.forRelease({ releaseId: r.id });
    expect(view.environments[2]?.lane.state).toBe("blocked");
    expect(
      view.history
        .find((request) => request.id === prod.requestId)
        ?.decisions.map((d) => [d.approverName, d.roleLabel, d.decision, d.comment]),
    ).toEqual([
      ["Ray Release", "Release engineer", "APPROVE", ""],
      ["Sam Security", "Security officer", "REJECT", "open CVE-2026-1234"],
    ]);
    const again = await as(rhea).promotions.request({ releaseId: r.id, environment: "PROD" });
    expect(again).toMatchObject({ created: true, stillNeeded: "1 release engineer + 1 security officer" });
  });

  it("lists what waits for each person, oldest first, never their own requests", async () => {
    const r = await release();
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    const forRay = await as(ray).promotions.queue();
    expect(forRay.map((entry) => entry.requestId)).toContain(staging.requestId);
    expect((await as(rhea).promotions.queue()).map((entry) => entry.requestId)).not.toContain(
      staging.requestId,
    );
    expect((await as(sam).promotions.queue()).map((entry) => entry.requestId)).not.toContain(
      staging.requestId,
    );
    await as(ray).promotions.approve({ requestId: staging.requestId });
    expect((await as(ray).promotions.queue()).map((entry) => entry.requestId)).not.toContain(
      staging.requestId,
    );
  });
});

describe("expiry", () => {
  it("refuses a decision after expiresAt and records the expiry once; the sweeper finds nothing more", async () => {
    const r = await release();
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    const stored = await db.prisma.promotionRequest.findUniqueOrThrow({ where: { id: staging.requestId } });
    expect(stored.expiresAt).toEqual(new Date(clock.now().getTime() + 72 * HOUR));
    clock.advance(72 * HOUR);
    expect(await refusal(as(ray).promotions.approve({ requestId: staging.requestId }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: "this request has expired: request the promotion again",
    });
    expect(
      await db.prisma.promotionRequest.findUniqueOrThrow({ where: { id: staging.requestId } }),
    ).toMatchObject({
      status: "EXPIRED",
      closedAt: stored.expiresAt,
    });
    expect((await sweepExpiredRequests({ prisma: db.prisma, clock })).expired).not.toContain(
      staging.requestId,
    );
    expect(await count("promotion.request_closed", { subjectId: staging.requestId })).toBe(1);
    const renewed = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    expect(renewed.created).toBe(true);
  });

  it("is recorded by the sweeper exactly once, even with sweepers racing on two connections", async () => {
    const r = await release();
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    clock.advance(72 * HOUR + MINUTE);
    // the lane says expired before anything was recorded: the clock decides
    const before = await as(rhea).promotions.forRelease({ releaseId: r.id });
    expect(before.environments[1]?.openRequest).toBeNull();
    expect(before.history.find((request) => request.id === staging.requestId)?.status).toBe("EXPIRED");
    const { openDatabase } = await import("../../db/connection");
    const other = db.kind === "postgres" ? await openDatabase(db.target) : null;
    try {
      const results = await Promise.all([
        sweepExpiredRequests({ prisma: db.prisma, clock }),
        sweepExpiredRequests({ prisma: other?.prisma ?? db.prisma, clock }),
        sweepExpiredRequests({ prisma: db.prisma, clock }),
      ]);
      const expired = results.flatMap((result) => result.expired);
      expect(expired.filter((id) => id === staging.requestId)).toHaveLength(1);
      expect(new Set(expired).size).toBe(expired.length);
    } finally {
      await other?.close();
    }
    expect(await count("promotion.request_closed", { subjectId: staging.requestId })).toBe(1);
  });
  it("is recorded on a schedule by every instance's sweeper, once, and announced to the webhook once", async () => {
    const r = await release();
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    clock.advance(72 * HOUR);
    const sent: PromotionWebhookEvent[] = [];
    const deps = async () => ({
      prisma: db.prisma,
      clock,
      events: { send: (event: PromotionWebhookEvent) => sent.push(event) },
    });
    const stops = [startPromotionSweeper(deps, 20), startPromotionSweeper(deps, 20)];
    try {
      await vi.waitFor(
        async () => {
          const row = await db.prisma.promotionRequest.findUniqueOrThrow({
            where: { id: staging.requestId },
          });
          expect(row.status).toBe("EXPIRED");
        },
        { timeout: 5000, interval: 25 },
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
    } finally {
      for (const stop of stops) stop();
    }
    expect(await count("promotion.request_closed", { subjectId: staging.requestId })).toBe(1);
    expect(sent.filter((event) => event.requestId === staging.requestId)).toEqual([
      expect.objectContaining({
        type: "promotion.request_closed",
        outcome: "EXPIRED",
        environment: "STAGING",
      }),
    ]);
  });
});

describe("soak time and freeze windows", () => {
  it("holds an approved promotion until the soak after the previous environment is over", async () => {
    await as(sam).promotions.updateEnvironment({
      environment: "STAGING",
      requiredApprovals: [{ role: "RELEASE_ENGINEER", count: 1 }],
      soakMinutes: 60,
      requestTtlHours: 72,
    });
    try {
      const r = await release();
      await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
      clock.advance(10 * MINUTE);
      const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
      const approved = await as(ray).promotions.approve({ requestId: staging.requestId });
      expect(approved).toMatchObject({ status: "PENDING", held: { gate: "soak" } });
      expect(approved.held?.until).toEqual(new Date(clock.now().getTime() + 50 * MINUTE));
      const view = await as(rhea).promotions.forRelease({ releaseId: r.id });
      expect(view.environments[1]?.lane).toMatchObject({
        state: "waiting",
        detail: { text: "approved; soaking until" },
      });
      clock.advance(49 * MINUTE);
      expect(await refusal(as(rhea).promotions.promote({ requestId: staging.requestId }))).toMatchObject({
        code: "PRECONDITION_FAILED",
        message: expect.stringContaining("soaks in DEV until"),
      });
      clock.advance(MINUTE);
      expect((await as(rhea).promotions.promote({ requestId: staging.requestId })).status).toBe("PROMOTED");
    } finally {
      await as(sam).promotions.updateEnvironment({
        environment: "STAGING",
        requiredApprovals: [{ role: "RELEASE_ENGINEER", count: 1 }],
        soakMinutes: 0,
        requestTtlHours: 72,
      });
    }
  });

  it("refuses promotions in a freeze window, except under an active break-glass session, which it records", async () => {
    const r = await release();
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    const freeze = await as(sam).promotions.createFreeze({
      environment: "STAGING",
      startsAt: new Date(clock.now().getTime() - MINUTE),
      endsAt: new Date(clock.now().getTime() + 2 * HOUR),
      reason: "quarter-end close",
    });
    try {
      const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
      const approved = await as(ray).promotions.approve({ requestId: staging.requestId });
      expect(approved).toMatchObject({ status: "PENDING", held: { gate: "freeze" } });
      expect(await refusal(as(rhea).promotions.promote({ requestId: staging.requestId }))).toMatchObject({
        code: "PRECONDITION_FAILED",
        message: expect.stringContaining("STAGING is frozen until"),
      });
      // without a break-glass grant, the override is not even callable
      expect(
        await refusal(as(ian).promotions.promoteThroughFreeze({ requestId: staging.requestId })),
      ).toMatchObject({
        code: "FORBIDDEN",
      });

      const session = await as(ian).breakGlass.open({
        reasonCode: "INCIDENT_P1",
        justification: "Payments outage: the fix must reach staging for verification now",
        scopes: ["promotion:override-freeze"],
        durationMinutes: 15,
      });
      const extraGrants = await findActiveGrants(db.prisma, ian.id, clock.now());
      const promoted = await as(ian, { extraGrants }).promotions.promoteThroughFreeze({
        requestId: staging.requestId,
      });
      expect(promoted.status).toBe("PROMOTED");
      const sessionId = session.id;
      const row = await db.prisma.promotion.findFirstOrThrow({
        where: { releaseId: r.id, environment: "STAGING" },
      });
      expect(row.breakGlassSessionId).toBe(sessionId);
      const event = await db.prisma.auditEvent.findFirstOrThrow({
        where: { action: "promotion.promoted", subjectId: row.id },
      });
      expect(event.breakGlassSessionId).toBe(sessionId);
      expect(event.payload).toMatchObject({
        freezeOverride: {
          freezeWindowId: freeze.id,
          reason: "quarter-end close",
          breakGlassSessionId: sessionId,
        },
      });
      const statement = parseStatement(
        Buffer.from((row.attestation as unknown as DsseEnvelope).payload, "base64"),
      );
      expect(statement?.predicate).toMatchObject({ freezeOverride: { freezeWindowId: freeze.id } });
    } finally {
      await as(sam).promotions.deleteFreeze({ id: freeze.id });
    }
  });

  it("refuses the override where no freeze holds the environment", async () => {
    const r = await release();
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    const extraGrants = await findActiveGrants(db.prisma, ian.id, clock.now());
    expect(extraGrants.some((grant) => grant.permission === "promotion:override-freeze")).toBe(true);
    expect(
      await refusal(
        as(ian, { extraGrants }).promotions.promoteThroughFreeze({ requestId: staging.requestId }),
      ),
    ).toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("nothing to override") });
  });
});

describe("rollback and the attestation", () => {
  it("rolls back by promoting an earlier version: a new record; the later one stays as it was", async () => {
    const older = await release();
    await throughStaging(older.id);
    const newer = await release();
    await throughStaging(newer.id);
    const prod = await as(rhea).promotions.request({ releaseId: newer.id, environment: "PROD" });
    await as(sam).promotions.approve({ requestId: prod.requestId });
    await as(ray).promotions.approve({ requestId: prod.requestId });
    const newerRow = await db.prisma.promotion.findFirstOrThrow({
      where: { releaseId: newer.id, environment: "PROD" },
    });
    clock.advance(HOUR);
    const rollback = await as(rhea).promotions.request({
      releaseId: older.id,
      environment: "PROD",
      comment: "roll back: newer fails health checks",
    });
    await as(sam).promotions.approve({ requestId: rollback.requestId });
    expect(
      (await as(bo).promotions.approve({ requestId: rollback.requestId, role: "RELEASE_ENGINEER" })).status,
    ).toBe("PROMOTED");
    const prodRows = await db.prisma.promotion.findMany({
      where: { environment: "PROD", releaseId: { in: [older.id, newer.id] } },
      orderBy: { promotedAt: "desc" },
    });
    expect(prodRows.map((row) => row.releaseId)).toEqual([older.id, newer.id]);
    expect(prodRows[1]).toEqual(newerRow);
  });

  it("signs an in-toto statement with the release key that the registry and openssl both verify", async () => {
    const r = await release();
    await throughStaging(r.id);
    const row = await db.prisma.promotion.findFirstOrThrow({
      where: { releaseId: r.id, environment: "STAGING" },
    });
    const envelope = row.attestation as unknown as DsseEnvelope;
    expect(row.attestationKeyId).toBe(key.keyId);
    const verified = await verifyEnvelopeWithRegistry(db.prisma, envelope, { purpose: "release", clock });
    expect(verified.ok).toBe(true);
    const payload = Buffer.from(envelope.payload, "base64");
    const openssl = opensslVerify({
      publicKeyPem: key.publicKeyPem,
      data: pae(envelope.payloadType, payload),
      signature: Buffer.from(envelope.signatures[0]?.sig ?? "", "base64"),
    });
    expect(openssl).toMatchObject({ ok: true });
    const statement = parseStatement(payload);
    expect(statement?.predicateType).toBe("https://portal.example/promotion/v1");
    expect(statement?.subject[0]).toEqual({ name: "SHA256SUMS", digest: { sha256: r.bundleDigest } });
    expect(statement?.subject).toHaveLength(4);
    expect(statement?.predicate).toMatchObject({
      environment: "STAGING",
      targetPath: `releases/staging/payments-api/${r.version}/`,
      bundleDigest: `sha256:${r.bundleDigest}`,
      approvers: [expect.objectContaining({ name: "Ray Release", role: "RELEASE_ENGINEER" })],
      verification: { ok: true, signedBy: [key.keyId] },
      previous: { environment: "DEV" },
      freezeOverride: null,
    });
    const tampered = {
      ...envelope,
      payload: Buffer.from(payload.toString().replace("STAGING", "PROD")).toString("base64"),
    };
    expect(
      opensslVerify({
        publicKeyPem: key.publicKeyPem,
        data: pae(tampered.payloadType, Buffer.from(tampered.payload, "base64")),
        signature: Buffer.from(envelope.signatures[0]?.sig ?? "", "base64"),
      }).ok,
    ).toBe(false);
  });
});

describe("environment policy administration", () => {
  it("lets policy:manage change approvals with a fresh sign-in, audited field by field; others read it", async () => {
    const stale = as(sam, { authTime: new Date(clock.now().getTime() - 2 * HOUR) });
    const input = {
      environment: "STAGING" as const,
      requiredApprovals: [{ role: "RELEASE_ENGINEER" as const, count: 2 }],
      soakMinutes: 30,
      requestTtlHours: 24,
    };
    expect(await refusal(stale.promotions.updateEnvironment(input))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect(await refusal(as(rhea).promotions.updateEnvironment(input))).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await refusal(
        as(sam).promotions.updateEnvironment({
          ...input,
          requiredApprovals: [{ role: "AUDITOR", count: 1 }],
        }),
      ),
    ).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("an auditor cannot approve promotions"),
    });
    await as(sam).promotions.updateEnvironment(input);
    try {
      const { policies } = await as(ada).promotions.environments();
      expect(policies.find((policy) => policy.environment === "STAGING")).toMatchObject({
        requirement: "2 release engineer",
        soakMinutes: 30,
        requestTtlHours: 24,
        updatedByName: "Sam Security",
      });
      const event = await db.prisma.auditEvent.findFirstOrThrow({
        where: { action: "promotion.policy_changed" },
        orderBy: { seq: "desc" },
      });
      expect(event.payload).toMatchObject({
        changes: [
          { field: "requiredApprovals", from: "1 release engineer", to: "2 release engineer" },
          { field: "soakMinutes", from: "0", to: "30" },
          { field: "requestTtlHours", from: "72", to: "24" },
        ],
      });
    } finally {
      await as(sam).promotions.updateEnvironment({
        ...input,
        requiredApprovals: [{ role: "RELEASE_ENGINEER", count: 1 }],
        soakMinutes: 0,
        requestTtlHours: 72,
      });
    }
  });

  it("keeps ended freeze windows as history and refuses windows that are already over", async () => {
    expect(
      await refusal(
        as(sam).promotions.createFreeze({
          environment: "PROD",
          startsAt: new Date(clock.now().getTime() - 2 * HOUR),
          endsAt: new Date(clock.now().getTime() - HOUR),
          reason: "too late",
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST" });
    expect(
      await refusal(
        as(sam).promotions.createFreeze({
          environment: "PROD",
          startsAt: new Date(clock.now().getTime() + 2 * HOUR),
          endsAt: new Date(clock.now().getTime() + HOUR),
          reason: "backwards",
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST" });
    const window = await as(sam).promotions.createFreeze({
      environment: "PROD",
      startsAt: new Date(clock.now().getTime() + HOUR),
      endsAt: new Date(clock.now().getTime() + 2 * HOUR),
      reason: "release train pause",
    });
    expect((await as(rhea).promotions.environments()).freezes.find((f) => f.id === window.id)?.state).toBe(
      "upcoming",
    );
    clock.advance(3 * HOUR);
    expect((await as(rhea).promotions.environments()).freezes.find((f) => f.id === window.id)?.state).toBe(
      "ended",
    );
    expect(await refusal(as(sam).promotions.deleteFreeze({ id: window.id }))).toMatchObject({
      code: "CONFLICT",
    });
  });
});
