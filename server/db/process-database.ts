// The database of this server process: opened, migrated (and seeded in demo mode) once, then shared. Kept on
// globalThis because Next loads server code in more than one bundle (instrumentation, pages, route handlers)
// and reloads it in development; a second PGlite on the same directory would corrupt it.
import fs from "node:fs";
import { env } from "../env";
import { seedDemoContinuity } from "../evidence/continuity/seed-continuity";
import { seedDemoEvidence } from "../evidence/seed-evidence";
import { logger } from "../lib/logger";
import { seedDemoPolicies } from "../policies/seed-policies";
import { seedDemoSigningKeys } from "../signing/keys/seed-signing-keys";
import { type Database, openDatabase } from "./connection";
import { applyMigrations } from "./migrations";
import { seedDemoData, seedDemoEvidenceTrail } from "./seed";

const holder = globalThis as unknown as { portalDatabase?: Promise<Database> };

async function startDatabase(): Promise<Database> {
  const target = env.DATABASE_URL
    ? ({ kind: "postgres", url: env.DATABASE_URL } as const)
    : ({ kind: "pglite", dataDir: env.PGLITE_DIR } as const);
  if (target.kind === "pglite") fs.mkdirSync(target.dataDir, { recursive: true });
  const db = await openDatabase(target);
  const applied = await applyMigrations(db.adapterFactory);
  const seeded = env.DEMO_MODE ? await seedDemoData(db.prisma) : { created: 0 };
  const keys = env.DEMO_MODE ? await seedDemoSigningKeys(db.prisma) : { created: 0 };
  // after the keys: the demo attestation and the demo bundle are signed with the attestation key
  const evidence = env.DEMO_MODE ? await seedDemoEvidence(db.prisma) : { created: 0 };
  // after the evidence seed (which seeds only an empty store): the demo pack, and demo 2's gated release
  const policies = env.DEMO_MODE ? await seedDemoPolicies(db.prisma) : { packs: 0, evaluations: 0 };
  const trail = env.DEMO_MODE
    ? await seedDemoEvidenceTrail(db.prisma, { origin: env.AUDIT_CHECKPOINT_ORIGIN })
    : { checkpoints: 0, logs: 0 };
  // after the keys: the demo's attestation and continuity report are signed with them
  const snapshots = env.DEMO_MODE ? await seedDemoContinuity(db.prisma) : { created: 0 };
  // PGlite runs no autovacuum, so the planner would never get statistics and filtered audit pages would fall
  // back to sorting every match (measured by npm run bench); refresh them once per start.
  if (target.kind === "pglite") await db.prisma.$executeRawUnsafe("ANALYZE");
  logger.info("database ready", {
    database: target.kind === "pglite" ? `embedded (${target.dataDir})` : "postgresql",
    migrationsApplied: applied,
    demoAccountsCreated: seeded.created,
    demoSigningKeysCreated: keys.created,
    demoEvidenceCreated: evidence.created,
    demoPolicyPacksCreated: policies.packs,
    demoCheckpointsSigned: trail.checkpoints,
    demoMirrorLogsCreated: trail.logs,
    demoSnapshotsCreated: snapshots.created,
  });
  return db;
}

export function getProcessDatabase(): Promise<Database> {
  holder.portalDatabase ??= startDatabase().catch((error: unknown) => {
    holder.portalDatabase = undefined;
    throw error;
  });
  return holder.portalDatabase;
}
