// Browsing the audit log: keyset pages in both orders and both directions, the filters, and refused input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { manualClock } from "../lib/clock";
import { appendAudit } from "./append-audit";
import type { AuditActor, AuditPayload, AuditSubject } from "./events";
import { findAuditEvents } from "./find-audit-events";
import type { AuditListInput, AuditPage } from "./schemas";

const EVENT_COUNT = 130;

type Seeded = {
  seq: number;
  occurredAt: Date;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
};

const actors: AuditActor[] = [
  { id: "actor-alice", name: "Alice", roles: ["ADMIN"] },
  { id: "actor-bob", name: "Bob", roles: ["RELEASE_ENGINEER"] },
  { id: "actor-carol", name: "Carol", roles: ["AUDITOR", "SECURITY_OFFICER"] },
];

function payloadFor(i: number): AuditPayload {
  switch (i % 4) {
    case 0:
      return { type: "auth.sign_out" };
    case 1:
      return { type: "user.created", email: `u${i}@x.test`, roles: ["AUDITOR"], source: "test" };
    case 2:
      return { type: "authz.denied", permission: "audit:verify", target: "trpc:audit.verifyChain" };
    default:
      return { type: "auth.sign_in", method: "password", reauthentication: false };
  }
}

// the same id under two subject types, so a filter on the id alone cannot pass for one on type and id
function subjectFor(i: number): AuditSubject & { id: string } {
  if (i % 5 === 0) return { type: "release", id: "rel-1" };
  if (i % 5 === 1) return { type: "user", id: "rel-1" };
  return { type: "user", id: `u${i}` };
}

let db: TestDatabase;
const seeded: Seeded[] = [];
const clock = manualClock("2026-11-22T09:00:00.000Z");

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.$transaction(
    async (tx) => {
      for (let i = 0; i < EVENT_COUNT; i += 1) {
        clock.advance(60_000);
        const actor = actors[i % actors.length] as AuditActor & { id: string };
        const payload = payloadFor(i);
        const subject = subjectFor(i);
        const { seq } = await appendAudit(tx, {
          payload,
          actor,
          subject,
          request: { requestId: `req_${i}`, ip: "10.0.0.7", userAgent: "vitest" },
          clock,
        });
        seeded.push({
          seq,
          occurredAt: clock.now(),
          actorId: actor.id,
          action: payload.type,
          subjectType: subject.type,
          subjectId: subject.id,
        });
      }
      // Prisma's default 5 s interactive-transaction limit is too short for this seeding on a loaded machine
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
});
afterAll(async () => {
  await db.close();
});

function find(input: AuditListInput) {
  return findAuditEvents(db.prisma, input);
}

async function walkForward(input: AuditListInput): Promise<AuditPage[]> {
  let page = await find(input);
  const pages = [page];
  while (page.nextCursor !== null) {
    if (pages.length > EVENT_COUNT) throw new Error("paging does not end");
    page = await find({ ...input, after: page.nextCursor });
    pages.push(page);
  }
  return pages;
}

/** From the last page back to the first with `before: previousCursor`; returned first page first. */
async function walkBack(input: AuditListInput, last: AuditPage): Promise<AuditPage[]> {
  let page = last;
  const pages = [page];
  while (page.previousCursor !== null) {
    if (pages.length > EVENT_COUNT) throw new Error("paging back does not end");
    page = await find({ ...input, before: page.previousCursor });
    pages.unshift(page);
  }
  return pages;
}

const seqsOf = (pages: AuditPage[]) => pages.flatMap((page) => page.events.map((event) => event.seq));
const seededSeqs = (keep: (event: Seeded) => boolean) => seeded.filter(keep).map((event) => event.seq);
const descending = (seqs: number[]) => [...seqs].sort((a, b) => b - a);

describe("keyset paging", () => {
  it("has the events to page through", () => {
    expect(seeded.map((event) => event.seq)).toEqual(Array.from({ length: EVENT_COUNT }, (_, i) => i + 1));
  });

  it("walks newest first, every event exactly once, and back again to the same pages", async () => {
    const pages = await walkForward({ limit: 50 });
    expect(pages.map((page) => page.events.length)).toEqual([50, 50, 30]);
    expect(seqsOf(pages)).toEqual(descending(seededSeqs(() => true)));
    expect(pages[0]?.previousCursor).toBeNull();
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(pages.slice(0, -1).every((page) => page.nextCursor !== null)).toBe(true);

    expect(await walkBack({ limit: 50 }, pages.at(-1) as AuditPage)).toEqual(pages);
  });

  it("walks oldest first, every event exactly once, and back again to the same pages", async () => {
    const pages = await walkForward({ order: "asc", limit: 50 });
    expect(pages.map((page) => page.events.length)).toEqual([50, 50, 30]);
    expect(seqsOf(pages)).toEqual(seededSeqs(() => true));
    expect(pages[0]?.previousCursor).toBeNull();
    expect(pages.at(-1)?.nextCursor).toBeNull();

    expect(await walkBack({ order: "asc", limit: 50 }, pages.at(-1) as AuditPage)).toEqual(pages);
  });

  it("gives one page with no cursors when everything fits", async () => {
    const page = await find({ limit: 200 });
    expect(page.events).toHaveLength(EVENT_COUNT);
    expect(page).toMatchObject({ nextCursor: null, previousCursor: null });
  });

  it("shows each event as a summary with who, what, on what and from where", async () => {
    const page = await find({ limit: 1 });
    const newest = seeded.at(-1) as Seeded;
    expect(page.events).toEqual([
      {
        seq: EVENT_COUNT,
        occurredAt: newest.occurredAt,
        actor: { id: "actor-alice", name: "Alice", roles: ["ADMIN"] },
        action: newest.action,
        subject: { type: newest.subjectType, id: newest.subjectId },
        requestId: `req_${EVENT_COUNT - 1}`,
        ip: "10.0.0.7",
      },
    ]);
  });
});

