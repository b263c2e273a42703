// Offline migrations: they apply once, are recorded exactly as `prisma migrate deploy` records them (so the
// native CLI agrees on a connected machine), install the audit triggers, and new ones can be created offline.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { type Database, openDatabase } from "./connection";
import { createMigration } from "./create-migration";
import { applyMigrations, defaultMigrationPaths } from "./migrations";

// the key Prisma's schema engine passes to pg_advisory_lock while it migrates
const PRISMA_MIGRATION_LOCK = 72707369;

const paths = defaultMigrationPaths();
const folders = fs
  .readdirSync(paths.migrationsDir)
  .filter((name) => fs.existsSync(path.join(paths.migrationsDir, name, "migration.sql")))
  .sort();

function sha256Of(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

type MigrationRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
};

async function recordedMigrations(db: Database): Promise<MigrationRow[]> {
  return db.prisma.$queryRaw<MigrationRow[]>`
    SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs
    FROM _prisma_migrations ORDER BY migration_name`;
}

async function auditTriggers(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<{ tgname: string }[]>`
    SELECT tgname FROM pg_trigger
    WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal ORDER BY tgname`;
  return rows.map((row) => row.tgname);
}

function expectRecordedAsPrismaWould(rows: MigrationRow[]) {
  expect(rows.map((row) => row.migration_name)).toEqual(folders);
  for (const row of rows) {
    expect(row).toMatchObject({
      checksum: sha256Of(path.join(paths.migrationsDir, row.migration_name, "migration.sql")),
      rolled_back_at: null,
      applied_steps_count: 1,
      logs: null,
    });
    expect(row.finished_at).toBeInstanceOf(Date);
  }
}

/** An empty database: PGlite in memory, and a new database on the server when TEST_DATABASE_URL is set. */
type EmptyTarget = {
  label: string;
  open: () => Promise<Database>;
  /** other processes can connect to it, so a lock left behind would make them wait */
  shared: boolean;
};

const emptyTargets: EmptyTarget[] = [
  {
    label: "PGlite in memory",
    shared: false,
    open: () => openDatabase({ kind: "pglite", dataDir: "memory://" }),
  },
];
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  emptyTargets.push({
    label: "PostgreSQL",
    shared: true,
    open: async () => {
      const name = `portal_migrations_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const db = await openDatabase({ kind: "postgres", url: url.toString() });
      return {
        ...db,
        close: async () => {
          await db.close();
          const dropper = new pg.Client({ connectionString: serverUrl });
          await dropper.connect();
          await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await dropper.end();
        },
      };
    },
  });
}

it("there are migrations to apply", () => {
  expect(folders.length).toBeGreaterThan(0);
  expect(folders.every((name) => /^\d{14}_[a-z0-9_]+$/.test(name))).toBe(true);
});

describe.each(emptyTargets)("on an empty database ($label)", ({ open, shared }) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db.close();
  });

  it("applies every migration once, then nothing", async () => {
    expect(await applyMigrations(db.adapterFactory)).toEqual(folders);
    expect(await applyMigrations(db.adapterFactory)).toEqual([]);
    expectRecordedAsPrismaWould(await recordedMigrations(db));
    expect(await auditTriggers(db)).toEqual([
      "audit_events_no_delete",
      "audit_events_no_truncate",
      "audit_events_no_update",
    ]);
  });

  if (shared) {
    it("releases Prisma's migration lock when done, so another instance can migrate at once", async () => {
      await applyMigrations(db.adapterFactory);
      const held = await db.prisma.$queryRaw<{ pid: number }[]>`
        SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND l.objid = ${PRISMA_MIGRATION_LOCK} AND d.datname = current_database()`;
      expect(held).toEqual([]);
    });
  }
});

describe("on the migrated test database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it("has nothing left to apply", async () => {
    expect(await applyMigrations(db.adapterFactory)).toEqual([]);
    expect(await recordedMigrations(db)).toHaveLength(folders.length);
  });

  it("records one finished row per migration folder, with Prisma's checksum", async () => {
    expectRecordedAsPrismaWould(await recordedMigrations(db));
  });

  it("has the append-only triggers on the audit table", async () => {
    expect(await auditTriggers(db)).toEqual([
      "audit_events_no_delete",
      "audit_events_no_truncate",
      "audit_events_no_update",
    ]);
  });
});

describe("creating a migration offline", () => {
  function listing(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
  }

  it("finds nothing to do when the schema matches the migrations, and writes nothing", async () => {
    const before = listing(path.dirname(paths.schemaPath));
    expect(await createMigration({ name: "no_changes", paths })).toBeNull();
    expect(listing(path.dirname(paths.schemaPath))).toEqual(before);
  });

  it("writes a new migration folder for a schema change, which then applies and leaves nothing to do", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "portal-migration-"));
    try {
      const prismaDir = path.join(tmp, "prisma");
      fs.cpSync(path.dirname(paths.schemaPath), prismaDir, { recursive: true });
      const copy = {
        schemaPath: path.join(prismaDir, "schema.prisma"),
        migrationsDir: path.join(prismaDir, "migrations"),
      };
      fs.appendFileSync(
        copy.schemaPath,
        '\nmodel Widget {\n  id   Int    @id\n  name String\n\n  @@map("widgets")\n}\n',
      );

      const dir = await createMigration({
        name: "add_widgets",
        paths: copy,
        now: new Date("2027-01-02T03:04:05.678Z"),
      });
      expect(dir).toBe(path.join(copy.migrationsDir, "20270102030405_add_widgets"));
      expect(fs.readdirSync(copy.migrationsDir).sort()).toEqual(
        [...folders, "20270102030405_add_widgets", "migration_lock.toml"].sort(),
      );
      const sql = fs.readFileSync(path.join(dir as string, "migration.sql"), "utf8");
      expect(sql).toMatch(/CREATE TABLE "widgets" \(/);
      expect(sql).toContain('"name" TEXT NOT NULL');
      expect(sql).not.toMatch(/audit_events|"users"/);

      // the new migration is complete: applied after the others, it leaves the schema with nothing to add
      const db = await openDatabase({ kind: "pglite", dataDir: "memory://" });
      try {
        expect(await applyMigrations(db.adapterFactory, copy)).toEqual([
          ...folders,
          "20270102030405_add_widgets",
        ]);
        expect(await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM widgets`).toEqual([
          { n: 0n },
        ]);
      } finally {
        await db.close();
      }
      expect(await createMigration({ name: "again", paths: copy })).toBeNull();
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    // three WASM schema-engine runs over every migration: about 20 s alone, several times that on a busy CI machine
  }, 180_000);

  it.each(["Bad Name", "add-widgets", "", "../escape"])(
    "refuses the name %j and writes nothing",
    async (name) => {
      const before = listing(paths.migrationsDir);
      await expect(createMigration({ name, paths })).rejects.toThrow(
        "migration name: use lower-case letters, digits and underscores",
      );
      expect(listing(paths.migrationsDir)).toEqual(before);
    },
  );
});
