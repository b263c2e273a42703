// Changing accounts through the users router against a real database: roles and names, disable and enable,
// unlock, password reset, and the policy's refusals, each of which must leave the database as it was.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { authenticatePassword } from "../auth/authenticate-password";
import { hashPassword } from "../auth/password";
import type { Role } from "../authz/permissions";
import { manualClock } from "../lib/clock";
import type { SessionUser } from "../trpc/context";
import { createCaller } from "../trpc/root";

const PASSWORD = "the original passphrase";
const clock = manualClock("2026-11-22T09:00:00.000Z");
let db: TestDatabase;
let passwordHash: string;
let admin: SessionUser;
let accounts = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  passwordHash = await hashPassword(PASSWORD);
  admin = await sessionFor(await account({ roles: ["ADMIN"], name: "Alma Admin" }));
});
afterAll(async () => {
  await db.close();
});

type AccountOptions = { roles: Role[]; name?: string; sso?: boolean; password?: boolean; disabled?: boolean };

async function account(options: AccountOptions): Promise<string> {
  accounts += 1;
  const row = await db.prisma.user.create({
    data: {
      email: `user${accounts}@example.test`,
      name: options.name ?? `User ${accounts}`,
      roles: options.roles,
      disabled: options.disabled ?? false,
      passwordHash: options.sso || options.password === false ? null : passwordHash,
      ...(options.sso ? { oidcIssuer: "https://idp.example.test", oidcSubject: `sub-${accounts}` } : {}),
    },
    select: { id: true },
  });
  return row.id;
}

async function sessionFor(id: string): Promise<SessionUser> {
  const row = await db.prisma.user.findUniqueOrThrow({ where: { id } });
  return {
    id,
    name: row.name,
    email: row.email,
    roles: row.roles,
    authTime: clock.now(),
    authMethod: "password",
  };
}

const caller = (user: SessionUser = admin, extraGrants: Parameters<typeof contextFor>[2] = {}) =>
  createCaller(contextFor(db.prisma, user, { clock, ...extraGrants }));

/** Everything a refusal must not have touched: every account row and the number of audit events. */
async function snapshot() {
  return {
    users: await db.prisma.user.findMany({ orderBy: { id: "asc" }, omit: { passwordHash: false } }),
    events: await db.prisma.auditEvent.count(),
  };
}

/** `call` is started only after the snapshot: a promise already rejecting meanwhile would go unhandled. */
async function refusedWith(call: () => Promise<unknown>, code: TRPCError["code"], message: RegExp) {
  const before = await snapshot();
  const error = await call().then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  expect((error as TRPCError).message).toMatch(message);
  expect(await snapshot()).toEqual(before);
}

async function lastEventFor(userId: string) {
  return db.prisma.auditEvent.findFirst({ where: { subjectId: userId }, orderBy: { seq: "desc" } });
}

function signIn(email: string, password: string) {
  return authenticatePassword(db.prisma, {
    email,
    password,
    request: { ip: "10.9.0.2", userAgent: "vitest", requestId: "req_signin" },
    clock,
    reauthentication: false,
    policy: { maxFailures: 3, lockoutMinutes: 15, attemptsPerMinutePerIp: 1000 },
  });
}

