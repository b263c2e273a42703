import "server-only";
import { getProcessDatabase } from "./process-database";

export type { Database, PortalPrisma, PortalTx } from "./connection";

/** The process's database, migrated (and seeded in demo mode) before first use. */
export const getDatabase = getProcessDatabase;

export async function getPrisma() {
  return (await getProcessDatabase()).prisma;
}
