// One schema, one generated client; the driver adapter decides which database is behind it:
// PGlite (PostgreSQL compiled to WASM, in a directory or in memory) or a PostgreSQL server.
import type {
  SqlDriverAdapterFactory,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaClient } from "./generated/client";
import { withWholeScriptExecution } from "./migration-adapter";

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  /** dataDir "memory://" keeps nothing; `from` starts the database from a snapshot (tests) */
  | { kind: "pglite"; dataDir: string; from?: Blob };

function createClient(adapter: SqlDriverAdapterFactory) {
  // Secret columns never leave the database unless a query asks for them by name.
  return new PrismaClient({
    adapter,
    omit: { user: { passwordHash: true }, signingKey: { backendRef: true } },
    // Writers queue on the audit log's advisory lock, and a signing step may wait on an HSM or a KMS: Prisma's
    // defaults (2 s to start, 5 s to finish) refused work under load that was merely slow, not stuck.
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
}

export type PortalPrisma = ReturnType<typeof createClient>;
/** What a service receives inside `prisma.$transaction(async (tx) => ...)`. */
export type PortalTx = Omit<PortalPrisma, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export type Database = {
  prisma: PortalPrisma;
  /** the same database, for the schema engine (migrations only) */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  target: DatabaseTarget;
  close: () => Promise<void>;
  /** PGlite only: the whole database as a tarball, to start other instances from */
  snapshot: () => Promise<Blob>;
};

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const { default: pg } = await import("pg");
    const queryAdapter = new PrismaPg({ connectionString: target.url });
    const prisma = createClient(queryAdapter);
    const adapterFactory = withWholeScriptExecution(queryAdapter, async (script) => {
      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        await client.query(script);
      } finally {
        await client.end();
      }
    });
    return {
      prisma,
      adapterFactory,
      target,
      close: () => prisma.$disconnect(),
      snapshot: () => Promise.reject(new Error("snapshots are for the embedded database only")),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  // "memory://" for tests; otherwise a directory that persists between runs
  const lite = target.from ? new PGlite({ loadDataDir: target.from }) : new PGlite(target.dataDir);
  await lite.waitReady;
  const queryAdapter = new PrismaPGlite(lite);
  const prisma = createClient(queryAdapter);
  const adapterFactory = withWholeScriptExecution(queryAdapter, async (script) => {
    await lite.exec(script);
    // PGlite learns the database's array types when it opens, to send array parameters. A migration that adds
    // one (the Role enum brings Role[]) would otherwise leave ["ADMIN"] sent as the text "ADMIN" ("malformed
    // array literal") until the next restart: `roles: { has: ... }` failed on a fresh install only.
    await lite.refreshArrayTypes();
  });
  return {
    prisma,
    adapterFactory,
    target,
    // $disconnect alone leaves PGlite's worker alive and Node never exits
    close: async () => {
      await prisma.$disconnect();
      await lite.close();
    },
    snapshot: async () => (await lite.dumpDataDir("none")) as Blob,
  };
}
