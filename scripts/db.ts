// Database chores without Prisma's native engine:
//   npm run db:migrate                apply pending migrations (DATABASE_URL, or the embedded database)
//   npm run db:migrate:create NAME    write prisma/migrations/<timestamp>_NAME from schema changes (offline)
//   npm run db:seed                   add the demo accounts
import { createMigration } from "../server/db/create-migration";
import { applyMigrations } from "../server/db/migrations";
import { seedDemoData } from "../server/db/seed";
import { withConfiguredDatabase } from "./open-configured-database";

async function main(command: string | undefined, argument: string | undefined): Promise<void> {
  switch (command) {
    case "deploy": {
      const applied = await withConfiguredDatabase((db) => applyMigrations(db.adapterFactory));
      console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
      return;
    }
    case "create": {
      if (!argument) throw new Error("usage: npm run db:migrate:create <name>");
      const dir = await createMigration({ name: argument });
      console.log(dir ? `created ${dir}: review it, add raw SQL if needed, commit it` : "no schema changes");
      return;
    }
    case "seed": {
      const result = await withConfiguredDatabase(async (db) => {
        await applyMigrations(db.adapterFactory);
        return seedDemoData(db.prisma);
      });
      console.log(`demo accounts created: ${result.created}`);
      return;
    }
    default:
      throw new Error("usage: tsx scripts/db.ts deploy | create <name> | seed");
  }
}

main(process.argv[2], process.argv[3]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
