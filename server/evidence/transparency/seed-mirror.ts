// Demo data: the mirror follows two real logs, fed with real data (no network in demo mode): the public Rekor
// shard with its production key and the Rekor entry of sigstore@3.1.0 on npm (its checkpoint comes with it), and
// Go's checksum database with its Ed25519 key and one of its checkpoints. The data is the project's real-world test
// fixtures (test/fixtures/transparency, with their licence notice); without them the seed does nothing. Runs once.
import fs from "node:fs";
import path from "node:path";
import { SYSTEM_ACTOR } from "../../audit/events";
import type { PortalPrisma } from "../../db/connection";
import { type Clock, systemClock } from "../../lib/clock";
import { logger } from "../../lib/logger";
import { addLog } from "./add-log";
import { importCheckpoint } from "./import-checkpoint";
import { importEntries } from "./import-entries";

const FIXTURES = path.join(process.cwd(), "test/fixtures/transparency");

export async function seedDemoMirror(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
): Promise<{ created: number }> {
  if ((await prisma.transparencyLog.count()) > 0) return { created: 0 };
  const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
  let rekorKey: string;
  let bundle: string;
  let goVector: { vkey: string; note: string } | undefined;
  try {
    rekorKey = read("rekor.sigstore.dev.pub.pem");
    bundle = read("sigstore-3.1.0-tlog-entry.sigstore.json");
    goVector = (JSON.parse(read("signed-note-vectors.json")) as { ed25519: { vkey: string; note: string }[] })
      .ed25519[0];
  } catch {
    logger.warn("demo transparency mirror not seeded: test/fixtures/transparency is not there");
    return { created: 0 };
  }
  const ctx = { actor: SYSTEM_ACTOR, clock, webhook: null };
  const rekor = await addLog(prisma, ctx, {
    name: "Rekor (public good)",
    origin: "rekor.sigstore.dev - 1193050959916656506",
    key: rekorKey,
    keyName: "rekor.sigstore.dev",
  });
  await importEntries(prisma, ctx, {
    logId: rekor.id,
    entry: bundle,
    source: "upload",
    proofFor: async () => null,
  });
  if (goVector) {
    const go = await addLog(prisma, ctx, {
      name: "Go checksum database",
      origin: "go.sum database tree",
      key: goVector.vkey,
    });
    await importCheckpoint(prisma, ctx, {
      logId: go.id,
      note: goVector.note,
      source: "upload",
      proofFor: async () => null,
    });
  }
  return { created: goVector ? 2 : 1 };
}
