// The step-up check that approvals and break-glass will put in front of their procedures.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { manualClock } from "../lib/clock";
import type { SessionUser } from "./context";
import { createCallerFactory, procedureWith, requireFreshAuth, router } from "./init";

const stepUpRouter = router({
  sensitive: procedureWith("audit:verify")
    .use(requireFreshAuth(300))
    .input(z.void())
    .mutation(() => "done"),
});
const createCaller = createCallerFactory(stepUpRouter);

let db: TestDatabase;
let auditor: SessionUser;
const clock = manualClock("2026-11-22T10:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"] });
});
afterAll(async () => {
  await db.close();
});

function callAt(authTime: Date) {
  return createCaller(contextFor(db.prisma, { ...auditor, authTime }, { clock })).sensitive();
}

describe("requireFreshAuth(300)", () => {
  it("lets an authentication of up to 5 minutes ago through", async () => {
    await expect(callAt(new Date(clock.now().getTime() - 300_000))).resolves.toBe("done");
  });

  it("asks an older session to confirm identity, with a machine-readable reason for the UI", async () => {
    const error = await callAt(new Date(clock.now().getTime() - 300_001)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("PRECONDITION_FAILED");
    expect((error as TRPCError).message).toMatch(/confirm/i);
  });

  it("checks the permission first: a forbidden caller is refused as forbidden, fresh or not", async () => {
    const responder = await createTestUser(db.prisma, { roles: ["INCIDENT_RESPONDER"] });
    const error = await createCaller(contextFor(db.prisma, responder, { clock }))
      .sensitive()
      .catch((caught: unknown) => caught);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
  });
});
