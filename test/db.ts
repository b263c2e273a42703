// The database for integration tests: PGlite in memory by default, or a fresh database on the PostgreSQL server
// named by TEST_DATABASE_URL (created for this test file, dropped afterwards). Both get the real migrations.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";

export type TestDatabase = Database & { kind: "pglite" | "postgres" };

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const snapshot = inject("pgliteSnapshot");
    const from = snapshot ? new Blob([fs.readFileSync(snapshot)]) : undefined;
    const db = await openDatabase({ kind: "pglite", dataDir: "memory://", from });
    // a no-op on the migrated snapshot; it also proves the migrations table is what the engine expects
    await applyMigrations(db.adapterFactory);
    return { ...db, kind: "pglite" };
  }
  const name = `portal_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const db = await openDatabase({ kind: "postgres", url: withDatabaseName(serverUrl, name) });
  await applyMigrations(db.adapterFactory);
  return {
    ...db,
    kind: "postgres",
    close: async () => {
      await db.close();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
