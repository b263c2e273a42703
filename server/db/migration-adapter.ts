// The schema engine runs each migration file through the adapter's `executeScript`. Both stock adapters get
// that wrong for us: adapter-pg splits the script on every ";" (breaking the dollar-quoted trigger functions in
// our migrations) and pglite-prisma-adapter does not await it (so a failing migration is recorded as applied).
// This wrapper sends the whole file to the server as one simple query instead: PostgreSQL runs a
// multi-statement simple query as one implicit transaction, so a migration applies entirely or not at all.
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export function withWholeScriptExecution(
  inner: SqlMigrationAwareDriverAdapterFactory,
  runScript: (script: string) => Promise<void>,
): SqlMigrationAwareDriverAdapterFactory {
  const patch = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    Object.assign(adapter, { executeScript: (script: string) => runScript(script) });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => patch(await inner.connect()),
    connectToShadowDb: async () => patch(await inner.connectToShadowDb()),
  };
}

/**
 * The schema engine never disposes the connections it opens. With adapter-pg each one is a pool whose session
 * keeps holding Prisma's migration advisory lock, so the next migration run (another instance starting, or
 * `npm run db:migrate`) waits for it. `closeAll` releases them once the engine is done.
 */
export function closingConnections(inner: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  closeAll: () => Promise<void>;
} {
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter) => {
    opened.push(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: async () => track(await inner.connect()),
      connectToShadowDb: async () => track(await inner.connectToShadowDb()),
    },
    closeAll: async () => {
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}
