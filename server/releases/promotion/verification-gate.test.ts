// The verification gate and digest-bound approvals: the bundle is verified again at every decision and promotion
// against the key registry as it is then. A rotation of the release key changes the verification (approvals given
// before it are void, the request closes as void, a new one proceeds); a revocation stops the release with the
// reason; an artifact digest edited behind the portal's back is caught.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installReleaseKey, type ReleaseKey, registerTestRelease } from "@/test/promotion-releases";
import type { SessionUser } from "../../auth/session";
import { manualClock } from "../../lib/clock";
import { createCaller } from "../../trpc/root";
import { VOID_MESSAGE } from "./policy";

let db: TestDatabase;
let key: ReleaseKey;
const clock = manualClock("2026-12-03T09:00:00.000Z");
const MINUTE = 60_000;
let rhea: SessionUser;
let ray: SessionUser;
let sam: SessionUser;

const as = (user: SessionUser) =>
  createCaller(contextFor(db.prisma, { ...user, authTime: clock.now() }, { clock }));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof TRPCError ? { code: error.code, message: error.message } : error),
  );

beforeAll(async () => {
  db = await createTestDatabase();
  key = await installReleaseKey(db.prisma, clock);
  rhea = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  ray = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Ray Release" });
  sam = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Security" });
});
afterAll(async () => {
  key.restore();
  await db.close();
});

describe("the verification gate", () => {
  it("refuses a release whose recorded artifact digest was edited behind the database's back", async () => {
    const r = await registerTestRelease(db.prisma, { version: "5.0.0", signingKey: key.privateKey, clock });
    await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
    const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    const edit = (tx: Pick<typeof db.prisma, "$executeRaw">) =>
      tx.$executeRaw`UPDATE "release_artifacts" SET "sha256" = ${"0".repeat(64)}
        WHERE "release_id" = ${r.id}::uuid AND "path" = 'sbom.spdx.json'`;
    // the database refuses the edit; someone who switches its triggers off (a superuser) is caught by the gate
    await expect(edit(db.prisma)).rejects.toThrow(/release_artifacts is immutable/);
    await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
      await edit(tx);
    });
    expect(await refusal(as(ray).promotions.approve({ requestId: staging.requestId }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: VOID_MESSAGE,
    });
    const view = await as(ray).promotions.forRelease({ releaseId: r.id });
    expect(view.verification).toMatchObject({
      ok: false,
      reason: "1 file(s) do not match their listed SHA-256",
      changedSinceRegistration: true,
    });
    expect(
      await db.prisma.promotionRequest.findUniqueOrThrow({ where: { id: staging.requestId } }),
    ).toMatchObject({
      status: "CANCELLED",
      closedReason: VOID_MESSAGE,
    });
    expect(await refusal(as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: "the release cannot be promoted: 1 file(s) do not match their listed SHA-256",
    });
  });

  it("voids approvals given before the release key was rotated; a new request proceeds", async () => {
    const r = await registerTestRelease(db.prisma, { version: "5.1.0", signingKey: key.privateKey, clock });
    const later = await registerTestRelease(db.prisma, {
      version: "5.2.0",
      signingKey: key.privateKey,
      clock,
    });
    for (const releaseId of [r.id, later.id]) {
      await as(rhea).promotions.request({ releaseId, environment: "DEV" });
      const staging = await as(rhea).promotions.request({ releaseId, environment: "STAGING" });
      await as(ray).promotions.approve({ requestId: staging.requestId });
    }
    const prod = await as(rhea).promotions.request({ releaseId: r.id, environment: "PROD" });
    await as(sam).promotions.approve({ requestId: prod.requestId, comment: "scanned" });

    clock.advance(MINUTE);
    await as(sam).keys.rotate({ purpose: "release", reason: "scheduled rotation" });
    clock.advance(MINUTE);

    const view = await as(ray).promotions.forRelease({ releaseId: r.id });
    expect(view.verification).toMatchObject({ ok: true, changedSinceRegistration: true });
    const open = view.environments[2]?.openRequest;
    expect(open).toMatchObject({ void: true, viewer: { canApprove: false } });
    expect(open?.decisions).toEqual([
      expect.objectContaining({ approverName: "Sam Security", counts: false }),
    ]);
    expect(view.environments[2]?.lane).toEqual({
      state: "blocked",
      detail: { text: "request void: the release changed", at: null },
    });

    expect(await refusal(as(ray).promotions.approve({ requestId: prod.requestId }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: VOID_MESSAGE,
    });
    expect(await db.prisma.promotion.count({ where: { releaseId: r.id, environment: "PROD" } })).toBe(0);
    expect(
      await db.prisma.promotionRequest.findUniqueOrThrow({ where: { id: prod.requestId } }),
    ).toMatchObject({
      status: "CANCELLED",
      closedReason: VOID_MESSAGE,
    });
    // the voided decision stays on record, as it was given
    expect(await db.prisma.promotionApproval.count({ where: { requestId: prod.requestId } })).toBe(1);

    const again = await as(rhea).promotions.request({ releaseId: r.id, environment: "PROD" });
    expect(again).toMatchObject({ created: true, stillNeeded: "1 release engineer + 1 security officer" });
    await as(sam).promotions.approve({ requestId: again.requestId });
    const promoted = await as(ray).promotions.approve({ requestId: again.requestId });
    expect(promoted.status).toBe("PROMOTED");
    // the attestation is signed with the release key now active
    expect(promoted.promotion?.attestationKeyId).not.toBe(key.keyId);
  });

  it("refuses a release whose signing key was revoked since, with the reason", async () => {
    const later = await db.prisma.release.findFirstOrThrow({ where: { version: "5.2.0" } });
    await as(sam).keys.revoke({ keyId: key.keyId, reason: "CI runner compromised" });
    clock.advance(MINUTE);
    const expected = `the release cannot be promoted: SHA256SUMS.sig is signed by ${key.keyId}, which has since been revoked: sign the release again with an active key`;
    expect(await refusal(as(rhea).promotions.request({ releaseId: later.id, environment: "PROD" }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: expected,
    });
    const view = await as(rhea).promotions.forRelease({ releaseId: later.id });
    expect(view.verification.ok).toBe(false);
    expect(view.environments[2]?.request).toEqual({ allowed: false, reason: expected });
    expect(view.environments[2]?.lane.state).toBe("blocked");
    // what is done stays done
    expect(view.environments[1]?.lane.state).toBe("done");
  });
});
