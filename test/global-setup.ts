// Migrates one embedded database before the test files run and hands its snapshot to them: booting a fresh
// PGlite (initdb) costs seconds, loading a snapshot a fraction of that.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/server/db/connection";
import { applyMigrations } from "@/server/db/migrations";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string | null;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("pgliteSnapshot", null);
    return;
  }
  const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
  await applyMigrations(db.adapterFactory);
  const snapshot = await db.snapshot();
  await db.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-")), "migrated.tar");
  fs.writeFileSync(file, Buffer.from(await snapshot.arrayBuffer()));
  project.provide("pgliteSnapshot", file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
