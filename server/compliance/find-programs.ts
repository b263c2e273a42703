// All readiness programs at a glance: computed coverage, items at their target, readiness counts, and how many
// stakeholder roles have a sign-off that still matches the program.
import type { PortalPrisma, PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import { checkSignOff } from "./get-program";
import { summarizeProgram } from "./policy";
import { contentSha256, documentOf, programInclude } from "./program-store";
import type { ProgramListEntry } from "./schemas";

/** Programs are few (one per readiness effort); the list is not paged beyond this. */
const MAX_PROGRAMS = 200;

export async function findPrograms(
  prisma: PortalPrisma | PortalTx,
  deps: { clock: Clock },
): Promise<ProgramListEntry[]> {
  const db = prisma as PortalTx;
  const rows = await db.complianceProgram.findMany({
    include: { ...programInclude, signOffs: { orderBy: { signedAt: "desc" } } },
    orderBy: [{ name: "asc" }, { slug: "asc" }],
    take: MAX_PROGRAMS,
  });
  const entries: ProgramListEntry[] = [];
  for (const row of rows) {
    const document = documentOf(row);
    const summary = summarizeProgram(document);
    const current = contentSha256(document);
    const signedRoles = new Set<string>();
    for (const signOff of row.signOffs) {
      if (signOff.contentSha256 !== current || signedRoles.has(signOff.stakeholderRole)) continue;
      if ((await checkSignOff(db, signOff, current, deps.clock)).state === "current") {
        signedRoles.add(signOff.stakeholderRole);
      }
    }
    entries.push({
      slug: row.slug,
      name: row.name,
      version: row.version,
      status: row.status,
      owner: row.owner,
      revision: row.revision,
      updatedAt: row.updatedAt,
      coverage: summary.coverage,
      itemCount: document.items.length,
      itemsAtTarget: summary.itemsAtTarget,
      readyCounts: summary.readyCounts,
      currentSignOffs: signedRoles.size,
      stakeholderCount: document.stakeholders.length,
    });
  }
  return entries;
}
