// The account list against a real database: keyset pages in both sorts and orders (with creation-time ties),
// each filter alone and combined, and refused input.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { ROLES, type Role } from "../authz/permissions";
import { manualClock } from "../lib/clock";
import { createCaller } from "../trpc/root";
import { findUsers } from "./find-users";
import { encodeUserCursor, type UserListInput, type UserStatus, type UserSummary } from "./schemas";

const COUNT = 37;
const clock = manualClock("2026-11-22T09:00:00.000Z");
const base = new Date("2026-01-01T00:00:00.000Z").getTime();

type Seeded = { id: string; email: string; name: string; roles: Role[]; createdAt: Date; status: UserStatus };

let db: TestDatabase;
const seeded: Seeded[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  for (let i = 0; i < COUNT; i += 1) {
    const disabled = i % 7 === 0;
    // a running lock, an expired one, or none
    const lockedUntil =
      i % 6 === 1
        ? new Date(clock.now().getTime() + 600_000)
        : i % 6 === 2
          ? new Date(clock.now().getTime() - 1)
          : null;
    const status: UserStatus = disabled ? "disabled" : i % 6 === 1 ? "locked" : "active";
    const roles: Role[] = i % 4 === 0 ? ["AUDITOR", "ADMIN"] : [ROLES[i % ROLES.length] as Role];
    const email = `member${String(i).padStart(3, "0")}@paging.test`;
    const name = `${i % 2 === 0 ? "Even" : "Odd"} Member ${i}`;
    // three accounts per minute: creation times tie, and the id must break the tie
    const createdAt = new Date(base + Math.floor(i / 3) * 60_000);
    const row = await db.prisma.user.create({
      data: { email, name, roles, disabled, lockedUntil, createdAt, passwordHash: i % 5 === 0 ? null : "x" },
      select: { id: true },
    });
    seeded.push({ id: row.id, email, name, roles, createdAt, status });
  }
  for (const email of ["under_score@wild.test", "underxscore@wild.test", "per%cent@wild.test"]) {
    await db.prisma.user.create({ data: { email, name: "Wild Card", roles: ["AUDITOR"] } });
  }
});
afterAll(async () => {
  await db.close();
});

const find = (input: UserListInput) => findUsers(db.prisma, input, clock);

async function walk(input: UserListInput): Promise<UserSummary[][]> {
  const pages: UserSummary[][] = [];
  let after: string | undefined;
  do {
    const page = await find({ ...input, after });
    pages.push(page.users);
    after = page.nextCursor ?? undefined;
    if (pages.length > COUNT + 1) throw new Error("paging does not end");
  } while (after);
  return pages;
}

const ids = (pages: UserSummary[][]) => pages.flat().map((user) => user.id);
const onlyMembers: NonNullable<UserListInput>["filters"] = { search: "@paging.test" };
const byEmail = (a: Seeded, b: Seeded) => (a.email < b.email ? -1 : 1);
const byCreated = (a: Seeded, b: Seeded) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1);

describe("keyset paging", () => {
  it("by email, both orders: every account exactly once, in order", async () => {
    const asc = await walk({ limit: 7, filters: onlyMembers });
    expect(asc.map((page) => page.length)).toEqual([7, 7, 7, 7, 7, 2]);
    expect(ids(asc)).toEqual([...seeded].sort(byEmail).map((user) => user.id));
    const desc = await walk({ limit: 10, order: "desc", filters: onlyMembers });
    expect(ids(desc)).toEqual(
      [...seeded]
        .sort(byEmail)
        .reverse()
        .map((user) => user.id),
    );
  });

  it("by creation time, both orders, with ties broken by id across page boundaries", async () => {
    // a page size of 2 cuts through every group of three accounts created in the same minute
    const asc = await walk({ limit: 2, sort: "createdAt", filters: onlyMembers });
    expect(ids(asc)).toEqual([...seeded].sort(byCreated).map((user) => user.id));
    const desc = await walk({ limit: 4, sort: "createdAt", order: "desc", filters: onlyMembers });
    expect(ids(desc)).toEqual(
      [...seeded]
        .sort(byCreated)
        .reverse()
        .map((user) => user.id),
    );
  });

  it("gives one page and no cursor when everything fits", async () => {
    const page = await find({ limit: 200, filters: onlyMembers });
    expect(page.users).toHaveLength(COUNT);
    expect(page.nextCursor).toBeNull();
  });

  it("shows each account as a summary without its password hash", async () => {
    const page = await find({ limit: 1, filters: onlyMembers });
    const first = [...seeded].sort(byEmail)[0] as Seeded;
    expect(page.users).toEqual([
      {
        id: first.id,
        email: first.email,
        name: first.name,
        roles: first.roles,
        signInMethod: "none",
        status: first.status,
        lockedUntil: null,
        failedLoginCount: 0,
        lastLoginAt: null,
        createdAt: first.createdAt,
      },
    ]);
  });
});