describe("roles and name", () => {
  it("changes both and audits each field's before and after", async () => {
    const id = await account({ roles: ["AUDITOR"], name: "Old Name" });
    const updated = await caller().users.update({
      userId: id,
      name: "New Name",
      roles: ["RELEASE_ENGINEER", "AUDITOR"],
    });
    expect(updated).toMatchObject({ name: "New Name", roles: ["RELEASE_ENGINEER", "AUDITOR"] });
    expect(await lastEventFor(id)).toMatchObject({
      action: "user.updated",
      actorId: admin.id,
      payload: {
        type: "user.updated",
        changes: [
          { field: "name", from: "Old Name", to: "New Name" },
          { field: "roles", from: ["AUDITOR"], to: ["RELEASE_ENGINEER", "AUDITOR"] },
        ],
      },
    });
  });

  it("writes and records nothing when nothing changes", async () => {
    const id = await account({ roles: ["AUDITOR"], name: "Same" });
    const before = await snapshot();
    await caller().users.update({ userId: id, name: "Same", roles: ["AUDITOR"] });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an administrator removing their own Administrator role", async () => {
    await account({ roles: ["ADMIN"] }); // another administrator exists: the rule is about oneself
    await refusedWith(
      () => caller().users.update({ userId: admin.id, roles: ["AUDITOR"] }),
      "PRECONDITION_FAILED",
      /cannot remove your own Administrator role/,
    );
  });

  it("refuses changing the roles of an identity-provider account, saying where to change them", async () => {
    const id = await account({ roles: ["AUDITOR"], sso: true });
    await refusedWith(
      () => caller().users.update({ userId: id, roles: ["ADMIN"] }),
      "PRECONDITION_FAILED",
      /identity provider.*change its groups there/,
    );
  });

  it("answers NOT_FOUND for an account that does not exist", async () => {
    await refusedWith(
      () => caller().users.update({ userId: crypto.randomUUID(), name: "Ghost" }),
      "NOT_FOUND",
      /No such account/,
    );
  });
});

describe("disable and enable", () => {
  it("a disabled account is refused at sign-in, and can sign in again once enabled", async () => {
    const id = await account({ roles: ["AUDITOR"] });
    const { email } = await db.prisma.user.findUniqueOrThrow({ where: { id } });
    expect((await signIn(email, PASSWORD)).ok).toBe(true);

    const disabled = await caller().users.setDisabled({ userId: id, disabled: true });
    expect(disabled.status).toBe("disabled");
    expect(await lastEventFor(id)).toMatchObject({
      action: "user.disabled",
      payload: { type: "user.disabled", email },
    });
    expect(await signIn(email, PASSWORD)).toEqual({ ok: false, reason: "disabled" });

    const enabled = await caller().users.setDisabled({ userId: id, disabled: false });
    expect(enabled.status).toBe("active");
    expect(await lastEventFor(id)).toMatchObject({ action: "user.enabled" });
    expect((await signIn(email, PASSWORD)).ok).toBe(true);
  });

  it("disabling an account that is already disabled records nothing", async () => {
    const id = await account({ roles: ["AUDITOR"], disabled: true });
    const before = await snapshot();
    expect((await caller().users.setDisabled({ userId: id, disabled: true })).status).toBe("disabled");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an administrator disabling themselves", async () => {
    await refusedWith(
      () => caller().users.setDisabled({ userId: admin.id, disabled: true }),
      "PRECONDITION_FAILED",
      /cannot disable your own account/,
    );
  });
});

describe("the last active administrator", () => {
  // Someone holding admin:users through a break-glass grant, not the ADMIN role: the only way, besides the
  // console, that anyone but the last administrator themselves could try this.
  async function responderWithGrant() {
    const responder = await sessionFor(await account({ roles: ["INCIDENT_RESPONDER"] }));
    return caller(responder, {
      extraGrants: [
        {
          permission: "admin:users",
          expiresAt: new Date(clock.now().getTime() + 3_600_000),
          source: { kind: "break-glass", sessionId: "bg-1" },
        },
      ],
    });
  }

  it("cannot be demoted nor disabled; once another administrator exists, can", async () => {
    // leave exactly one active administrator: the test's own admin
    await db.prisma.user.updateMany({
      where: { id: { not: admin.id }, roles: { has: "ADMIN" } },
      data: { disabled: true },
    });
    const other = await responderWithGrant();
    await refusedWith(
      () => other.users.update({ userId: admin.id, roles: ["AUDITOR"] }),
      "PRECONDITION_FAILED",
      /last active administrator/,
    );
    await refusedWith(
      () => other.users.setDisabled({ userId: admin.id, disabled: true }),
      "PRECONDITION_FAILED",
      /last active administrator/,
    );

    const second = await account({ roles: ["ADMIN"] });
    await other.users.update({ userId: second, roles: ["AUDITOR"] });
    await refusedWith(
      () => other.users.update({ userId: admin.id, roles: ["AUDITOR"] }),
      "PRECONDITION_FAILED",
      /last active administrator/,
    );
    await other.users.update({ userId: second, roles: ["ADMIN"] });
    expect((await other.users.setDisabled({ userId: admin.id, disabled: true })).status).toBe("disabled");
    await other.users.setDisabled({ userId: admin.id, disabled: false });
  });
});

