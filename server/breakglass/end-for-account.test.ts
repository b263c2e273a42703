// Account changes during break-glass: disabling the user, or taking away every role that may open break-glass,
// ends their active sessions (revoked) and pending requests (rejected) in the same transaction, once; a role change
// that leaves them allowed keeps the session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { findActiveGrants } from "../authz/extra-grants";
import { manualClock } from "../lib/clock";
import type { SessionUser } from "../trpc/context";
import { setUserDisabled } from "../users/set-user-disabled";
import { updateUser } from "../users/update-user";
import { revokeSession } from "./end-session";
import { enableBootstrapAccount, sealBootstrapAccount } from "./offline/bootstrap-account";
import { openSession } from "./open-session";
import { parseBreakGlassPolicy } from "./policy-config";
import type { BreakGlassWebhookEvent } from "./webhook";

const MINUTE = 60_000;
const clock = manualClock("2026-12-01T10:00:00.000Z");
const policy = parseBreakGlassPolicy({});
let db: TestDatabase;
let admin: SessionUser;
let officer: SessionUser;
const sent: BreakGlassWebhookEvent[] = [];
const webhook = { send: (event: BreakGlassWebhookEvent) => void sent.push(event), flush: async () => {} };

beforeAll(async () => {
  db = await createTestDatabase();
  admin = await createTestUser(db.prisma, { roles: ["ADMIN"], name: "Ada Admin" });
  officer = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Officer" });
});
afterAll(async () => {
  await db.close();
});

const deps = () => ({ prisma: db.prisma, clock, policy, webhook });
const actorOf = (user: SessionUser) => ({ id: user.id, name: user.name, roles: user.roles });

async function openFor(user: SessionUser, scopes: string[]) {
  return openSession(deps(), {
    actor: actorOf(user),
    input: {
      reasonCode: "INCIDENT_P1",
      justification: "Checkout is down",
      scopes,
      durationMinutes: 15,
    },
  });
}

const exitEvents = (sessionId: string) =>
  db.prisma.auditEvent.findMany({
    where: {
      subjectType: "breakglass_session",
      subjectId: sessionId,
      action: {
        in: ["breakglass.revoked", "breakglass.closed", "breakglass.expired", "breakglass.rejected"],
      },
    },
  });

