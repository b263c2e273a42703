// Identity-provider sign-in against a real database: which account is used, created or linked, how roles follow
// the IdP, and what the audit log says about it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import type { Role } from "../authz/permissions";
import { manualClock } from "../lib/clock";
import { type UpsertOidcUserInput, upsertOidcUser } from "./oidc-user";
import { hashPassword } from "./password";

let db: TestDatabase;
const clock = manualClock("2026-11-22T10:00:00.000Z");
const ISSUER = "http://127.0.0.1:4010";

function signIn(subject: string, overrides: Partial<UpsertOidcUserInput> = {}) {
  return upsertOidcUser(db.prisma, {
    issuer: ISSUER,
    subject,
    email: `${subject}@idp.test`,
    emailVerified: true,
    name: `User ${subject}`,
    roles: ["RELEASE_ENGINEER"],
    reauthenticatingUserId: null,
    request: { ip: "192.0.2.7", userAgent: "vitest", requestId: "req_oidc" },
    clock,
    ...overrides,
  });
}

async function userBySubject(subject: string) {
  return db.prisma.user.findUnique({
    where: { oidcIssuer_oidcSubject: { oidcIssuer: ISSUER, oidcSubject: subject } },
    select: { id: true, email: true, name: true, roles: true, lastLoginAt: true },
  });
}

