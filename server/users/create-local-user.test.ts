// Creating local accounts through the users router (as the admin UI does) and the service (as the CLI does):
// what the database and the audit log hold afterwards, and that the new account can really sign in.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { authenticatePassword } from "../auth/authenticate-password";
import { systemClock } from "../lib/clock";
import type { SessionUser } from "../trpc/context";
import { fieldErrorsOf } from "../trpc/errors";
import { createCaller } from "../trpc/root";
import { createLocalUser } from "./create-local-user";

const PASSWORD = "a long enough passphrase";

let db: TestDatabase;
let admin: SessionUser;

beforeAll(async () => {
  db = await createTestDatabase();
  admin = await createTestUser(db.prisma, { roles: ["ADMIN"], name: "Alma Admin" });
});
afterAll(async () => {
  await db.close();
});

const caller = (user: SessionUser = admin) => createCaller(contextFor(db.prisma, user));

async function counts() {
  return { users: await db.prisma.user.count(), events: await db.prisma.auditEvent.count() };
}

async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

function signIn(email: string, password: string) {
  return authenticatePassword(db.prisma, {
    email,
    password,
    request: { ip: "10.9.0.1", userAgent: "vitest", requestId: "req_signin" },
    clock: systemClock,
    reauthentication: false,
    policy: { maxFailures: 5, lockoutMinutes: 15, attemptsPerMinutePerIp: 1000 },
  });
}

describe("an administrator creates a local account", () => {
  it("is listed, audited without the password, and signs in with that password", async () => {
    const created = await caller().users.create({
      email: "  New.Auditor@Example.test ",
      name: "  Nia Auditor ",
      roles: ["AUDITOR"],
      password: PASSWORD,
    });
    expect(created).toMatchObject({
      email: "new.auditor@example.test",
      name: "Nia Auditor",
      roles: ["AUDITOR"],
      signInMethod: "password",
      status: "active",
      lastLoginAt: null,
    });
    expect(JSON.stringify(created)).not.toMatch(/passwordHash|scrypt|a long enough passphrase/);

    const listed = await caller().users.list({ filters: { search: "new.auditor" } });
    expect(listed.users.map((user) => user.id)).toEqual([created.id]);

    const events = await db.prisma.auditEvent.findMany({
      where: { subjectType: "user", subjectId: created.id },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "user.created",
      actorId: admin.id,
      actorName: "Alma Admin",
      payload: {
        type: "user.created",
        email: "new.auditor@example.test",
        roles: ["AUDITOR"],
        source: "admin",
      },
    });
    // the whole stored event (seq is a bigint), not only its payload
    const stored = JSON.stringify(events, (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    expect(stored).not.toMatch(/scrypt|a long enough passphrase|password/i);

    const result = await signIn("new.auditor@example.test", PASSWORD);
    expect(result).toEqual({
      ok: true,
      user: { id: created.id, name: "Nia Auditor", email: "new.auditor@example.test", roles: ["AUDITOR"] },
    });
  });

  it("stores roles once each, in a stable order", async () => {
    const created = await caller().users.create({
      email: "two.roles@example.test",
      name: "Two Roles",
      roles: ["ADMIN", "AUDITOR", "ADMIN"],
      password: PASSWORD,
    });
    expect(created.roles).toEqual(["AUDITOR", "ADMIN"]);
  });

  it("refuses an email that exists in any letter case, and writes nothing", async () => {
    await caller().users.create({
      email: "taken@example.test",
      name: "First",
      roles: ["AUDITOR"],
      password: PASSWORD,
    });
    const before = await counts();
    const error = await refusal(
      caller().users.create({
        email: "TAKEN@example.test",
        name: "Second",
        roles: ["ADMIN"],
        password: PASSWORD,
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("An account with this email already exists");
    expect(await counts()).toEqual(before);
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { email: "taken@example.test" } });
    expect(stored).toMatchObject({ name: "First", roles: ["AUDITOR"] });
  });

  it("refuses bad input with a message per field, and writes nothing", async () => {
    const before = await counts();
    const error = await refusal(
      caller().users.create({ email: "not-an-email", name: " ", roles: [], password: "short" }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toBeInstanceOf(ZodError);
    expect(fieldErrorsOf(error.cause as ZodError)).toEqual({
      email: ["Enter a valid email address"],
      name: ["Enter a name"],
      roles: ["Choose at least one role"],
      password: ["At least 12 characters"],
    });
    expect(await counts()).toEqual(before);
  });

  it("refuses an unknown role", async () => {
    const error = await refusal(
      caller().users.create({
        email: "root@example.test",
        name: "Root",
        // what a hand-made request could send
        roles: ["ROOT" as "ADMIN"],
        password: PASSWORD,
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error.cause as ZodError)["roles.0"]?.[0]).toMatch(/Unknown role/);
  });

  it("asks for a fresh sign-in when the session is old, and writes nothing", async () => {
    const before = await counts();
    const stale = { ...admin, authTime: new Date(Date.now() - 3_600_000) };
    const error = await refusal(
      caller(stale).users.create({
        email: "late@example.test",
        name: "Late",
        roles: ["AUDITOR"],
        password: PASSWORD,
      }),
    );
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(error.message).toMatch(/confirm it's you/i);
    expect(await counts()).toEqual(before);
  });

  it("is refused to someone without admin:users", async () => {
    const auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"] });
    const error = await refusal(
      caller(auditor).users.create({
        email: "x@example.test",
        name: "X",
        roles: ["ADMIN"],
        password: PASSWORD,
      }),
    );
    expect(error.code).toBe("FORBIDDEN");
    expect(await db.prisma.user.count({ where: { email: "x@example.test" } })).toBe(0);
  });
});

describe("the console (bootstrap CLI) creates the first administrator", () => {
  it("records the console as the actor and the CLI as the source", async () => {
    const created = await createLocalUser(db.prisma, {
      input: { email: "first.admin@example.test", name: "First Admin", roles: ["ADMIN"], password: PASSWORD },
      actor: { id: null, name: "console", roles: [] },
      clock: systemClock,
      source: "cli",
    });
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { subjectId: created.id } });
    expect(event).toMatchObject({
      actorId: null,
      actorName: "console",
      payload: { type: "user.created", email: "first.admin@example.test", roles: ["ADMIN"], source: "cli" },
    });
    expect((await signIn("first.admin@example.test", PASSWORD)).ok).toBe(true);
  });
});