describe("filters, across pages", () => {
  it("by role", async () => {
    const pages = await walk({ limit: 3, filters: { ...onlyMembers, role: "ADMIN" } });
    const expected = seeded.filter((user) => user.roles.includes("ADMIN")).sort(byEmail);
    expect(ids(pages)).toEqual(expected.map((user) => user.id));
    expect(expected.length).toBeGreaterThan(3);
  });

  it.each(["active", "disabled", "locked"] as const)("by status %s", async (status) => {
    const pages = await walk({ limit: 4, filters: { ...onlyMembers, status } });
    const expected = seeded.filter((user) => user.status === status).sort(byEmail);
    expect(ids(pages)).toEqual(expected.map((user) => user.id));
    expect(pages.flat().every((user) => user.status === status)).toBe(true);
    expect(expected.length).toBeGreaterThan(0);
  });

  it("a lock that has run out counts as active, and shows no lock time", async () => {
    const expired = seeded.find((_, i) => i % 6 === 2 && i % 7 !== 0) as Seeded;
    const page = await find({ filters: { search: expired.email } });
    expect(page.users).toMatchObject([{ id: expired.id, status: "active", lockedUntil: null }]);
  });

  it("by text in the name or the email, ignoring case", async () => {
    const byName = await walk({ limit: 5, filters: { search: "ODD member" } });
    expect(ids(byName)).toEqual(
      seeded
        .filter((user) => user.name.startsWith("Odd"))
        .sort(byEmail)
        .map((user) => user.id),
    );
    const byEmailText = await find({ filters: { search: "MEMBER012@" } });
    expect(byEmailText.users.map((user) => user.email)).toEqual(["member012@paging.test"]);
  });

  it("takes % and _ in the search text literally", async () => {
    const underscore = await find({ filters: { search: "under_score" } });
    expect(underscore.users.map((user) => user.email)).toEqual(["under_score@wild.test"]);
    const percent = await find({ filters: { search: "%" } });
    expect(percent.users.map((user) => user.email)).toEqual(["per%cent@wild.test"]);
  });

  it("role, status and text together", async () => {
    const page = await find({ limit: 200, filters: { search: "even", role: "ADMIN", status: "active" } });
    const expected = seeded
      .filter(
        (user) => user.name.startsWith("Even") && user.roles.includes("ADMIN") && user.status === "active",
      )
      .sort(byEmail);
    expect(page.users.map((user) => user.id)).toEqual(expected.map((user) => user.id));
    expect(expected.length).toBeGreaterThan(0);
  });

  it("nothing matching gives an empty page", async () => {
    expect(await find({ filters: { search: "nobody-has-this" } })).toEqual({ users: [], nextCursor: null });
  });
});

describe("through the router", () => {
  it("lists for administrators and refuses a cursor it did not hand out", async () => {
    const admin = await createTestUser(db.prisma, { roles: ["ADMIN"] });
    const caller = createCaller(contextFor(db.prisma, admin, { clock }));
    expect((await caller.users.list({ limit: 5 })).users).toHaveLength(5);
    for (const after of ["garbage", encodeUserCursor({ value: "not a date", id: crypto.randomUUID() })]) {
      const error = await caller.users
        .list({ sort: "createdAt", after })
        .then(() => null)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      expect((error as TRPCError).message).toMatch(/Not a valid page cursor/);
    }
  });
});
