// Break-glass through the real pieces with an injected clock: the tRPC router, the permission function fed by
// findActiveGrants on every "request", the audit log, notifications and the webhook. Runs on PGlite, and on
// PostgreSQL with TEST_DATABASE_URL (where the concurrent sweeps really race, from two clients).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { findActiveGrants } from "../authz/extra-grants";
import { type Database, openDatabase } from "../db/connection";
import { manualClock } from "../lib/clock";
import type { SessionUser } from "../trpc/context";
import { createCaller } from "../trpc/root";
import { closeSession } from "./end-session";
import { openSession } from "./open-session";
import { parseBreakGlassPolicy } from "./policy-config";
import { recordExpiries } from "./record-expiries";
import { sweepSessions } from "./sweep-sessions";
import { type BreakGlassWebhookEvent, createWebhookSender, verifyWebhookSignature } from "./webhook";

const MINUTE = 60_000;
const clock = manualClock("2026-12-01T10:00:00.000Z");
// the configured policy (the router's) is the default one; services below also get a stricter one directly
const policy = parseBreakGlassPolicy({ extension: { maxCount: 2, maxMinutes: 30 }, absoluteMaxMinutes: 60 });
let db: TestDatabase;
let responder: SessionUser;
let responder2: SessionUser;
let officer: SessionUser;
let officer2: SessionUser;

beforeAll(async () => {
  db = await createTestDatabase();
  responder = await createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"], name: "Ian Responder" });
  responder2 = await createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"], name: "Iris Responder" });
  officer = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Officer" });
  officer2 = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sue Officer" });
});
afterAll(async () => {
  await db.close();
});

/** What one HTTP request gets: grants looked up again at the current time, as createRequestContext does. */
async function request(user: SessionUser, options: { authTime?: Date } = {}) {
  const extraGrants = await findActiveGrants(db.prisma, user.id, clock.now());
  return createCaller(
    contextFor(db.prisma, { ...user, authTime: options.authTime ?? clock.now() }, { clock, extraGrants }),
  );
}

const actorOf = (user: SessionUser) => ({ actor: { id: user.id, name: user.name, roles: user.roles } });
const deps = () => ({ prisma: db.prisma, clock, policy });

async function eventsOf(sessionId: string, action?: string) {
  return db.prisma.auditEvent.findMany({
    where: { subjectType: "breakglass_session", subjectId: sessionId, ...(action ? { action } : {}) },
    orderBy: { seq: "asc" },
  });
}

async function openAsResponder(user: SessionUser, overrides: Record<string, unknown> = {}) {
  return (await request(user)).breakGlass.open({
    reasonCode: "INCIDENT_P1",
    justification: "Checkout is down, need to verify the audit trail",
    scopes: ["audit:read", "audit:verify"],
    durationMinutes: 15,
    ...overrides,
  });
}