describe("filters return exactly the matching events, across pages", () => {
  it("by actor", async () => {
    const input: AuditListInput = { limit: 10, filters: { actorId: "actor-bob" } };
    const pages = await walkForward(input);
    expect(seqsOf(pages)).toEqual(descending(seededSeqs((event) => event.actorId === "actor-bob")));
    expect(pages.flatMap((page) => page.events).every((event) => event.actor.name === "Bob")).toBe(true);
    expect(await walkBack(input, pages.at(-1) as AuditPage)).toEqual(pages);
  });

  it("by action", async () => {
    const pages = await walkForward({ order: "asc", limit: 7, filters: { action: "authz.denied" } });
    expect(seqsOf(pages)).toEqual(seededSeqs((event) => event.action === "authz.denied"));
    expect(seqsOf(pages)).toHaveLength(32);
  });

  it("by subject type and id together", async () => {
    const pages = await walkForward({ limit: 50, filters: { subjectType: "release", subjectId: "rel-1" } });
    expect(seqsOf(pages)).toEqual(
      descending(seededSeqs((event) => event.subjectType === "release" && event.subjectId === "rel-1")),
    );
    expect(seqsOf(pages)).toHaveLength(26);
    // the id alone also matches the users that share it
    const byIdOnly = await walkForward({ limit: 50, filters: { subjectId: "rel-1" } });
    expect(seqsOf(byIdOnly)).toHaveLength(52);
  });

  it("by time range, both ends included", async () => {
    const from = (seeded[39] as Seeded).occurredAt;
    const to = (seeded[59] as Seeded).occurredAt;
    const pages = await walkForward({ limit: 8, filters: { from, to } });
    expect(seqsOf(pages)).toEqual(descending(Array.from({ length: 21 }, (_, i) => 40 + i)));
    // ISO strings from a URL work the same
    const fromUrl = await find({ limit: 200, filters: { from: from.toISOString(), to: to.toISOString() } });
    expect(fromUrl.events.map((event) => event.seq)).toEqual(seqsOf(pages));
  });

  it("by actor, action and time together", async () => {
    const from = (seeded[20] as Seeded).occurredAt;
    const page = await find({
      limit: 200,
      filters: { actorId: "actor-carol", action: "auth.sign_in", from },
    });
    expect(page.events.map((event) => event.seq)).toEqual(
      descending(
        seededSeqs(
          (event) =>
            event.actorId === "actor-carol" && event.action === "auth.sign_in" && event.occurredAt >= from,
        ),
      ),
    );
    expect(page.events.length).toBeGreaterThan(0);
  });

  it("an actor with no events gives an empty page", async () => {
    expect(await find({ filters: { actorId: "actor-nobody" } })).toEqual({
      events: [],
      nextCursor: null,
      previousCursor: null,
    });
  });
});

describe("invalid input is refused", () => {
  async function refusal(input: AuditListInput) {
    const error = await find(input).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ZodError);
    return (error as ZodError).issues.map((issue) => ({
      path: issue.path.join("."),
      message: issue.message,
    }));
  }

  it("a limit of 0", async () => {
    expect(await refusal({ limit: 0 })).toEqual([{ path: "limit", message: expect.any(String) }]);
  });

  it("a limit above 200", async () => {
    expect(await refusal({ limit: 201 })).toEqual([{ path: "limit", message: expect.any(String) }]);
  });

  it("'from' after 'to'", async () => {
    expect(await refusal({ filters: { from: "2026-11-23T00:00:00Z", to: "2026-11-22T00:00:00Z" } })).toEqual([
      { path: "filters.to", message: "'from' must be before 'to'" },
    ]);
  });

  it("both 'after' and 'before'", async () => {
    const issues = await refusal({ after: 10, before: 20 });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/'after'.*'before'/);
  });

  it("an unknown action", async () => {
    expect(await refusal({ filters: { action: "user.deleted" } })).toEqual([
      { path: "filters.action", message: expect.any(String) },
    ]);
  });

  it("a cursor that is not a sequence number", async () => {
    expect(await refusal({ after: -1 })).toEqual([{ path: "after", message: expect.any(String) }]);
  });
});
