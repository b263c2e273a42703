// The seed's demo 2 through the services, as the e2e spec drives it in the browser: the security officer's approval
// completes agent 1.8.2's PROD request but the gates hold it on CVE-2024-12345 (and that failing evaluation is
// recorded); a signed not_affected exception scoped to the release takes the finding out; evaluated again, PROD
// passes; "Promote now" promotes it; the audit chain stays intact.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { tempBlobStore } from "@/test/evidence";
import { installTestSoftwareBackend } from "@/test/signing";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { seedDemoData } from "../db/seed";
import { installBlobStore } from "../evidence/blob-store";
import { manualClock } from "../lib/clock";
import type { PersonActor } from "../releases/promotion/deps";
import { completePromotionStep, decidePromotionStep } from "../releases/promotion/steps";
import { seedDemoSigningKeys } from "../signing/keys/seed-signing-keys";
import { evaluateReleaseGates, recordEvaluation } from "./evaluate-release";
import { recordVexException } from "./record-vex-exception";
import { seedDemoPolicies } from "./seed-policies";

const clock = manualClock("2026-12-05T12:00:00.000Z");
const store = tempBlobStore();
let db: TestDatabase;
let restore: (() => void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  restore = [installTestSoftwareBackend().restore, installBlobStore(store.blobs)];
  await seedDemoData(db.prisma, clock);
  await seedDemoSigningKeys(db.prisma, clock);
  await seedDemoPolicies(db.prisma, clock, store.blobs);
});
afterAll(async () => {
  for (const undo of restore) undo();
  await db.close();
  store.remove();
});

async function person(email: string): Promise<PersonActor> {
  const row = await db.prisma.user.findUniqueOrThrow({
    where: { email },
    select: { id: true, name: true, roles: true },
  });
  return { kind: "person", ...row, roles: row.roles as string[], breakGlassSessionId: null };
}

describe("demo 2 through the services", () => {
  it("holds agent 1.8.2 at PROD on the critical CVE until a signed exception, then promotes it", async () => {
    const deps = { prisma: db.prisma, clock };
    const [sam, rhea] = [await person("sam@demo.test"), await person("rhea@demo.test")];
    const agent = await db.prisma.release.findFirstOrThrow({ where: { product: "agent", version: "1.8.2" } });
    const request = await db.prisma.promotionRequest.findFirstOrThrow({
      where: { releaseId: agent.id, environment: "PROD", status: "PENDING" },
    });

    clock.advance(60_000);
    const decided = await decidePromotionStep(deps, {
      requestId: request.id,
      decision: "APPROVE",
      comment: "Scan reviewed",
      decider: { ...sam, authTime: clock.now() },
    });
    expect(decided).toMatchObject({ status: "PENDING", held: { gate: "policy" } });
    expect("held" in decided && decided.held?.message).toMatch(/^BLOCKED - CVE-2024-12345 \(CVSS 9\.8\)/);
    const held = await db.prisma.gateEvaluation.findMany({
      where: { releaseId: agent.id, environment: "PROD", trigger: "PROMOTION" },
    });
    expect(held.map((row) => [row.verdict, row.actorName])).toEqual([["fail", "Sam Security"]]);

    clock.advance(60_000);
    await recordVexException(
      db.prisma,
      { actor: { id: sam.id, name: sam.name, roles: sam.roles }, clock },
      {
        vulnerability: "CVE-2024-12345",
        status: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
        impactStatement: "vulnerable code path not reachable",
        packagePurl: "pkg:npm/xml-sax-parser@2.1.0",
        scope: { kind: "RELEASE", releaseId: agent.id },
        expiresAt: new Date(clock.now().getTime() + 90 * 86_400_000),
      },
    );

    clock.advance(60_000);
    const again = await db.prisma.$transaction(async (tx) => {
      const pending = await evaluateReleaseGates(
        tx,
        { blobs: store.blobs, clock },
        { releaseId: agent.id, environment: "PROD", trigger: "MANUAL" },
      );
      await recordEvaluation(tx, pending, {
        actor: { id: rhea.id, name: rhea.name, roles: rhea.roles },
        clock,
      });
      return pending;
    });
    expect(again.verdict).toBe("pass");
    expect(again.summary).toMatch(/^PASSED - VEX exception applied: CVE-2024-12345/);
    const finding = again.evaluation?.findings.find((candidate) => candidate.id === "CVE-2024-12345");
    expect(finding).toMatchObject({
      counted: false,
      vex: {
        status: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
        impactStatement: "vulnerable code path not reachable",
        signedBy: "Sam Security",
      },
    });

    clock.advance(60_000);
    const promoted = await completePromotionStep(deps, { requestId: request.id, actor: rhea });
    expect(promoted).toMatchObject({ status: "PROMOTED", environment: "PROD" });
    expect(
      await db.prisma.gateEvaluation.count({
        where: { releaseId: agent.id, environment: "PROD", trigger: "PROMOTION", verdict: "pass" },
      }),
    ).toBe(1);
    expect((await verifyAuditChain(db.prisma)).ok).toBe(true);
  });
});