describe("grants through the one permission function", () => {
  it("allows the elevated action until expiresAt and refuses it one millisecond after, without a sweeper", async () => {
    await expect((await request(responder)).audit.verifyChain()).rejects.toMatchObject({ code: "FORBIDDEN" });

    const session = await openAsResponder(responder);
    expect(session).toMatchObject({ status: "ACTIVE", scopes: ["audit:read", "audit:verify"] });
    expect(session.expiresAt).toEqual(new Date(clock.now().getTime() + 15 * MINUTE));

    const verified = await (await request(responder)).audit.verifyChain();
    expect(verified.ok).toBe(true);
    // the action's own audit event names the session whose grant allowed it, and the chain still verifies
    const underGrant = await db.prisma.auditEvent.findFirst({
      where: { action: "audit.chain_verified", actorId: responder.id },
      orderBy: { seq: "desc" },
    });
    expect(underGrant?.breakGlassSessionId).toBe(session.id);
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);

    clock.set(new Date((session.expiresAt as Date).getTime() - 1));
    await expect((await request(responder)).audit.list({})).resolves.toBeDefined();
    clock.advance(1);
    await expect((await request(responder)).audit.verifyChain()).rejects.toMatchObject({ code: "FORBIDDEN" });

    // that refused request noticed the expiry and recorded it, once, ending at expiresAt itself
    const exits = await eventsOf(session.id, "breakglass.expired");
    expect(exits).toHaveLength(1);
    expect(exits[0]?.payload).toMatchObject({
      detectedBy: "request",
      expiresAt: session.expiresAt?.toISOString(),
    });
    const stored = await db.prisma.breakGlassSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(stored).toMatchObject({ status: "EXPIRED", endedAt: session.expiresAt, reviewStatus: "PENDING" });

    const report = await (await request(officer)).breakGlass.report({ sessionId: session.id });
    expect(report.events.map((event) => [event.action, event.underGrant])).toEqual([
      ["breakglass.opened", false],
      ["audit.chain_verified", true],
      ["breakglass.expired", false],
    ]);
  });

  it("notifies security officers at once when a self-service session opens, and the webhook is signed", async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const secret = "webhook-secret-for-tests";
    const webhook = createWebhookSender({ url, secret });
    // notices of the test before carry the same instant; the bell orders by time
    clock.advance(1000);
    try {
      const session = await openSession(
        { ...deps(), webhook },
        {
          ...actorOf(responder2),
          input: {
            reasonCode: "RELEASE_HOTFIX",
            justification: "Hotfix must ship during the freeze",
            scopes: ["promotion:override-freeze"],
          },
        },
      );
      const bell = await (await request(officer)).notifications.list();
      expect(bell.unread).toBeGreaterThan(0);
      expect(bell.items[0]).toMatchObject({
        kind: "breakglass.opened",
        link: `/break-glass/${session.id}`,
        read: false,
      });
      expect(bell.items[0]?.title).toContain("Iris Responder opened break-glass");
      // the requester is not told about their own action
      expect((await (await request(responder2)).notifications.list()).items).toHaveLength(0);

      await closeSession(
        { ...deps(), webhook },
        { ...actorOf(responder2), input: { sessionId: session.id } },
      );
      await webhook.flush();
      expect(received.map((hit) => (JSON.parse(hit.body) as BreakGlassWebhookEvent).type)).toEqual([
        "breakglass.opened",
        "breakglass.closed",
      ]);
      for (const hit of received) {
        const timestamp = String(hit.headers["x-portal-timestamp"]);
        const signature = String(hit.headers["x-portal-signature"]);
        expect(verifyWebhookSignature(secret, timestamp, hit.body, signature)).toBe(true);
        expect(verifyWebhookSignature("another-secret-value", timestamp, hit.body, signature)).toBe(false);
      }
      expect(JSON.parse(received[0]?.body ?? "{}")).toMatchObject({
        sessionId: session.id,
        requester: "Iris Responder",
        reasonCode: "RELEASE_HOTFIX",
        scopes: ["promotion:override-freeze"],
      });
      await (await request(officer)).notifications.markRead({});
      expect((await (await request(officer)).notifications.list()).unread).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("asks for a fresh authentication to open", async () => {
    const stale = new Date(clock.now().getTime() - 301_000);
    await expect(
      (await request(responder, { authTime: stale })).breakGlass.open({
        reasonCode: "INCIDENT_P1",
        justification: "Something is on fire here",
        scopes: ["audit:read"],
      }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});

describe("bad input grants nothing", () => {
  it.each([
    [{ reasonCode: "BECAUSE" }, /Unknown reason code/],
    [{ scopes: ["breakglass:approve"] }, /Not grantable/],
    [{ scopes: ["no:such"] }, /Not grantable/],
    [{ durationMinutes: 61 }, /between 1 and 60 minutes/],
    [{ justification: "short" }, /at least 10 characters/],
  ])("%o", async (overrides, message) => {
    const before = await db.prisma.breakGlassSession.count();
    await expect(openAsResponder(responder, overrides)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(message),
    });
    expect(await db.prisma.breakGlassSession.count()).toBe(before);
  });
});

describe("extension", () => {
  it("continues from the current expiry, at most N times, never past the absolute maximum, history kept", async () => {
    const opened = await openSession(deps(), {
      ...actorOf(responder),
      input: {
        reasonCode: "INCIDENT_P1",
        justification: "Long outage",
        scopes: ["audit:read"],
        durationMinutes: 30,
      },
    });
    const start = clock.now().getTime();
    await expect(
      import("./extend-session").then(({ extendSession }) =>
        extendSession(deps(), {
          ...actorOf(responder2),
          input: { sessionId: opened.id, minutes: 10, reason: "mine now" },
        }),
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { extendSession } = await import("./extend-session");
    clock.advance(20 * MINUTE);
    const first = await extendSession(deps(), {
      ...actorOf(responder),
      input: { sessionId: opened.id, minutes: 20, reason: "still restoring" },
    });
    expect(first.expiresAt).toEqual(new Date(start + 50 * MINUTE));
    const second = await extendSession(deps(), {
      ...actorOf(responder),
      input: { sessionId: opened.id, minutes: 30, reason: "almost done" },
    });
    // 80 minutes wanted, the absolute maximum is 60 from activation
    expect(second).toMatchObject({ cappedAtAbsoluteMax: true, extensionCount: 2, extensionsLeft: 0 });
    expect(second.expiresAt).toEqual(new Date(start + 60 * MINUTE));
    await expect(
      extendSession(deps(), {
        ...actorOf(responder),
        input: { sessionId: opened.id, minutes: 5, reason: "one more" },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/most the policy allows/) });

    const report = await (await request(officer)).breakGlass.report({ sessionId: opened.id });
    expect(report.extensions.map((extension) => [extension.reason, extension.toExpiresAt])).toEqual([
      ["still restoring", new Date(start + 50 * MINUTE)],
      ["almost done", new Date(start + 60 * MINUTE)],
    ]);
    clock.set(new Date(start + 60 * MINUTE));
    await expect(
      extendSession(
        { ...deps(), policy: parseBreakGlassPolicy({ extension: { maxCount: 5 } }) },
        { ...actorOf(responder), input: { sessionId: opened.id, minutes: 5, reason: "too late" } },
      ),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/expired/) });
    expect(await eventsOf(opened.id, "breakglass.expired")).toHaveLength(1);
  });
});

describe("revocation, approval and review", () => {
  it("revocation takes effect on the next request", async () => {
    const session = await openAsResponder(responder);
    await expect((await request(responder)).audit.verifyChain()).resolves.toMatchObject({ ok: true });
    await expect(
      (await request(responder2)).breakGlass.close({ sessionId: session.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    clock.advance(1000);
    await (await request(officer)).breakGlass.revoke({ sessionId: session.id, note: "Incident is over" });
    await expect((await request(responder)).audit.verifyChain()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      (await request(officer2)).breakGlass.revoke({ sessionId: session.id, note: "Me too please" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await eventsOf(session.id)).map((event) => event.action)).toEqual([
      "breakglass.opened",
      "breakglass.revoked",
    ]);
    const bell = await (await request(responder)).notifications.list();
    expect(bell.items[0]?.title).toBe("Sam Officer revoked your break-glass session");
  });

  it("needs a second person for approval scopes: self-approval refused, the grant starts at approval", async () => {
    const requested = await openAsResponder(responder2, { scopes: ["admin:users"], durationMinutes: 10 });
    expect(requested).toMatchObject({ status: "PENDING", approvalRequired: true, expiresAt: null });
    await expect((await request(responder2)).users.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });

    const both = await createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER", "SECURITY_OFFICER"] });
    const own = await (await request(both)).breakGlass.open({
      reasonCode: "IDP_OUTAGE",
      justification: "Need to unlock accounts",
      scopes: ["admin:users"],
    });
    await expect(
      (await request(both)).breakGlass.decide({ sessionId: own.id, approve: true }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/your own/) });
    expect((await db.prisma.breakGlassSession.findUniqueOrThrow({ where: { id: own.id } })).status).toBe(
      "PENDING",
    );

    clock.advance(2 * MINUTE);
    const approved = await (await request(officer)).breakGlass.decide({
      sessionId: requested.id,
      approve: true,
    });
    expect(approved).toMatchObject({ status: "ACTIVE", decidedBy: "Sam Officer" });
    expect(approved.expiresAt).toEqual(new Date(clock.now().getTime() + 10 * MINUTE));
    await expect((await request(responder2)).users.list({})).resolves.toBeDefined();
    await (await request(responder2)).breakGlass.close({ sessionId: requested.id, note: "done" });
    await expect((await request(responder2)).users.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });

    // a request no one decides lapses (once), and can no longer be approved
    clock.advance(31 * MINUTE);
    await expect(
      (await request(officer)).breakGlass.decide({ sessionId: own.id, approve: true }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/lapsed|no longer pending/) });
    expect(await eventsOf(own.id, "breakglass.request_expired")).toHaveLength(1);
  });

  it("is reviewed after the end by someone else, once; unreviewed old sessions are overdue", async () => {
    const session = await openAsResponder(responder);
    await expect(
      (await request(officer)).breakGlass.review({ sessionId: session.id, outcome: "ACKNOWLEDGED" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/after it has ended/) });
    await (await request(responder)).breakGlass.close({ sessionId: session.id });

    const awaiting = await (await request(officer)).breakGlass.list({ filter: "awaiting-review" });
    expect(awaiting.sessions.map((item) => item.id)).toContain(session.id);
    expect(
      (await (await request(officer)).breakGlass.list({ filter: "overdue" })).sessions.map((s) => s.id),
    ).not.toContain(session.id);
    clock.advance(73 * 60 * MINUTE);
    const overdue = await (await request(officer)).breakGlass.list({ filter: "overdue" });
    expect(overdue.sessions.find((item) => item.id === session.id)?.review.overdue).toBe(true);

    await expect(
      (await request(officer)).breakGlass.review({ sessionId: session.id, outcome: "FLAGGED", notes: "" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const reviewed = await (await request(officer)).breakGlass.review({
      sessionId: session.id,
      outcome: "FLAGGED",
      notes: "Verified the chain twice; ask why",
    });
    expect(reviewed.review).toMatchObject({ status: "FLAGGED", by: "Sam Officer", overdue: false });
    await expect(
      (await request(officer2)).breakGlass.review({ sessionId: session.id, outcome: "ACKNOWLEDGED" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await eventsOf(session.id)).map((event) => event.action)).toEqual([
      "breakglass.opened",
      "breakglass.closed",
      "breakglass.reviewed",
    ]);
  });
});

describe("the webhook", () => {
  it("announces every transition: request, approval, open, extension, close, revocation, expiry", async () => {
    const sent: BreakGlassWebhookEvent[] = [];
    const webhook = { send: (event: BreakGlassWebhookEvent) => void sent.push(event), flush: async () => {} };
    const hooked = () => ({ ...deps(), webhook });
    const [a, b, c] = await Promise.all(
      ["Hook A", "Hook B", "Hook C"].map((name) =>
        createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"], name }),
      ),
    );
    const input = (scopes: string[]) => ({
      reasonCode: "INCIDENT_P1",
      justification: "Webhook coverage",
      scopes,
    });
    const requested = await openSession(hooked(), {
      ...actorOf(a as SessionUser),
      input: input(["admin:users"]),
    });
    const { decideRequest } = await import("./decide-request");
    const { extendSession } = await import("./extend-session");
    const { revokeSession } = await import("./end-session");
    await decideRequest(hooked(), { ...actorOf(officer), input: { sessionId: requested.id, approve: true } });
    const second = await openSession(hooked(), {
      ...actorOf(b as SessionUser),
      input: input(["audit:read"]),
    });
    await extendSession(hooked(), {
      ...actorOf(b as SessionUser),
      input: { sessionId: second.id, minutes: 5, reason: "more time" },
    });
    await revokeSession(hooked(), {
      ...actorOf(officer),
      input: { sessionId: second.id, note: "enough now" },
    });
    await closeSession(hooked(), { ...actorOf(a as SessionUser), input: { sessionId: requested.id } });
    const third = await openSession(hooked(), {
      ...actorOf(c as SessionUser),
      input: { ...input(["audit:read"]), durationMinutes: 1 },
    });
    clock.advance(MINUTE);
    await sweepSessions({ prisma: db.prisma, clock, webhook });
    const ours = new Set([requested.id, second.id, third.id]);
    const announced = sent.filter((event) => event.sessionId && ours.has(event.sessionId));
    expect(announced.map((event) => [event.type, event.sessionId])).toEqual([
      ["breakglass.requested", requested.id],
      ["breakglass.approved", requested.id],
      ["breakglass.opened", second.id],
      ["breakglass.extended", second.id],
      ["breakglass.revoked", second.id],
      ["breakglass.closed", requested.id],
      ["breakglass.opened", third.id],
      ["breakglass.expired", third.id],
    ]);
  });
});

describe("exactly one exit event", () => {
  it("under concurrent sweeps and lazy detection, from two clients", async () => {
    const users = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"], name: `Racer ${index}` }),
      ),
    );
    const sessions = [];
    for (const user of users) {
      sessions.push(
        await openSession(deps(), {
          ...actorOf(user),
          input: {
            reasonCode: "INCIDENT_P1",
            justification: "Racing to expire",
            scopes: ["audit:read"],
            durationMinutes: 1,
          },
        }),
      );
    }
    clock.advance(MINUTE);
    // a second "server instance": its own client (and connection pool) on the same PostgreSQL database
    let other: Database | null = null;
    if (db.kind === "postgres") other = await openDatabase(db.target);
    const instances = [db.prisma, other?.prisma ?? db.prisma];
    try {
      const results = await Promise.all([
        ...instances.flatMap((prisma) => [
          sweepSessions({ prisma, clock }),
          sweepSessions({ prisma, clock }),
        ]),
        ...users.map((user) => findActiveGrants(instances[1] ?? db.prisma, user.id, clock.now())),
        recordExpiries(
          { prisma: db.prisma, clock },
          { sessionIds: sessions.map((s) => s.id), detectedBy: "request" },
        ),
      ]);
      const grants = results.slice(4, 4 + users.length);
      expect(grants.every((list) => Array.isArray(list) && list.length === 0)).toBe(true);
      // every racer that reports a win won a different session: no exit was recorded twice
      const wins = [...results.slice(0, 4), results.at(-1)].flatMap((result) =>
        result && "expired" in result ? result.expired : [],
      );
      expect(new Set(wins).size).toBe(wins.length);
    } finally {
      await other?.close();
    }
    for (const session of sessions) {
      expect(await eventsOf(session.id, "breakglass.expired")).toHaveLength(1);
    }
    expect(await sweepSessions({ prisma: db.prisma, clock })).toEqual({ expired: [], lapsed: [] });
  });

  it("when the requester closes while an officer revokes: one of them wins, the other is told", async () => {
    const racer = await createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"], name: "Racer close" });
    const session = await openSession(deps(), {
      ...actorOf(racer),
      input: { reasonCode: "INCIDENT_P1", justification: "Close and revoke at once", scopes: ["audit:read"] },
    });
    const { revokeSession } = await import("./end-session");
    const outcomes = await Promise.allSettled([
      closeSession(deps(), { ...actorOf(racer), input: { sessionId: session.id } }),
      revokeSession(deps(), {
        ...actorOf(officer),
        input: { sessionId: session.id, note: "Cut it off now" },
      }),
      revokeSession(deps(), {
        ...actorOf(officer2),
        input: { sessionId: session.id, note: "Cut it off too" },
      }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ code: "CONFLICT" });
    }
    const exits = (await eventsOf(session.id)).filter((event) => event.action !== "breakglass.opened");
    expect(exits).toHaveLength(1);
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
  });
});
