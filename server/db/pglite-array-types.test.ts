// A fresh embedded database (no snapshot, as on a first `npm start`) must take enum-array parameters right after
// its migrations ran, in the same process. The test harness starts from a migrated snapshot, which hid this.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Database, openDatabase } from "./connection";
import { applyMigrations } from "./migrations";

let db: Database;

beforeAll(async () => {
  db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
  await applyMigrations(db.adapterFactory);
});
afterAll(async () => {
  await db.close();
});

it("filters on the roles array with an enum parameter on a database migrated in this process", async () => {
  await db.prisma.user.create({ data: { email: "a@x.test", name: "A", roles: ["AUDITOR", "ADMIN"] } });
  await db.prisma.user.create({ data: { email: "b@x.test", name: "B", roles: ["AUDITOR"] } });
  expect(await db.prisma.user.count({ where: { roles: { has: "ADMIN" } } })).toBe(1);
  const auditors = await db.prisma.user.findMany({
    where: { roles: { has: "AUDITOR" } },
    select: { email: true },
  });
  expect(auditors.map((user) => user.email).sort()).toEqual(["a@x.test", "b@x.test"]);
});
