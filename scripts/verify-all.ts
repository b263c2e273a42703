// The server console's verify-all: queues a run (refused while another is queued or running, as in the web UI),
// carries it out in this process and prints the snapshot. If a server instance on the same PostgreSQL claims the
// run first, this waits for that instance to finish it. Audited with the operator's name.
//   npm run verify-all -- --label "pre-upgrade 2026.11" [--operator "Olga Ops"] [--json]
import os from "node:os";
import { applyMigrations } from "../server/db/migrations";
import { getSnapshot } from "../server/evidence/continuity/get-snapshot";
import { processVerifyAllDeps } from "../server/evidence/continuity/process-deps";
import { runVerifyAll } from "../server/evidence/continuity/run-verify-all";
import type { SnapshotView } from "../server/evidence/continuity/schemas";
import { startVerifyAll } from "../server/evidence/continuity/start-verify-all";
import { APP_VERSION } from "../server/lib/app-version";
import { systemClock } from "../server/lib/clock";
import { DomainError } from "../server/lib/domain-error";
import { withConfiguredDatabase } from "./open-configured-database";
import { parseVerifyAllArgs, UsageError, VERIFY_ALL_USAGE } from "./verify-all-args";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describeSnapshot(snapshot: SnapshotView): string {
  const { counts } = snapshot;
  return [
    `snapshot ${snapshot.id} “${snapshot.label}” (portal ${snapshot.appVersion}): ${snapshot.status.toLowerCase()}`,
    `  items:         ${snapshot.processedItems} (${counts.ok} ok, ${counts.changed} changed, ${counts.missing} missing, ${counts.badSignature} bad signature)`,
    `  evidence root: ${snapshot.evidenceRoot ?? "-"} over ${snapshot.evidenceLeaves ?? 0} leaves`,
    `  audit log:     ${snapshot.auditTreeSize ?? "-"} events, root ${snapshot.auditRoot ?? "-"}`,
    ...(snapshot.failureReason ? [`  failed:        ${snapshot.failureReason}`] : []),
  ].join("\n");
}

async function main(): Promise<number> {
  const args = parseVerifyAllArgs(process.argv.slice(2));
  const operator = args.operator ?? `${os.userInfo().username}@${os.hostname()}`;
  return withConfiguredDatabase(async (db) => {
    await applyMigrations(db.adapterFactory);
    const queued = await startVerifyAll(
      { prisma: db.prisma, clock: systemClock, appVersion: APP_VERSION },
      { input: { label: args.label }, actor: { id: null, name: `console:${operator}`, roles: [] } },
    );
    const deps = {
      ...processVerifyAllDeps(db.prisma),
      onProgress: args.json
        ? undefined
        : ({ processedItems, totalItems }: { processedItems: number; totalItems: number }) =>
            process.stderr.write(`  ... ${processedItems} of ${totalItems}\n`),
    };
    let snapshot = await getSnapshot(db.prisma, queued.id);
    while (snapshot.status === "QUEUED" || snapshot.status === "RUNNING") {
      const ran = await runVerifyAll(deps);
      if (!ran) await sleep(1000);
      snapshot = await getSnapshot(db.prisma, queued.id);
    }
    process.stdout.write(`${args.json ? JSON.stringify(snapshot, null, 2) : describeSnapshot(snapshot)}\n`);
    const clean = snapshot.status === "FINISHED" && snapshot.counts.ok === snapshot.processedItems;
    return clean ? 0 : 1;
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n${VERIFY_ALL_USAGE}`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${message}`);
    process.exit(error instanceof DomainError ? 2 : 1);
  },
);
