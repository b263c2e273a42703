// The databases the benchmarks run on: PGlite in memory, and optionally a throwaway database on the PostgreSQL
// server named by BENCH_DATABASE_URL (created for the run, dropped afterwards). Both get the real migrations.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "../server/db/connection";
import { applyMigrations } from "../server/db/migrations";

export type BenchDatabase = Database & { label: string };

/**
 * The real migrations, then autovacuum off for the audit table, so that a server does not gather planner
 * statistics at a moment of its choosing mid-run: the page benchmark times a query before and after ANALYZE.
 */
async function prepare(db: Database): Promise<void> {
  await applyMigrations(db.adapterFactory);
  await db.prisma.$executeRaw`ALTER TABLE audit_events SET (autovacuum_enabled = false)`;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function openEmbeddedBenchDatabase(): Promise<BenchDatabase> {
  const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
  try {
    await prepare(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return { ...db, label: "PGlite (embedded, in memory)" };
}

/** PGlite in a temporary directory, as `npm start` runs it: a log of a million events does not fit in memory. */
export async function openEmbeddedOnDiskBenchDatabase(): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-"));
  const db = await openDatabase({ kind: "pglite", dataDir });
  const close = async () => {
    try {
      await db.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  try {
    await prepare(db);
  } catch (error) {
    await close();
    throw error;
  }
  return { ...db, label: "PGlite (embedded, on disk)", close };
}

export async function openServerBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `portal_bench_${randomBytes(6).toString("hex")}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const drop = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  let db: Database;
  try {
    db = await openDatabase({ kind: "postgres", url: url.toString() });
  } catch (error) {
    await drop();
    throw error;
  }
  const close = async () => {
    try {
      await db.close();
    } finally {
      await drop();
    }
  };
  try {
    await prepare(db);
  } catch (error) {
    await close();
    throw error;
  }
  const server = await serverVersion(db);
  return { ...db, label: `PostgreSQL ${server} (${name} on ${url.host})`, close };
}

async function serverVersion(db: Database): Promise<string> {
  const rows = await db.prisma.$queryRaw<{ server_version: string }[]>`SHOW server_version`;
  // "15.20 (Debian 15.20-0+deb12u1)": the number is enough
  return rows[0]?.server_version.split(" ")[0] ?? "(unknown version)";
}
