// The demo seed gives /break-glass two finished sessions through the real services: one expired with actions
// under its grant and acknowledged, one closed early that awaits review; the audit chain still verifies, and a
// second start adds nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { seedDemoData } from "../db/seed";
import { manualClock } from "../lib/clock";
import { findSessions } from "./find-sessions";
import { getSessionReport } from "./get-session-report";
import { DEFAULT_BREAKGLASS_POLICY } from "./policy-config";

const clock = manualClock("2026-12-03T09:00:00.000Z");
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoData(db.prisma, clock);
});
afterAll(async () => {
  await db.close();
});

describe("the demo break-glass seed", () => {
  it("leaves one acknowledged expired session with its actions and one closed session awaiting review", async () => {
    const sessions = await db.prisma.breakGlassSession.findMany({ orderBy: { requestedAt: "asc" } });
    expect(sessions.map((row) => [row.requesterName, row.status, row.reviewStatus])).toEqual([
      ["Ian Incident", "EXPIRED", "ACKNOWLEDGED"],
      ["Ian Incident", "CLOSED", "PENDING"],
    ]);
    expect(sessions.every((row) => (row.endedAt as Date) < clock.now())).toBe(true);
    const underGrant = await db.prisma.auditEvent.findMany({
      where: { breakGlassSessionId: sessions[0]?.id },
      select: { action: true },
    });
    expect(underGrant.map((event) => event.action)).toEqual(["audit.chain_verified", "audit.chain_verified"]);
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
    expect(await db.prisma.notification.count({ where: { readAt: null } })).toBe(0);
  });

  it("is listed as finished and awaiting review, not overdue", async () => {
    const deps = { prisma: db.prisma, clock, policy: DEFAULT_BREAKGLASS_POLICY };
    const [waiting] = (await findSessions(deps, { filter: "awaiting-review" })).sessions;
    expect(waiting).toMatchObject({ status: "CLOSED", review: { status: "PENDING", overdue: false } });
    expect((await findSessions(deps, { filter: "expired" })).sessions).toHaveLength(1);
    const [expired] = (await findSessions(deps, { filter: "expired" })).sessions;
    const report = await getSessionReport(deps, expired?.id ?? "");
    expect(JSON.stringify(report)).toContain("audit.chain_verified");
  });

  it("runs once", async () => {
    await seedDemoData(db.prisma, clock);
    expect(await db.prisma.breakGlassSession.count()).toBe(2);
  });
});
