// Migrations in Prisma's own folder format (prisma/migrations/<timestamp>_<name>/migration.sql), applied
// through the WASM schema engine. The engine records them in `_prisma_migrations` exactly as
// `prisma migrate deploy` would, so a connected machine running the native CLI agrees with what we did.
import fs from "node:fs";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaFilter } from "@prisma/schema-engine-wasm";
import { closingConnections } from "./migration-adapter";
import { openSchemaEngine } from "./schema-engine";

export type MigrationPaths = { schemaPath: string; migrationsDir: string };

export function defaultMigrationPaths(root = process.cwd()): MigrationPaths {
  return {
    schemaPath: path.join(/* turbopackIgnore: true */ root, "prisma/schema.prisma"),
    migrationsDir: path.join(/* turbopackIgnore: true */ root, "prisma/migrations"),
  };
}

export const noFilters: SchemaFilter = { externalTables: [], externalEnums: [] };
export const LOCK_FILE = "migration_lock.toml";

export function readMigrationsList(migrationsDir: string): MigrationList {
  const names = fs.existsSync(/* turbopackIgnore: true */ migrationsDir)
    ? fs
        .readdirSync(/* turbopackIgnore: true */ migrationsDir)
        .filter((name) =>
          fs.existsSync(/* turbopackIgnore: true */ path.join(migrationsDir, name, "migration.sql")),
        )
        .sort()
    : [];
  const lockPath = path.join(migrationsDir, LOCK_FILE);
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: LOCK_FILE,
      content: fs.existsSync(/* turbopackIgnore: true */ lockPath)
        ? fs.readFileSync(/* turbopackIgnore: true */ lockPath, "utf8")
        : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: {
          tag: "ok",
          value: fs.readFileSync(
            /* turbopackIgnore: true */ path.join(migrationsDir, name, "migration.sql"),
            "utf8",
          ),
        },
      },
    })),
  };
}

/** Applies every migration not yet recorded in the database; returns the names it applied. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = defaultMigrationPaths(),
): Promise<string[]> {
  const connections = closingConnections(adapterFactory);
  const engine = await openSchemaEngine({
    schemaPath: paths.schemaPath,
    adapterFactory: connections.factory,
  });
  try {
    const result = await engine.applyMigrations({
      migrationsList: readMigrationsList(paths.migrationsDir),
      filters: noFilters,
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
    await connections.closeAll();
  }
}
