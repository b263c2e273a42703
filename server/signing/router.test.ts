// /keys through tRPC as each role would call it: security officers manage keys with a fresh sign-in, everyone
// with key:read sees them, nobody else changes anything.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import type { SessionUser } from "../auth/session";
import { manualClock } from "../lib/clock";
import { appRouter, createCaller } from "../trpc/root";

let db: TestDatabase;
let restore: () => void;
let officer: SessionUser;
let auditor: SessionUser;
let admin: SessionUser;
const clock = manualClock("2026-07-01T09:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
  officer = { ...(await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"] })), authTime: clock.now() };
  auditor = { ...(await createTestUser(db.prisma, { roles: ["AUDITOR"] })), authTime: clock.now() };
  admin = { ...(await createTestUser(db.prisma, { roles: ["ADMIN"] })), authTime: clock.now() };
});
afterAll(async () => {
  restore();
  await db.close();
});

const as = (user: SessionUser) => createCaller(contextFor(db.prisma, user, { clock }));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );

describe("keys router", () => {
  it("a security officer creates, rotates and revokes; each is audited with the officer as actor", async () => {
    const created = await as(officer).keys.create({
      purpose: "release",
      backend: "software",
      label: "release-2026",
    });
    expect(created).toMatchObject({ status: "active", label: "release-2026" });
    clock.advance(60_000);
    const rotated = await as(officer).keys.rotate({ purpose: "release", reason: "yearly rotation" });
    expect(rotated.previous.status).toBe("retired");
    const revoked = await as(officer).keys.revoke({
      keyId: rotated.previous.keyId,
      reason: "retired key archived",
    });
    expect(revoked.status).toBe("revoked");
    const actions = await db.prisma.auditEvent.findMany({
      where: { actorId: officer.id, action: { startsWith: "signing.key_" } },
      orderBy: { seq: "asc" },
      select: { action: true, requestId: true },
    });
    expect(actions.map((event) => event.action)).toEqual([
      "signing.key_created",
      "signing.key_rotated",
      "signing.key_revoked",
    ]);
    expect(actions[0]?.requestId).toMatch(/^req_test_/);
  });

  it("an auditor and an administrator read everything and change nothing", async () => {
    for (const reader of [auditor, admin]) {
      const overview = await as(reader).keys.overview();
      expect(overview.find((line) => line.purpose === "release")?.active?.status).toBe("active");
      expect((await as(reader).keys.list({})).keys.length).toBe(2);
      expect((await as(reader).keys.history({ purpose: "release" })).keys).toHaveLength(2);
      expect(await codeOf(as(reader).keys.rotate({ purpose: "release", reason: "I would like to" }))).toBe(
        "FORBIDDEN",
      );
      expect(await codeOf(as(reader).keys.create({ purpose: "dev" }))).toBe("FORBIDDEN");
    }
    const backends = await as(auditor).keys.backends();
    expect(backends.find((backend) => backend.kind === "software")).toMatchObject({ available: true });
    expect(backends.find((backend) => backend.kind === "pkcs11")).toMatchObject({ available: false });
  });

  it("asks for a fresh sign-in before a key operation", async () => {
    const stale = { ...officer, authTime: new Date(clock.now().getTime() - 3_600_000) };
    expect(await codeOf(as(stale).keys.rotate({ purpose: "release", reason: "routine rotation" }))).toBe(
      "PRECONDITION_FAILED",
    );
    expect(await db.prisma.signingKey.count({ where: { purpose: "release" } })).toBe(2);
  });

  it("answers bad input with field errors and changes nothing", async () => {
    const error = await as(officer)
      .keys.revoke({ keyId: "not-a-key", reason: "x" })
      .catch((caught: unknown) => caught as TRPCError);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(await codeOf(as(officer).keys.create({ purpose: "release" }))).toBe("CONFLICT");
    expect(await codeOf(as(officer).keys.create({ purpose: "dev", backend: "aws-kms" }))).toBe(
      "PRECONDITION_FAILED",
    );
    expect(await codeOf(as(officer).keys.get({ keyId: `sha256:${"9".repeat(64)}` }))).toBe("NOT_FOUND");
  });

  it("offers no procedure that signs caller-supplied bytes", () => {
    const paths = Object.keys(appRouter._def.procedures as Record<string, unknown>);
    expect(paths.filter((path) => path.startsWith("keys.")).sort()).toEqual(
      ["backends", "create", "get", "history", "list", "overview", "revoke", "rotate"].map(
        (name) => `keys.${name}`,
      ),
    );
    // a sign-off signs a statement the server builds from its own records (the program), never caller bytes; a
    // promotion signs its attestation, built from the release, the decisions and the verification report; a bundle
    // export signs the manifest of evidence already in the store; a checkpoint signs the size, root and time of the
    // audit log the server computed itself; a continuity report signs the comparison of two snapshots it made
    const signsServerBuiltStatements = [
      "compliance.signOff",
      "promotions.request",
      "promotions.approve",
      "promotions.promote",
      "promotions.promoteThroughFreeze",
      "evidence.bundles.create",
      "checkpoints.sign",
      "continuity.signReport",
    ];
    expect(
      paths.filter(
        (path) =>
          /sign(?!.*out)/i.test(path.split(".").at(-1) ?? "") && !signsServerBuiltStatements.includes(path),
      ),
    ).toEqual([]);
  });
});