describe("unlock", () => {
  it("clears a running lockout and the failure count, and the owner can sign in at once", async () => {
    const id = await account({ roles: ["AUDITOR"] });
    const { email } = await db.prisma.user.findUniqueOrThrow({ where: { id } });
    for (let i = 0; i < 3; i += 1) await signIn(email, "wrong password!");
    expect(await signIn(email, PASSWORD)).toEqual({ ok: false, reason: "locked" });
    const locked = await caller().users.get({ userId: id });
    expect(locked.status).toBe("locked");
    expect(locked.lockedUntil).toEqual(new Date(clock.now().getTime() + 15 * 60_000));

    const unlocked = await caller().users.unlock({ userId: id });
    expect(unlocked).toMatchObject({ status: "active", lockedUntil: null, failedLoginCount: 0 });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id } })).toMatchObject({
      lockedUntil: null,
      failedLoginCount: 0,
    });
    expect(await lastEventFor(id)).toMatchObject({
      action: "user.unlocked",
      actorId: admin.id,
      payload: { lockedUntil: locked.lockedUntil?.toISOString(), failedLoginCount: 0 },
    });
    expect((await signIn(email, PASSWORD)).ok).toBe(true);
  });

  it("clears failures short of a lock too, and records nothing when there is nothing to clear", async () => {
    const id = await account({ roles: ["AUDITOR"] });
    const { email } = await db.prisma.user.findUniqueOrThrow({ where: { id } });
    await signIn(email, "wrong password!");
    await caller().users.unlock({ userId: id });
    expect(await lastEventFor(id)).toMatchObject({ payload: { lockedUntil: null, failedLoginCount: 1 } });

    const before = await snapshot();
    await caller().users.unlock({ userId: id });
    expect(await snapshot()).toEqual(before);
  });
});

describe("password reset", () => {
  it("sets a new password: the old one stops working, the new one works, neither is recorded", async () => {
    const id = await account({ roles: ["AUDITOR"] });
    const { email } = await db.prisma.user.findUniqueOrThrow({ where: { id } });
    const NEW_PASSWORD = "a brand new passphrase";
    await caller().users.resetPassword({ userId: id, password: NEW_PASSWORD });
    expect(await signIn(email, PASSWORD)).toEqual({ ok: false, reason: "bad_credentials" });
    expect((await signIn(email, NEW_PASSWORD)).ok).toBe(true);
    const event = await db.prisma.auditEvent.findFirstOrThrow({
      where: { subjectId: id, action: "user.password_reset" },
    });
    expect(event.payload).toEqual({ type: "user.password_reset", email });
  });

  it("refuses identity-provider accounts and accounts without a password", async () => {
    const sso = await account({ roles: ["AUDITOR"], sso: true });
    const none = await account({ roles: ["AUDITOR"], password: false });
    for (const userId of [sso, none]) {
      await refusedWith(
        () => caller().users.resetPassword({ userId, password: "a brand new passphrase" }),
        "PRECONDITION_FAILED",
        /no password/,
      );
    }
  });

  it("refuses a short password with a field message", async () => {
    const id = await account({ roles: ["AUDITOR"] });
    await refusedWith(
      () => caller().users.resetPassword({ userId: id, password: "short" }),
      "BAD_REQUEST",
      /12 characters/,
    );
  });
});
