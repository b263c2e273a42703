// Exactly one promotion, whatever arrives at the same instant: two last approvals, an approval and a "promote",
// five approvers racing, each on its own connection when PostgreSQL is there (a second "server instance"). And
// the database itself refuses a second promotion row, and any change to a promotion, a decision or a closed request.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installReleaseKey, type ReleaseKey, registerTestRelease } from "@/test/promotion-releases";
import type { SessionUser } from "../../auth/session";
import type { PortalPrisma } from "../../db/connection";
import { type Database, openDatabase } from "../../db/connection";
import { manualClock } from "../../lib/clock";
import { createCaller } from "../../trpc/root";

let db: TestDatabase;
let other: Database | null = null;
let key: ReleaseKey;
const clock = manualClock("2026-12-02T09:00:00.000Z");
let rhea: SessionUser;
let sam: SessionUser;
const engineers: SessionUser[] = [];

const as = (user: SessionUser, prisma: PortalPrisma = db.prisma) =>
  createCaller(contextFor(prisma, { ...user, authTime: clock.now() }, { clock }));
/** the second connection pool when there is one (PostgreSQL); PGlite has one connection */
const elsewhere = () => other?.prisma ?? db.prisma;
const outcome = (promise: Promise<{ status: string }>) =>
  promise.then(
    (result) => result.status,
    (error: unknown) => (error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error)),
  );

let n = 0;
async function releaseAt(environment: "STAGING" | "PROD") {
  n += 1;
  const r = await registerTestRelease(db.prisma, { version: `3.${n}.0`, signingKey: key.privateKey, clock });
  await as(rhea).promotions.request({ releaseId: r.id, environment: "DEV" });
  if (environment === "PROD") {
    const staging = await as(rhea).promotions.request({ releaseId: r.id, environment: "STAGING" });
    await as(engineers[0] as SessionUser).promotions.approve({ requestId: staging.requestId });
  }
  const request = await as(rhea).promotions.request({ releaseId: r.id, environment });
  return { release: r, requestId: request.requestId };
}

async function promotedEvents(releaseId: string) {
  return db.prisma.auditEvent.count({
    where: { action: "promotion.promoted", payload: { path: ["releaseId"], equals: releaseId } },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  if (db.kind === "postgres") other = await openDatabase(db.target);
  key = await installReleaseKey(db.prisma, clock);
  rhea = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  sam = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Security" });
  for (const name of ["Ray", "Rob", "Rosa", "Rui", "Ruth"]) {
    engineers.push(await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name }));
  }
});
afterAll(async () => {
  key.restore();
  await other?.close();
  await db.close();
});

