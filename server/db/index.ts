import "server-only";
import fs from "node:fs";
import { env } from "../env";
import { type Database, openDatabase } from "./connection";
import { applyMigrations } from "./migrations";
import { seedDemoData } from "./seed";

export type { Database } from "./connection";
export type { PrismaClient } from "./generated/client";

// One database handle per server process, kept on globalThis so that dev-mode reloads reuse it
// (a second PGlite on the same directory would corrupt it).
const holder = globalThis as unknown as { portalDatabase?: Promise<Database> };

async function startDatabase(): Promise<Database> {
  const target = env.DATABASE_URL
    ? ({ kind: "postgres", url: env.DATABASE_URL } as const)
    : ({ kind: "pglite", dataDir: env.PGLITE_DIR } as const);
  if (target.kind === "pglite") fs.mkdirSync(target.dataDir, { recursive: true });
  const db = await openDatabase(target);
  await applyMigrations(db.adapterFactory);
  if (env.DEMO_MODE) await seedDemoData(db.prisma);
  return db;
}

/** The process's database, migrated (and seeded in demo mode) before first use. */
export function getDatabase(): Promise<Database> {
  holder.portalDatabase ??= startDatabase().catch((error: unknown) => {
    holder.portalDatabase = undefined;
    throw error;
  });
  return holder.portalDatabase;
}

export async function getPrisma() {
  return (await getDatabase()).prisma;
}