async function trail(subjectId: string | null, identifier?: string) {
  const rows = await db.prisma.auditEvent.findMany({ where: { subjectId }, orderBy: { seq: "asc" } });
  return rows
    .filter(
      (row) => identifier === undefined || (row.payload as { identifier?: string }).identifier === identifier,
    )
    .map((row) => ({ action: row.action, actorId: row.actorId, payload: row.payload }));
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe("first sign-in", () => {
  it("creates the account with the mapped roles and audits user.created then auth.sign_in", async () => {
    const result = await signIn("olivia", {
      roles: ["RELEASE_ENGINEER", "AUDITOR"],
      email: "Olivia@IdP.test",
    });
    const stored = await userBySubject("olivia");
    expect(stored).toEqual({
      id: expect.any(String),
      email: "olivia@idp.test",
      name: "User olivia",
      roles: ["RELEASE_ENGINEER", "AUDITOR"],
      lastLoginAt: clock.now(),
    });
    if (!stored) throw new Error("not created");
    expect(result).toEqual({
      ok: true,
      created: true,
      linked: false,
      user: {
        id: stored.id,
        email: "olivia@idp.test",
        name: "User olivia",
        roles: ["RELEASE_ENGINEER", "AUDITOR"],
      },
    });
    expect(await trail(stored.id)).toEqual([
      {
        action: "user.created",
        actorId: null,
        payload: {
          type: "user.created",
          email: "olivia@idp.test",
          roles: ["RELEASE_ENGINEER", "AUDITOR"],
          source: "oidc",
        },
      },
      {
        action: "auth.sign_in",
        actorId: stored.id,
        payload: { type: "auth.sign_in", method: "oidc", reauthentication: false },
      },
    ]);
  });

  it("refuses a user whose groups map to no role, creating nothing", async () => {
    expect(await signIn("nobody", { roles: [] })).toEqual({ ok: false, reason: "no_roles" });
    expect(await userBySubject("nobody")).toBeNull();
    expect((await trail(null, "nobody@idp.test")).map((event) => event.payload)).toEqual([
      { type: "auth.sign_in_failed", method: "oidc", reason: "no_roles", identifier: "nobody@idp.test" },
    ]);
  });

  it("gives an IdP without email claims a reserved placeholder address", async () => {
    const result = await signIn("no-mail-42", { email: null, name: null });
    expect(result.ok && result.user).toMatchObject({
      email: "no-mail-42@127.0.0.1.invalid",
      name: "no-mail-42",
    });
  });
});

describe("later sign-ins", () => {
  it("finds the account by issuer and subject, even when the email changed at the IdP", async () => {
    const first = await signIn("sergio", { roles: ["SECURITY_OFFICER"] });
    const again = await signIn("sergio", {
      roles: ["SECURITY_OFFICER"],
      email: "sergio.new@idp.test",
      name: "Sergio N.",
    });
    expect(first.ok && again.ok && again.user.id === first.user.id).toBe(true);
    expect(again).toMatchObject({
      ok: true,
      created: false,
      user: { email: "sergio.new@idp.test", name: "Sergio N." },
    });
  });

  it("syncs roles from the IdP on every sign-in and audits the change once", async () => {
    await signIn("rita", { roles: ["RELEASE_ENGINEER"] });
    await signIn("rita", { roles: ["RELEASE_ENGINEER", "INCIDENT_RESPONDER"] });
    await signIn("rita", { roles: ["INCIDENT_RESPONDER", "RELEASE_ENGINEER"] });
    const stored = await userBySubject("rita");
    expect(stored?.roles).toEqual(["RELEASE_ENGINEER", "INCIDENT_RESPONDER"]);
    const synced = (await trail(stored?.id ?? null)).filter((event) => event.action === "user.roles_synced");
    expect(synced.map((event) => event.payload)).toEqual([
      { type: "user.roles_synced", roles: ["RELEASE_ENGINEER", "INCIDENT_RESPONDER"], source: "oidc" },
    ]);
  });

  it("removes every role when the IdP no longer maps any, and refuses the sign-in", async () => {
    await signIn("leaver", { roles: ["ADMIN"] });
    expect(await signIn("leaver", { roles: [] })).toEqual({ ok: false, reason: "no_roles" });
    const stored = await userBySubject("leaver");
    expect(stored?.roles).toEqual([]);
    const actions = (await trail(stored?.id ?? null)).map((event) => event.action);
    expect(actions).toEqual(["user.created", "auth.sign_in", "user.roles_synced", "auth.sign_in_failed"]);
  });

  it("refuses a disabled account and leaves it unchanged", async () => {
    await signIn("dora", { roles: ["AUDITOR"] });
    await db.prisma.user.updateMany({ where: { oidcSubject: "dora" }, data: { disabled: true } });
    expect(await signIn("dora", { roles: ["ADMIN"] })).toEqual({ ok: false, reason: "disabled" });
    expect((await userBySubject("dora"))?.roles).toEqual(["AUDITOR"]);
  });

  it("records a re-authentication only when it is the user the reauth was started for", async () => {
    const first = await signIn("rene", { roles: ["AUDITOR"] });
    if (!first.ok) throw new Error("sign-in refused");
    await signIn("rene", { roles: ["AUDITOR"], reauthenticatingUserId: first.user.id });
    await signIn("rene", {
      roles: ["AUDITOR"],
      reauthenticatingUserId: "00000000-0000-4000-8000-000000000000",
    });
    const signIns = (await trail(first.user.id)).filter((event) => event.action === "auth.sign_in");
    expect(signIns.map((event) => (event.payload as { reauthentication: boolean }).reauthentication)).toEqual(
      [false, true, false],
    );
  });
});

describe("an existing account with the same email", () => {
  async function localAccount(email: string, roles: Role[] = ["AUDITOR"]) {
    return db.prisma.user.create({
      data: {
        email,
        name: "Local",
        roles,
        passwordHash: await hashPassword("local-password", { N: 1024, r: 8, p: 1 }),
      },
      select: { id: true },
    });
  }

  it("is linked when it has no IdP link yet: roles follow the IdP and the local password is removed", async () => {
    const local = await localAccount("lina@idp.test");
    const result = await signIn("lina", { roles: ["SECURITY_OFFICER"] });
    expect(result).toMatchObject({
      ok: true,
      linked: true,
      created: false,
      user: { id: local.id, roles: ["SECURITY_OFFICER"] },
    });
    const stored = await db.prisma.user.findUniqueOrThrow({
      where: { id: local.id },
      select: { oidcIssuer: true, oidcSubject: true, passwordHash: true, roles: true },
    });
    expect(stored).toEqual({
      oidcIssuer: ISSUER,
      oidcSubject: "lina",
      passwordHash: null,
      roles: ["SECURITY_OFFICER"],
    });
    expect((await trail(local.id)).map((event) => event.payload)).toEqual([
      { type: "user.oidc_linked", issuer: ISSUER, subject: "lina" },
      { type: "user.roles_synced", roles: ["SECURITY_OFFICER"], source: "oidc" },
      { type: "auth.sign_in", method: "oidc", reauthentication: false },
    ]);
  });

  it("is never taken over when it is already linked to another IdP subject", async () => {
    await signIn("owner", { email: "shared@idp.test" });
    const result = await signIn("impostor", { email: "shared@idp.test", roles: ["ADMIN"] });
    expect(result).toEqual({ ok: false, reason: "account_conflict" });
    expect(await userBySubject("impostor")).toBeNull();
    const owner = await userBySubject("owner");
    expect(owner?.roles).toEqual(["RELEASE_ENGINEER"]);
  });

  it("is not linked when the IdP says the email is unverified", async () => {
    const local = await localAccount("unverified@idp.test");
    expect(await signIn("unverified", { emailVerified: false, roles: ["ADMIN"] })).toEqual({
      ok: false,
      reason: "account_conflict",
    });
    const stored = await db.prisma.user.findUniqueOrThrow({
      where: { id: local.id },
      select: { oidcSubject: true, roles: true, passwordHash: true },
    });
    expect(stored).toMatchObject({ oidcSubject: null, roles: ["AUDITOR"], passwordHash: expect.any(String) });
  });

  it("is not linked by an identity that maps to no role", async () => {
    const local = await localAccount("norole-link@idp.test");
    expect(await signIn("norole-link", { roles: [] })).toEqual({ ok: false, reason: "no_roles" });
    const stored = await db.prisma.user.findUniqueOrThrow({
      where: { id: local.id },
      select: { oidcSubject: true },
    });
    expect(stored.oidcSubject).toBeNull();
  });
});
