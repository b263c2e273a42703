// The offline fallback: local-file accounts only while the identity provider is unreachable, and the bootstrap
// account only while enabled from the console, each use audited and announced to security officers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { hashPassword } from "../../auth/password";
import { manualClock } from "../../lib/clock";
import { BOOTSTRAP_EMAIL, enableBootstrapAccount, sealBootstrapAccount } from "./bootstrap-account";
import { discoveryProbe } from "./idp-probe";
import { type LocalAccount, parseLocalAccounts } from "./local-accounts";
import { authenticateOffline } from "./offline-sign-in";

const clock = manualClock("2026-12-01T10:00:00.000Z");
const request = { requestId: "req_offline", ip: "127.0.0.1", userAgent: "vitest" };
let db: TestDatabase;
let officerId: string;
let accounts: LocalAccount[];

beforeAll(async () => {
  db = await createTestDatabase();
  officerId = (await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"] })).id;
  accounts = parseLocalAccounts({
    version: 1,
    accounts: [
      {
        email: "Oncall@Example.com",
        name: "On-call Lead",
        roles: ["INCIDENT_RESPONDER", "RELEASE_ENGINEER"],
        passwordHash: await hashPassword("correct horse battery"),
      },
    ],
  });
});
afterAll(async () => {
  await db.close();
});

const signIn = (email: string, password: string, idpUp: boolean | undefined) =>
  authenticateOffline(db.prisma, {
    email,
    password,
    request,
    clock,
    localAccounts: () => accounts,
    idpReachable: idpUp === undefined ? undefined : async () => idpUp,
  });

async function lastAction() {
  return (await db.prisma.auditEvent.findFirst({ orderBy: { seq: "desc" } }))?.action;
}

describe("the local accounts file", () => {
  it.each([
    [
      {
        version: 1,
        accounts: [{ email: "a@b.c", name: "A", roles: ["ROOT"], passwordHash: "scrypt$1$1$1$a$b" }],
      },
      /roles/,
    ],
    [
      { version: 1, accounts: [{ email: "a@b.c", name: "A", roles: ["ADMIN"], passwordHash: "plain" }] },
      /scrypt hash/,
    ],
    [{ version: 2, accounts: [] }, /version/],
    [
      {
        version: 1,
        accounts: [
          { email: "a@b.example", name: "A", roles: ["ADMIN"], passwordHash: "scrypt$1$1$1$a$b" },
          { email: "A@B.example", name: "A", roles: ["ADMIN"], passwordHash: "scrypt$1$1$1$a$b" },
        ],
      },
      /each email at most once/,
    ],
  ])("refuses %o", (file, message) => {
    expect(() => parseLocalAccounts(file)).toThrow(message);
  });
});

describe("local-file accounts", () => {
  it("leave every other email to the normal sign-in", async () => {
    expect(await signIn("someone@else.test", "whatever", false)).toBeNull();
  });

  it("are refused while the identity provider answers, or with no provider at all", async () => {
    expect(await signIn("oncall@example.com", "correct horse battery", true)).toEqual({
      ok: false,
      reason: "idp_reachable",
    });
    expect(await signIn("oncall@example.com", "correct horse battery", undefined)).toMatchObject({
      ok: false,
    });
    expect(await signIn("oncall@example.com", "wrong", false)).toEqual({
      ok: false,
      reason: "bad_credentials",
    });
    expect(await lastAction()).toBe("auth.sign_in_failed");
    expect(await db.prisma.user.findUnique({ where: { email: "oncall@example.com" } })).toBeNull();
  });

  it("sign in during an outage with the file's roles, audited, security officers told", async () => {
    const result = await signIn("ONCALL@example.com", "correct horse battery", false);
    expect(result).toMatchObject({
      ok: true,
      user: { email: "oncall@example.com", roles: ["INCIDENT_RESPONDER", "RELEASE_ENGINEER"] },
    });
    const event = await db.prisma.auditEvent.findFirst({ where: { action: "breakglass.offline_sign_in" } });
    expect(event?.payload).toMatchObject({ source: "local-file", email: "oncall@example.com" });
    const notice = await db.prisma.notification.findFirst({ where: { recipientId: officerId } });
    expect(notice?.title).toBe("On-call Lead signed in from the local accounts file");
  });

  it("probe the provider's discovery document", async () => {
    const server = http.createServer((_req, res) => res.writeHead(200).end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    expect(await discoveryProbe(`http://127.0.0.1:${port}`)()).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(await discoveryProbe(`http://127.0.0.1:${port}`, 500)()).toBe(false);
  });
});

describe("the bootstrap account", () => {
  it("is sealed until the console enables it, then signs in until its time is up", async () => {
    expect(await signIn(BOOTSTRAP_EMAIL, "guess", false)).toEqual({ ok: false, reason: "bootstrap_sealed" });
    expect(
      (
        await db.prisma.notification.findFirst({
          where: { recipientId: officerId },
          orderBy: { createdAt: "desc" },
        })
      )?.title,
    ).toBe("Refused sign-in to the bootstrap break-glass account");

    clock.advance(1000);
    const enabled = await enableBootstrapAccount(
      { prisma: db.prisma, clock },
      { minutes: 30, roles: ["ADMIN"], operator: "Olga Ops" },
    );
    expect(enabled.password).toMatch(/^[\w-]{32}$/);
    expect(await lastAction()).toBe("breakglass.bootstrap_enabled");
    expect(await signIn(BOOTSTRAP_EMAIL, "guess", true)).toEqual({ ok: false, reason: "bad_credentials" });
    // the identity provider being up does not matter: this account is for when nothing else works
    expect(await signIn(BOOTSTRAP_EMAIL, enabled.password, true)).toMatchObject({
      ok: true,
      user: { email: BOOTSTRAP_EMAIL, roles: ["ADMIN"] },
    });
    const used = await db.prisma.auditEvent.findFirst({
      where: { action: "breakglass.offline_sign_in" },
      orderBy: { seq: "desc" },
    });
    expect(used?.payload).toMatchObject({ source: "bootstrap" });

    clock.advance(30 * 60_000);
    expect(await signIn(BOOTSTRAP_EMAIL, enabled.password, true)).toEqual({
      ok: false,
      reason: "bootstrap_sealed",
    });
    expect(
      await sealBootstrapAccount({ prisma: db.prisma, clock }, { operator: "expiry", onlyIfExpired: true }),
    ).toBe(true);
    expect(
      await sealBootstrapAccount({ prisma: db.prisma, clock }, { operator: "expiry", onlyIfExpired: true }),
    ).toBe(false);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { email: BOOTSTRAP_EMAIL } })).disabled).toBe(
      true,
    );
  });
});
