// The audit log against a real database: the chain, the append-only triggers, tamper detection, and the rule
// that an action and its audit event commit together.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { manualClock } from "../lib/clock";
import { appendAudit } from "./append-audit";
import { SYSTEM_ACTOR } from "./events";
import { GENESIS_HASH } from "./hash";
import { verifyAuditChain } from "./verify-audit-chain";

let db: TestDatabase;
const clock = manualClock("2026-11-22T09:00:00.000Z");

function appendSeeded(count: number) {
  return db.prisma.$transaction(async (tx) => {
    for (let i = 0; i < count; i += 1) {
      clock.advance(1000);
      await appendAudit(tx, {
        payload: { type: "user.created", email: `u${i}@x.test`, roles: ["AUDITOR"], source: "test" },
        actor: { id: "actor-1", name: "Alice", roles: ["ADMIN"] },
        subject: { type: "user", id: `u${i}` },
        request: { requestId: `req_${i}`, ip: "10.0.0.1", userAgent: "vitest" },
        clock,
      });
    }
  });
}

async function withTriggersDisabled(work: () => Promise<unknown>) {
  await db.prisma.$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER USER");
  try {
    await work();
  } finally {
    await db.prisma.$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER USER");
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe("appending", () => {
  it("chains events from the genesis hash with gapless sequence numbers", async () => {
    await appendSeeded(5);
    const rows = await db.prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((row) => Number(row.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, eventsChecked: 5, headSeq: 5 });
  });

  it("keeps the chain intact under concurrent writers", async () => {
    const before = await db.prisma.auditEvent.count();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.prisma.$transaction((tx) =>
          appendAudit(tx, {
            payload: { type: "auth.sign_out" },
            actor: { id: `c${i}`, name: `Concurrent ${i}`, roles: [] },
            subject: { type: "session" },
            clock,
          }),
        ),
      ),
    );
    expect(await db.prisma.auditEvent.count()).toBe(before + 12);
    expect(await verifyAuditChain(db.prisma)).toMatchObject({ ok: true, eventsChecked: before + 12 });
  });

  it("commits an action and its event together, or neither", async () => {
    const before = await db.prisma.auditEvent.count();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.user.create({ data: { email: "rolled-back@x.test", name: "Rolled Back", roles: [] } });
        await appendAudit(tx, {
          payload: { type: "user.created", email: "rolled-back@x.test", roles: [], source: "test" },
          actor: SYSTEM_ACTOR,
          subject: { type: "user" },
          clock,
        });
        throw new Error("the action failed after writing its event");
      }),
    ).rejects.toThrow(/action failed/);
    // and when the audit write itself fails (a malformed payload), the action does not commit either
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.user.create({ data: { email: "no-audit@x.test", name: "No Audit", roles: [] } });
        await appendAudit(tx, {
          payload: { type: "user.created", email: 42 } as never,
          actor: SYSTEM_ACTOR,
          subject: { type: "user" },
          clock,
        });
      }),
    ).rejects.toThrow();
    expect(await db.prisma.auditEvent.count()).toBe(before);
    expect(
      await db.prisma.user.count({ where: { email: { in: ["rolled-back@x.test", "no-audit@x.test"] } } }),
    ).toBe(0);
  });
});

describe("the database refuses changes to the log", () => {
  it.each([
    ["UPDATE", "UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = 1"],
    ["DELETE", "DELETE FROM audit_events WHERE seq = 1"],
    ["TRUNCATE", "TRUNCATE audit_events"],
  ])("%s is rejected", async (operation, sql) => {
    await expect(db.prisma.$executeRawUnsafe(sql)).rejects.toThrow(new RegExp(`append-only: ${operation}`));
    expect(await db.prisma.auditEvent.findUnique({ where: { seq: 1n } })).toMatchObject({
      actorName: "Alice",
    });
  });
});

describe("tampering that bypasses the triggers is found and named", () => {
  it("an edited payload: the event's hash no longer matches", async () => {
    await withTriggersDisabled(() =>
      db.prisma.$executeRawUnsafe(
        `UPDATE audit_events SET payload = jsonb_set(payload, '{email}', '"mallory@x.test"') WHERE seq = 3`,
      ),
    );
    expect(await verifyAuditChain(db.prisma)).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      reason: "hash_mismatch",
    });
  });
});

describe("other kinds of tampering", () => {
  let local: TestDatabase;
  beforeAll(async () => {
    local = await createTestDatabase();
    const prev = db;
    db = local;
    await appendSeeded(6);
    db = prev;
  });
  afterAll(async () => {
    await local.close();
  });

  async function tamper(sql: string) {
    await local.prisma.$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER USER");
    await local.prisma.$executeRawUnsafe(sql);
    await local.prisma.$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER USER");
  }

  it("a rewritten event with a recomputed hash breaks the next link", async () => {
    await tamper(`UPDATE audit_events SET actor_name = 'Mallory', hash = repeat('a', 64) WHERE seq = 4`);
    expect(await verifyAuditChain(local.prisma)).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  it("a deleted event leaves a gap that is named", async () => {
    await tamper(`UPDATE audit_events SET actor_name = 'Alice', hash = hash WHERE seq = 4`);
    await tamper(`DELETE FROM audit_events WHERE seq = 2`);
    expect(await verifyAuditChain(local.prisma)).toMatchObject({
      ok: false,
      firstBrokenSeq: 2,
      reason: "sequence_gap",
    });
  });
});