describe("concurrent decisions", () => {
  it("two last approvals at the same instant: one promotion, one audit event, a clear answer for the other", async () => {
    const { release, requestId } = await releaseAt("STAGING");
    const [ray, rob] = engineers as [SessionUser, SessionUser];
    const results = await Promise.all([
      outcome(as(ray).promotions.approve({ requestId })),
      outcome(as(rob, elsewhere()).promotions.approve({ requestId })),
    ]);
    expect(results.sort()).toEqual(["CONFLICT: this request has already been promoted", "PROMOTED"]);
    expect(
      await db.prisma.promotion.count({ where: { releaseId: release.id, environment: "STAGING" } }),
    ).toBe(1);
    expect(await db.prisma.promotionApproval.count({ where: { requestId } })).toBe(1);
    expect(await promotedEvents(release.id)).toBe(2);
    // the refused one is on record as refused, and nothing else of it is
    expect(
      await db.prisma.auditEvent.count({ where: { action: "promotion.refused", subjectId: requestId } }),
    ).toBe(1);
  });

  it("PROD's two approvals (release engineer, security officer) at the same instant: both count, one promotion", async () => {
    const { release, requestId } = await releaseAt("PROD");
    const results = await Promise.all([
      outcome(as(engineers[1] as SessionUser).promotions.approve({ requestId })),
      outcome(as(sam, elsewhere()).promotions.approve({ requestId })),
    ]);
    expect(results.sort()).toEqual(["PENDING", "PROMOTED"]);
    const promotion = await db.prisma.promotion.findFirstOrThrow({
      where: { releaseId: release.id, environment: "PROD" },
    });
    expect((promotion.approvers as { role: string }[]).map((approver) => approver.role).sort()).toEqual([
      "RELEASE_ENGINEER",
      "SECURITY_OFFICER",
    ]);
    expect(await promotedEvents(release.id)).toBe(3);
  });

  it("five engineers racing on two connections: exactly one promotion", async () => {
    const { release, requestId } = await releaseAt("STAGING");
    const results = await Promise.all(
      engineers.map((engineer, index) =>
        outcome(as(engineer, index % 2 === 0 ? db.prisma : elsewhere()).promotions.approve({ requestId })),
      ),
    );
    expect(results.filter((result) => result === "PROMOTED")).toHaveLength(1);
    expect(results.filter((result) => result.startsWith("CONFLICT"))).toHaveLength(4);
    expect(
      await db.prisma.promotion.count({ where: { releaseId: release.id, environment: "STAGING" } }),
    ).toBe(1);
    expect(await promotedEvents(release.id)).toBe(2);
  });

  it("a pipeline asking again and a person pressing promote at once: one promotion", async () => {
    const { release, requestId } = await releaseAt("STAGING");
    // held by a freeze, approved, then the freeze is lifted and both try to complete it
    const freeze = await db.prisma.freezeWindow.create({
      data: {
        environment: "STAGING",
        startsAt: new Date(clock.now().getTime() - 60_000),
        endsAt: new Date(clock.now().getTime() + 3_600_000),
        reason: "test freeze",
        createdById: sam.id,
        createdByName: sam.name,
      },
    });
    expect((await as(engineers[2] as SessionUser).promotions.approve({ requestId })).held?.gate).toBe(
      "freeze",
    );
    await db.prisma.freezeWindow.delete({ where: { id: freeze.id } });
    const results = await Promise.all([
      outcome(as(rhea).promotions.promote({ requestId })),
      outcome(as(rhea, elsewhere()).promotions.request({ releaseId: release.id, environment: "STAGING" })),
      outcome(as(engineers[3] as SessionUser, elsewhere()).promotions.promote({ requestId })),
    ]);
    expect(results.filter((result) => result === "PROMOTED")).toHaveLength(1);
    expect(
      await db.prisma.promotion.count({ where: { releaseId: release.id, environment: "STAGING" } }),
    ).toBe(1);
  });
});

describe("immutability in the database", () => {
  it("refuses a second promotion of a release to an environment, and any change or removal of one", async () => {
    const { release, requestId } = await releaseAt("STAGING");
    await as(engineers[4] as SessionUser).promotions.approve({ requestId });
    const first = await db.prisma.promotion.findFirstOrThrow({
      where: { releaseId: release.id, environment: "STAGING" },
    });
    const { id: _id, requestId: _request, ...copy } = first;
    await expect(
      db.prisma.promotion.create({
        data: { ...copy, approvers: [], verificationReport: {}, attestation: {} },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    await expect(
      db.prisma
        .$executeRaw`UPDATE "promotions" SET "target_path" = 'releases/elsewhere/' WHERE "id" = ${first.id}::uuid`,
    ).rejects.toThrow(/promotions is immutable: UPDATE is not allowed/);
    await expect(
      db.prisma.$executeRaw`DELETE FROM "promotions" WHERE "id" = ${first.id}::uuid`,
    ).rejects.toThrow(/promotions is immutable: DELETE is not allowed/);
    await expect(
      db.prisma
        .$executeRaw`UPDATE "promotion_approvals" SET "role" = 'SECURITY_OFFICER' WHERE "request_id" = ${requestId}::uuid`,
    ).rejects.toThrow(/promotion_approvals is immutable/);
    await expect(
      db.prisma
        .$executeRaw`UPDATE "promotion_requests" SET "status" = 'PENDING' WHERE "id" = ${requestId}::uuid`,
    ).rejects.toThrow(/is closed \(PROMOTED\)/);
    expect(await db.prisma.promotion.findUniqueOrThrow({ where: { id: first.id } })).toEqual(first);
  });

  it("refuses a second open request for the same release and environment", async () => {
    const { release } = await releaseAt("STAGING");
    const open = await db.prisma.promotionRequest.findFirstOrThrow({
      where: { releaseId: release.id, environment: "STAGING", status: "PENDING" },
    });
    const { id: _id, ...copy } = open;
    await expect(db.prisma.promotionRequest.create({ data: copy })).rejects.toMatchObject({ code: "P2002" });
  });
});