describe("disabling a user during break-glass", () => {
  it("revokes the active session and rejects the pending request, recorded once", async () => {
    const responder = await createTestUser(db.prisma, {
      roles: ["INCIDENT_RESPONDER"],
      name: "Ian Responder",
    });
    const requester = await createTestUser(db.prisma, {
      roles: ["INCIDENT_RESPONDER"],
      name: "Iris Requester",
    });
    const active = await openFor(responder, ["audit:verify"]);
    const pending = await openFor(requester, ["admin:users"]);
    expect([active.status, pending.status]).toEqual(["ACTIVE", "PENDING"]);

    clock.advance(MINUTE);
    for (const user of [responder, requester]) {
      await setUserDisabled(db.prisma, {
        actor: actorOf(admin),
        clock,
        input: { userId: user.id, disabled: true },
        breakGlassWebhook: webhook,
      });
    }

    const rows = await db.prisma.breakGlassSession.findMany({
      where: { requesterId: { in: [responder.id, requester.id] } },
      orderBy: { requestedAt: "asc" },
    });
    expect(rows.map((row) => [row.id, row.status])).toEqual([
      [active.id, "REVOKED"],
      [pending.id, "REJECTED"],
    ]);
    expect(rows[0]).toMatchObject({
      endNote: "account disabled",
      endedByName: "Ada Admin",
      endedAt: clock.now(),
      reviewStatus: "PENDING",
    });
    expect(await findActiveGrants(db.prisma, responder.id, clock.now())).toEqual([]);
    const [exit] = await exitEvents(active.id);
    expect(exit).toMatchObject({ action: "breakglass.revoked", payload: { note: "account disabled" } });
    expect(await exitEvents(pending.id)).toHaveLength(1);
    const exitsSent = sent.filter((event) => /revoked|rejected/.test(event.type));
    expect(exitsSent.map((event) => [event.type, event.sessionId])).toEqual([
      ["breakglass.revoked", active.id],
      ["breakglass.rejected", pending.id],
    ]);
    const notice = await db.prisma.notification.findFirst({
      where: { recipientId: officer.id, link: `/break-glass/${active.id}` },
      orderBy: { createdAt: "desc" },
    });
    expect(notice?.title).toBe("Break-glass session of Ian Responder revoked: account disabled");

    // disabling again, or enabling and disabling once more, finds nothing left to end
    for (const disabled of [true, false, true]) {
      await setUserDisabled(db.prisma, {
        actor: actorOf(admin),
        clock,
        input: { userId: responder.id, disabled },
      });
    }
    expect(await exitEvents(active.id)).toHaveLength(1);
  });

  it("and a security officer revoking at the same moment: exactly one exit event", async () => {
    const responder = await createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"] });
    const session = await openFor(responder, ["audit:verify"]);
    const results = await Promise.allSettled([
      setUserDisabled(db.prisma, {
        actor: actorOf(admin),
        clock,
        input: { userId: responder.id, disabled: true },
      }),
      revokeSession(deps(), { actor: actorOf(officer), input: { sessionId: session.id, note: "Enough" } }),
    ]);
    // disabling always succeeds; the officer's revocation may find the session already ended
    expect(results[0].status).toBe("fulfilled");
    expect(await exitEvents(session.id)).toHaveLength(1);
  });

  it("leaves an expired session to the expiry recording", async () => {
    const responder = await createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"] });
    const session = await openFor(responder, ["audit:verify"]);
    clock.advance(16 * MINUTE);
    await setUserDisabled(db.prisma, {
      actor: actorOf(admin),
      clock,
      input: { userId: responder.id, disabled: true },
    });
    expect(await exitEvents(session.id)).toEqual([]);
    expect((await db.prisma.breakGlassSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe(
      "ACTIVE",
    );
  });
});

describe("changing a user's roles during break-glass", () => {
  it("keeps the session while the user may still open break-glass, revokes it once they may not", async () => {
    const responder = await createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"] });
    const session = await openFor(responder, ["audit:verify"]);
    const change = (roles: SessionUser["roles"]) =>
      updateUser(db.prisma, { actor: actorOf(admin), clock, input: { userId: responder.id, roles } });

    await change(["INCIDENT_RESPONDER", "AUDITOR"]);
    expect(await findActiveGrants(db.prisma, responder.id, clock.now())).toHaveLength(1);
    expect(await exitEvents(session.id)).toEqual([]);

    await change(["AUDITOR"]);
    expect(await findActiveGrants(db.prisma, responder.id, clock.now())).toEqual([]);
    const exits = await exitEvents(session.id);
    expect(exits.map((event) => [event.action, event.payload])).toEqual([
      [
        "breakglass.revoked",
        { type: "breakglass.revoked", note: "roles changed: no longer allowed to open break-glass" },
      ],
    ]);
    await change(["RELEASE_ENGINEER"]);
    expect(await exitEvents(session.id)).toHaveLength(1);
  });
});

describe("sealing the bootstrap account", () => {
  it("revokes break-glass sessions its user opened", async () => {
    const enabled = await enableBootstrapAccount(
      { prisma: db.prisma, clock },
      { minutes: 10, roles: ["INCIDENT_RESPONDER"], operator: "Olga Ops" },
    );
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: enabled.email } });
    const session = await openFor(
      {
        id: user.id,
        name: user.name,
        email: user.email,
        roles: user.roles,
        authTime: clock.now(),
        authMethod: "password",
      },
      ["audit:verify"],
    );
    clock.advance(10 * MINUTE);
    expect(
      await sealBootstrapAccount({ prisma: db.prisma, clock }, { operator: "expiry", onlyIfExpired: true }),
    ).toBe(true);
    const [exit] = await exitEvents(session.id);
    expect(exit).toMatchObject({
      action: "breakglass.revoked",
      actorName: "system",
      payload: { note: "account disabled" },
    });
  });
});
