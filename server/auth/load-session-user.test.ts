// The per-request user lookup: disabled or role-less users are signed out at once, and the bootstrap break-glass
// account is signed out the moment its console-given time is up, before any sweeper runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import {
  BOOTSTRAP_EMAIL,
  enableBootstrapAccount,
  sealBootstrapAccount,
} from "../breakglass/offline/bootstrap-account";
import { authenticateOffline } from "../breakglass/offline/offline-sign-in";
import { manualClock } from "../lib/clock";
import { type ClaimedSession, loadSessionUser } from "./load-session-user";

const clock = manualClock("2026-12-01T10:00:00.000Z");
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"] });
});
afterAll(async () => {
  await db.close();
});

const claimedNow = (id: string): ClaimedSession => ({
  id,
  authTime: Math.floor(clock.now().getTime() / 1000),
  authMethod: "password",
});
const load = (claimed: ClaimedSession | undefined) =>
  loadSessionUser(db.prisma, { claimed, now: clock.now() });

describe("an ordinary user", () => {
  it("is loaded with the database's roles, and signed out once disabled or left without roles", async () => {
    const user = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"] });
    expect(await load(claimedNow(user.id))).toMatchObject({ id: user.id, roles: ["RELEASE_ENGINEER"] });
    await db.prisma.user.update({ where: { id: user.id }, data: { roles: [] } });
    expect(await load(claimedNow(user.id))).toBeNull();
    await db.prisma.user.update({ where: { id: user.id }, data: { roles: ["AUDITOR"], disabled: true } });
    expect(await load(claimedNow(user.id))).toBeNull();
  });

  it("is nobody for a missing or malformed token", async () => {
    expect(await load(undefined)).toBeNull();
    expect(await load({ id: "not-a-uuid", authTime: 1, authMethod: "password" })).toBeNull();
  });
});

describe("the bootstrap break-glass account", () => {
  const deps = () => ({ prisma: db.prisma, clock });
  const signIn = async (password: string) => {
    const result = await authenticateOffline(db.prisma, {
      email: BOOTSTRAP_EMAIL,
      password,
      request: { requestId: "req_bootstrap", ip: null, userAgent: null },
      clock,
      localAccounts: () => [],
      idpReachable: undefined,
    });
    if (!result?.ok) throw new Error(`bootstrap sign-in failed: ${JSON.stringify(result)}`);
    return claimedNow(result.user.id);
  };

  it("is signed out on the very next request after its deadline, without waiting for the sweeper", async () => {
    const enabled = await enableBootstrapAccount(deps(), {
      minutes: 30,
      roles: ["ADMIN"],
      operator: "Olga Ops",
    });
    const token = await signIn(enabled.password);
    expect(await load(token)).toMatchObject({ email: BOOTSTRAP_EMAIL, roles: ["ADMIN"] });

    clock.set(new Date(enabled.until.getTime() - 1));
    expect(await load(token)).not.toBeNull();
    clock.set(enabled.until);
    expect(await load(token)).toBeNull();
    // nothing has sealed it yet: the user row is still enabled, the deadline alone decides
    expect((await db.prisma.user.findUniqueOrThrow({ where: { email: BOOTSTRAP_EMAIL } })).disabled).toBe(
      false,
    );

    // the sweeper still seals and audits it, once
    clock.advance(30_000);
    expect(await sealBootstrapAccount(deps(), { operator: "expiry", onlyIfExpired: true })).toBe(true);
    expect(await sealBootstrapAccount(deps(), { operator: "expiry", onlyIfExpired: true })).toBe(false);
    expect(await db.prisma.auditEvent.count({ where: { action: "breakglass.bootstrap_disabled" } })).toBe(1);
    expect(await load(token)).toBeNull();
  });

  it("does not bring an old window's token back when the console enables the account again", async () => {
    clock.advance(60 * 60_000);
    const first = await enableBootstrapAccount(deps(), {
      minutes: 10,
      roles: ["ADMIN"],
      operator: "Olga Ops",
    });
    const oldToken = await signIn(first.password);
    await sealBootstrapAccount(deps(), { operator: "Olga Ops" });
    expect(await load(oldToken)).toBeNull();

    clock.advance(5 * 60_000);
    const second = await enableBootstrapAccount(deps(), {
      minutes: 10,
      roles: ["ADMIN"],
      operator: "Olga Ops",
    });
    expect(await load(oldToken)).toBeNull();
    const newToken = await signIn(second.password);
    expect(await load(newToken)).toMatchObject({ email: BOOTSTRAP_EMAIL });
  });
});
