// Password sign-in against a real database: what the account row and the audit log hold after each outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import type { Role } from "../authz/permissions";
import { manualClock } from "../lib/clock";
import { authenticatePassword, type PasswordPolicy } from "./authenticate-password";
import { hashPassword } from "./password";

let db: TestDatabase;
const clock = manualClock("2026-11-22T09:00:00.000Z");
const policy: PasswordPolicy = { maxFailures: 3, lockoutMinutes: 15, attemptsPerMinutePerIp: 1000 };
const PASSWORD = "correct horse battery staple";
const WRONG = "Tr0ub4dor&3-wrong";
let ipCounter = 0;

// Every test signs in from its own address so that the per-address throttle of one does not leak into another.
function newIp(): string {
  ipCounter += 1;
  return `10.1.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

let passwordHash: string;

async function createUser(
  email: string,
  options: { roles?: Role[]; disabled?: boolean; withPassword?: boolean } = {},
): Promise<string> {
  const user = await db.prisma.user.create({
    data: {
      email,
      name: email.split("@")[0] ?? email,
      roles: options.roles ?? ["RELEASE_ENGINEER"],
      disabled: options.disabled ?? false,
      passwordHash: options.withPassword === false ? null : passwordHash,
    },
    select: { id: true },
  });
  return user.id;
}

function attempt(
  email: string,
  password: string,
  extra: { ip?: string; reauthentication?: boolean; limit?: number } = {},
) {
  return authenticatePassword(db.prisma, {
    email,
    password,
    request: { ip: extra.ip ?? newIp(), userAgent: "vitest", requestId: "req_test" },
    clock,
    reauthentication: extra.reauthentication ?? false,
    policy: extra.limit ? { ...policy, attemptsPerMinutePerIp: extra.limit } : policy,
  });
}

async function account(id: string) {
  return db.prisma.user.findUniqueOrThrow({
    where: { id },
    select: { failedLoginCount: true, lockedUntil: true, lastLoginAt: true },
  });
}

async function eventsFor(subjectId: string | null, identifier?: string) {
  const rows = await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
  return rows
    .filter((row) => row.subjectId === subjectId)
    .filter(
      (row) => identifier === undefined || (row.payload as { identifier?: string }).identifier === identifier,
    )
    .map((row) => ({ action: row.action, actorId: row.actorId, payload: row.payload, ip: row.ip }));
}

beforeAll(async () => {
  db = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => {
  await db.close();
});

describe("a correct password", () => {
  it("signs the user in, records the time and audits auth.sign_in by the user", async () => {
    const id = await createUser("alice@example.test", { roles: ["RELEASE_ENGINEER", "AUDITOR"] });
    const ip = newIp();
    const result = await attempt("alice@example.test", PASSWORD, { ip });
    expect(result).toEqual({
      ok: true,
      user: { id, name: "alice", email: "alice@example.test", roles: ["RELEASE_ENGINEER", "AUDITOR"] },
    });
    expect(await account(id)).toEqual({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: clock.now() });
    expect(await eventsFor(id)).toEqual([
      {
        action: "auth.sign_in",
        actorId: id,
        ip,
        payload: { type: "auth.sign_in", method: "password", reauthentication: false },
      },
    ]);
  });

  it("matches the email whatever its case and surrounding spaces", async () => {
    const id = await createUser("bob@example.test");
    const result = await attempt("  Bob@Example.TEST ", PASSWORD);
    expect(result.ok && result.user.id).toBe(id);
  });

  it("records a re-authentication as such", async () => {
    const id = await createUser("carol@example.test");
    await attempt("carol@example.test", PASSWORD, { reauthentication: true });
    expect((await eventsFor(id)).map((event) => event.payload)).toEqual([
      { type: "auth.sign_in", method: "password", reauthentication: true },
    ]);
  });

  it("resets the failure count, so only consecutive failures lock", async () => {
    const id = await createUser("dave@example.test");
    await attempt("dave@example.test", WRONG);
    await attempt("dave@example.test", WRONG);
    expect((await account(id)).failedLoginCount).toBe(2);
    expect((await attempt("dave@example.test", PASSWORD)).ok).toBe(true);
    expect((await account(id)).failedLoginCount).toBe(0);
    await attempt("dave@example.test", WRONG);
    await attempt("dave@example.test", WRONG);
    expect((await attempt("dave@example.test", PASSWORD)).ok).toBe(true);
  });
});

describe("a wrong password or unknown email", () => {
  it("is refused as bad_credentials, counted on the account and audited with the email typed", async () => {
    const id = await createUser("erin@example.test");
    expect(await attempt("Erin@example.test", WRONG)).toEqual({ ok: false, reason: "bad_credentials" });
    expect(await account(id)).toMatchObject({ failedLoginCount: 1, lastLoginAt: null });
    expect(await eventsFor(id)).toEqual([
      {
        action: "auth.sign_in_failed",
        actorId: null,
        ip: expect.any(String),
        payload: {
          type: "auth.sign_in_failed",
          method: "password",
          reason: "bad_credentials",
          identifier: "erin@example.test",
        },
      },
    ]);
  });

  it("refuses an unknown email the same way, without creating anything", async () => {
    const before = await db.prisma.user.count();
    expect(await attempt("nobody@example.test", PASSWORD)).toEqual({ ok: false, reason: "bad_credentials" });
    expect(await db.prisma.user.count()).toBe(before);
    expect((await eventsFor(null, "nobody@example.test")).map((event) => event.payload)).toEqual([
      {
        type: "auth.sign_in_failed",
        method: "password",
        reason: "bad_credentials",
        identifier: "nobody@example.test",
      },
    ]);
  });

  it("refuses an account that has no password (identity-provider users)", async () => {
    await createUser("sso-only@example.test", { withPassword: false });
    expect(await attempt("sso-only@example.test", "")).toEqual({ ok: false, reason: "bad_credentials" });
    expect(await attempt("sso-only@example.test", PASSWORD)).toEqual({
      ok: false,
      reason: "bad_credentials",
    });
  });

  it("refuses an absurdly long email or password without looking it up", async () => {
    await createUser("frank@example.test");
    expect(await attempt("frank@example.test", "x".repeat(5000))).toEqual({
      ok: false,
      reason: "bad_credentials",
    });
    expect(await attempt(`${"f".repeat(300)}@example.test`, PASSWORD)).toEqual({
      ok: false,
      reason: "bad_credentials",
    });
  });
});

describe("lockout", () => {
  it("locks the account on the Nth consecutive failure, refuses even the right password, and lifts after M minutes", async () => {
    const id = await createUser("grace@example.test");
    const start = clock.now();
    expect((await attempt("grace@example.test", WRONG)).ok).toBe(false);
    expect(await attempt("grace@example.test", WRONG)).toEqual({ ok: false, reason: "bad_credentials" });
    expect(await attempt("grace@example.test", WRONG)).toEqual({ ok: false, reason: "locked" });

    const until = new Date(start.getTime() + 15 * 60_000);
    expect(await account(id)).toMatchObject({ lockedUntil: until, failedLoginCount: 0 });
    expect(await attempt("grace@example.test", PASSWORD)).toEqual({ ok: false, reason: "locked" });

    clock.advance(15 * 60_000 - 1);
    expect(await attempt("grace@example.test", PASSWORD)).toEqual({ ok: false, reason: "locked" });
    clock.advance(1);
    expect((await attempt("grace@example.test", PASSWORD)).ok).toBe(true);
    expect(await account(id)).toMatchObject({
      lockedUntil: null,
      failedLoginCount: 0,
      lastLoginAt: clock.now(),
    });

    const trail = (await eventsFor(id)).map((event) => event.payload);
    expect(trail).toEqual([
      {
        type: "auth.sign_in_failed",
        method: "password",
        reason: "bad_credentials",
        identifier: "grace@example.test",
      },
      {
        type: "auth.sign_in_failed",
        method: "password",
        reason: "bad_credentials",
        identifier: "grace@example.test",
      },
      {
        type: "auth.sign_in_failed",
        method: "password",
        reason: "bad_credentials",
        identifier: "grace@example.test",
      },
      { type: "auth.account_locked", failures: 3, until: until.toISOString() },
      { type: "auth.sign_in_failed", method: "password", reason: "locked", identifier: "grace@example.test" },
      { type: "auth.sign_in_failed", method: "password", reason: "locked", identifier: "grace@example.test" },
      { type: "auth.sign_in", method: "password", reauthentication: false },
    ]);
  });

  it("locks exactly once when wrong passwords arrive in parallel", async () => {
    const id = await createUser("heidi@example.test");
    const results = await Promise.all(Array.from({ length: 6 }, () => attempt("heidi@example.test", WRONG)));
    expect(
      results.filter((result) => !result.ok && result.reason === "locked").length,
    ).toBeGreaterThanOrEqual(1);
    const actions = (await eventsFor(id)).map((event) => event.action);
    expect(actions.filter((action) => action === "auth.account_locked")).toHaveLength(1);
    // three counted failures started the lock; the other three were refused as locked without being counted
    expect(actions.filter((action) => action === "auth.sign_in_failed")).toHaveLength(6);
    expect((await account(id)).lockedUntil).not.toBeNull();
  });
});

describe("accounts that may not sign in", () => {
  it("refuses a disabled account with the right password as disabled, and with a wrong one as bad_credentials", async () => {
    const id = await createUser("ivan@example.test", { disabled: true });
    expect(await attempt("ivan@example.test", WRONG)).toEqual({ ok: false, reason: "bad_credentials" });
    expect(await attempt("ivan@example.test", PASSWORD)).toEqual({ ok: false, reason: "disabled" });
    expect((await account(id)).lastLoginAt).toBeNull();
    expect((await eventsFor(id)).map((event) => event.payload)).toContainEqual({
      type: "auth.sign_in_failed",
      method: "password",
      reason: "disabled",
      identifier: "ivan@example.test",
    });
  });

  it("refuses an account without any role as no_roles", async () => {
    const id = await createUser("judy@example.test", { roles: [] });
    expect(await attempt("judy@example.test", PASSWORD)).toEqual({ ok: false, reason: "no_roles" });
    expect((await account(id)).lastLoginAt).toBeNull();
    expect((await eventsFor(id)).map((event) => event.action)).toEqual(["auth.sign_in_failed"]);
  });
});

describe("per-address throttle", () => {
  it("refuses further attempts from an address after the limit of failures in a minute, even with the right password", async () => {
    await createUser("mallory-target@example.test");
    const ip = newIp();
    const otherIp = newIp();
    for (let i = 0; i < 3; i += 1) {
      expect(await attempt("unknown@example.test", WRONG, { ip, limit: 3 })).toEqual({
        ok: false,
        reason: "bad_credentials",
      });
    }
    expect(await attempt("mallory-target@example.test", PASSWORD, { ip, limit: 3 })).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    expect((await attempt("mallory-target@example.test", PASSWORD, { ip: otherIp, limit: 3 })).ok).toBe(true);

    const refused = await db.prisma.auditEvent.findMany({
      where: { ip, action: "auth.sign_in_failed" },
      orderBy: { seq: "asc" },
    });
    expect(refused.map((row) => (row.payload as { reason: string }).reason)).toEqual([
      "bad_credentials",
      "bad_credentials",
      "bad_credentials",
      "rate_limited",
    ]);

    // the next fixed window starts fresh
    clock.set(new Date((Math.floor(clock.now().getTime() / 60_000) + 1) * 60_000));
    expect((await attempt("mallory-target@example.test", PASSWORD, { ip, limit: 3 })).ok).toBe(true);
  });

  it("does not count successful sign-ins, so many people behind one address can sign in", async () => {
    await createUser("nat-user@example.test");
    const ip = newIp();
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt("nat-user@example.test", PASSWORD, { ip, limit: 2 })).ok).toBe(true);
    }
    const row = await db.prisma.loginThrottle.findUniqueOrThrow({ where: { key: `ip:${ip}` } });
    expect(row.attempts).toBe(0);
  });

  it("holds under a parallel burst: no more than the limit get through to a password check", async () => {
    await createUser("burst@example.test");
    const ip = newIp();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => attempt("burst@example.test", WRONG, { ip, limit: 3 })),
    );
    const reasons = results.map((result) => (result.ok ? "ok" : result.reason));
    expect(reasons.filter((reason) => reason === "rate_limited")).toHaveLength(5);
    // one audit event says the limit was hit; the other four refusals do not fill the log
    const audited = await db.prisma.auditEvent.findMany({ where: { ip, action: "auth.sign_in_failed" } });
    expect(
      audited.filter((row) => (row.payload as { reason: string }).reason === "rate_limited"),
    ).toHaveLength(1);
  });

  it("forgets addresses whose windows are long over", async () => {
    const ip = newIp();
    expect((await attempt("nobody@example.test", WRONG, { ip, limit: 3 })).ok).toBe(false);
    expect(await db.prisma.loginThrottle.count({ where: { key: `ip:${ip}` } })).toBe(1);
    clock.advance(10 * 60_000);
    expect((await attempt("nobody@example.test", WRONG, { ip: newIp(), limit: 3 })).ok).toBe(false);
    expect(await db.prisma.loginThrottle.count({ where: { key: `ip:${ip}` } })).toBe(0);
  });
});

describe("secrets", () => {
  it("never writes a password into the audit log or the throttle table", async () => {
    const rows = await db.prisma.auditEvent.findMany();
    expect(rows.length).toBeGreaterThan(20);
    const everything = JSON.stringify(rows, (_key, value) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(WRONG);
    expect(everything).not.toContain('password":');
    const throttle = JSON.stringify(await db.prisma.loginThrottle.findMany());
    expect(throttle).not.toContain(PASSWORD);
  });
});
