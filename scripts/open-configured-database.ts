// The database the configuration names (DATABASE_URL, else the embedded one under DATA_DIR), for the command-line
// tools; the server opens the same one in server/db/process-database.ts.
import fs from "node:fs";
import { type Database, openDatabase } from "../server/db/connection";
import { loadEnv } from "../server/env";

export async function withConfiguredDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const env = loadEnv();
  if (!env.DATABASE_URL) fs.mkdirSync(env.PGLITE_DIR, { recursive: true });
  const db = await openDatabase(
    env.DATABASE_URL
      ? { kind: "postgres", url: env.DATABASE_URL }
      : { kind: "pglite", dataDir: env.PGLITE_DIR },
  );
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
