// An installation whose policy reserves operations for ceremonies (SIGNING_CEREMONY_POLICY), through tRPC: the
// direct operation is refused with a pointer to the ceremonies, and a ceremony needs at least the policy's M.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import type { SessionUser } from "../../auth/session";
import { manualClock } from "../../lib/clock";
import { createCaller } from "../../trpc/root";

let db: TestDatabase;
let restore: () => void;
const officers: SessionUser[] = [];
const clock = manualClock("2026-08-01T09:00:00.000Z");
const previousPolicy = process.env.SIGNING_CEREMONY_POLICY;

const as = (user: SessionUser) =>
  createCaller(contextFor(db.prisma, { ...user, authTime: clock.now() }, { clock }));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof TRPCError ? { code: error.code, message: error.message } : error),
  );

beforeAll(async () => {
  // read at first use of the configuration, which has not happened yet in this test file's module graph
  process.env.SIGNING_CEREMONY_POLICY = "rotate:release=3,revoke=2";
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
  for (const name of ["Sam", "Cora", "Kit"]) {
    officers.push(await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name }));
  }
});
afterAll(async () => {
  restore();
  await db.close();
  if (previousPolicy === undefined) delete process.env.SIGNING_CEREMONY_POLICY;
  else process.env.SIGNING_CEREMONY_POLICY = previousPolicy;
});

describe("with SIGNING_CEREMONY_POLICY=rotate:release=3,revoke=2", () => {
  it("creates directly (not covered), refuses a direct rotation and revocation, and runs them as ceremonies", async () => {
    const [sam, cora, kit] = officers as [SessionUser, SessionUser, SessionUser];
    const key = await as(sam).keys.create({ purpose: "release" });
    expect(await refusal(as(sam).keys.rotate({ purpose: "release", reason: "direct attempt" }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: "policy requires a 3-of-N ceremony to rotate release keys: start one on the ceremonies page",
    });
    expect(await refusal(as(sam).keys.revoke({ keyId: key.keyId, reason: "direct attempt" }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    expect(await as(sam).ceremonies.policy()).toEqual([
      { operation: "rotate", purpose: "release", approvals: 3 },
      { operation: "revoke", purpose: "*", approvals: 2 },
    ]);

    expect(
      await refusal(
        as(sam).ceremonies.start({
          operation: "rotate",
          purpose: "release",
          reason: "too few",
          requiredApprovals: 2,
        }),
      ),
    ).toEqual({ code: "BAD_REQUEST", message: "the ceremony policy requires at least 3 approvals for this" });
    const rotation = await as(sam).ceremonies.start({
      operation: "rotate",
      purpose: "release",
      reason: "by policy",
    });
    expect(rotation.requiredApprovals).toBe(3);
    expect((await as(cora).ceremonies.approve({ id: rotation.id })).status).toBe("pending");
    expect((await as(kit).ceremonies.approve({ id: rotation.id })).status).toBe("executed");
    expect(await db.prisma.signingKey.count({ where: { purpose: "release", status: "retired" } })).toBe(1);
  });

  it("tells the /keys forms which operations need a ceremony, M of N, and which ceremony already waits", async () => {
    const [sam] = officers as [SessionUser, SessionUser, SessionUser];
    const auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada" });
    // create is not covered: the form offers the direct operation
    expect(await as(auditor).ceremonies.requirement({ operation: "create", purpose: "dev" })).toBeNull();
    // rotate is covered for release only (3 of the 3 security officers)
    expect(await as(auditor).ceremonies.requirement({ operation: "rotate", purpose: "dev" })).toBeNull();
    expect(await as(auditor).ceremonies.requirement({ operation: "rotate", purpose: "release" })).toEqual({
      operation: "rotate",
      purpose: "release",
      approvals: 3,
      custodians: 3,
      pendingCeremonyId: null,
    });
    // revoke (every purpose) is asked by key; the answer names the key's purpose, and agrees with the refusal
    const dev = await as(sam).keys.create({ purpose: "dev" });
    expect(await as(auditor).ceremonies.requirement({ operation: "revoke", keyId: dev.keyId })).toMatchObject(
      {
        purpose: "dev",
        approvals: 2,
        pendingCeremonyId: null,
      },
    );
    expect(await refusal(as(sam).keys.revoke({ keyId: dev.keyId, reason: "direct attempt" }))).toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    const started = await as(sam).ceremonies.start({
      operation: "revoke",
      keyId: dev.keyId,
      reason: "by policy",
    });
    expect(await as(auditor).ceremonies.requirement({ operation: "revoke", keyId: dev.keyId })).toMatchObject(
      {
        pendingCeremonyId: started.id,
      },
    );
    // an unknown key is nothing to revoke, let alone by ceremony
    expect(
      await as(auditor).ceremonies.requirement({ operation: "revoke", keyId: `sha256:${"0".repeat(64)}` }),
    ).toBeNull();
    expect(
      await refusal(as(auditor).ceremonies.requirement({ operation: "revoke", purpose: "dev" } as never)),
    ).toMatchObject({ code: "BAD_REQUEST" });
  });
});
