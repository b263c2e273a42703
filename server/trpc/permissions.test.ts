// Walks every tRPC procedure against every role and checks the outcome against the matrix, so a procedure
// cannot ship without a declared rule, and a rule cannot drift from the matrix.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { ROLE_PERMISSIONS } from "../authz/matrix";
import { ROLES, type Role } from "../authz/permissions";
import type { ProcedureMeta } from "./access";
import type { SessionUser } from "./context";
import { appRouter, createCaller } from "./root";

type AnyCallable = (input?: unknown) => Promise<unknown>;

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>,
);

function callableAt(caller: unknown, path: string): AnyCallable {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as AnyCallable;
}

async function outcomeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

let db: TestDatabase;
const users = new Map<Role, SessionUser>();

beforeAll(async () => {
  db = await createTestDatabase();
  for (const role of ROLES) users.set(role, await createTestUser(db.prisma, { roles: [role] }));
});
afterAll(async () => {
  await db.close();
});

describe("every procedure declares who may call it", () => {
  it("has procedures to check", () => {
    expect(procedures.length).toBeGreaterThan(3);
  });
  it.each(procedures.map(([path, procedure]) => [path, procedure._def.meta] as const))(
    "%s",
    (_path, meta) => {
      expect(meta?.access?.kind).toMatch(/^(public|signed-in|permission)$/);
    },
  );
});

describe("signed out", () => {
  const guarded = procedures.filter(([, procedure]) => procedure._def.meta?.access.kind !== "public");
  it.each(guarded.map(([path]) => path))("%s answers UNAUTHORIZED", async (path) => {
    const caller = createCaller(contextFor(db.prisma, null));
    expect(await outcomeOf(callableAt(caller, path)(undefined))).toBe("UNAUTHORIZED");
  });
});

describe("each role against the matrix", () => {
  const cases = procedures.flatMap(([path, procedure]) =>
    ROLES.map((role) => [path, role, procedure._def.meta?.access] as const),
  );
  it.each(cases)("%s as %s", async (path, role, access) => {
    const user = users.get(role) as SessionUser;
    const caller = createCaller(contextFor(db.prisma, user));
    const outcome = await outcomeOf(callableAt(caller, path)(undefined));
    const allowed = access?.kind !== "permission" || ROLE_PERMISSIONS[role].includes(access.permission);
    if (allowed) {
      // allowed: the call reaches input validation or the service (it may still refuse the empty input)
      expect(outcome).not.toBe("FORBIDDEN");
      expect(outcome).not.toBe("UNAUTHORIZED");
    } else {
      expect(outcome).toBe("FORBIDDEN");
      const denial = await db.prisma.auditEvent.findFirst({
        where: { action: "authz.denied", actorId: user.id, subjectId: path },
      });
      expect(denial?.payload).toMatchObject({ type: "authz.denied", permission: access.permission });
    }
  });
});

// Reviewed: who may call each promotion procedure. The walk above checks every procedure against the matrix; this
// list makes a change of a promotion procedure's permission a deliberate edit (approvals and the freeze override
// are the sensitive ones: only promotion:approve decides, only a break-glass grant lifts a freeze).
describe("promotion procedures", () => {
  const expected: Record<string, string> = {
    "promotions.forRelease": "release:read",
    "promotions.queue": "release:read",
    "promotions.environments": "release:read",
    "promotions.request": "promotion:request",
    "promotions.promote": "promotion:request",
    "promotions.cancel": "promotion:request",
    "promotions.approve": "promotion:approve",
    "promotions.reject": "promotion:approve",
    "promotions.promoteThroughFreeze": "promotion:override-freeze",
    "promotions.updateEnvironment": "policy:manage",
    "promotions.createFreeze": "policy:manage",
    "promotions.deleteFreeze": "policy:manage",
  };
  it("declare the reviewed permissions", () => {
    const actual = Object.fromEntries(
      procedures
        .filter(([path]) => path.startsWith("promotions."))
        .map(([path, procedure]) => {
          const access = procedure._def.meta?.access;
          return [path, access?.kind === "permission" ? access.permission : (access?.kind ?? "none")];
        }),
    );
    expect(actual).toEqual(expected);
  });

  it("no role may lift a freeze by itself: only a break-glass grant carries promotion:override-freeze", () => {
    expect(ROLES.filter((role) => ROLE_PERMISSIONS[role].includes("promotion:override-freeze"))).toEqual([]);
  });

  it("decisions need a fresh sign-in even for a role that may decide", async () => {
    const engineer = users.get("RELEASE_ENGINEER") as SessionUser;
    const stale = { ...engineer, authTime: new Date(Date.now() - 10 * 60_000) };
    const caller = createCaller(contextFor(db.prisma, stale));
    for (const path of ["promotions.approve", "promotions.reject"]) {
      expect(
        await outcomeOf(callableAt(caller, path)({ requestId: "6f1c0e2a-4b7d-4c3e-8a61-2f9d0b7e5c11" })),
      ).toBe("PRECONDITION_FAILED");
    }
  });
});
