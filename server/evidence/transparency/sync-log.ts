// Syncs the mirror with a log that has a URL: its latest checkpoint, with the consistency proof from the held one
// asked of the log itself (and verified here); or one entry by index, with its inclusion proof. The outcome of the
// last sync (or its error) is kept on the log for the page to show. A sync that finds the log's new checkpoint
// inconsistent with the held one raises the divergence alarm like any import.
import type { PortalPrisma } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { importCheckpoint } from "./import-checkpoint";
import { importEntries } from "./import-entries";
import { type LogClient, LogClientError, rekorLogClient } from "./log-client";
import type { MirrorContext } from "./mirror-context";
import { type CheckpointImport, type EntryImport, ZSyncEntryInput, ZSyncLogInput } from "./schemas";

export type ClientFor = (url: string) => LogClient;

async function logWithUrl(prisma: PortalPrisma, logId: string) {
  const log = await prisma.transparencyLog.findUnique({
    where: { id: logId },
    select: { id: true, name: true, url: true },
  });
  if (!log) throw new DomainError("NOT_FOUND", "no such transparency log");
  if (!log.url)
    throw new DomainError(
      "PRECONDITION_FAILED",
      `${log.name} has no URL to sync from: set one, or upload its checkpoints`,
    );
  return { ...log, url: log.url };
}

async function recordSync(prisma: PortalPrisma, logId: string, at: Date, error: string | null) {
  await prisma.transparencyLog.update({
    where: { id: logId },
    data: { lastSyncAt: at, lastSyncError: error },
  });
}

async function synced<T>(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  logId: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    const result = await work();
    await recordSync(prisma, logId, ctx.clock.now(), null);
    return result;
  } catch (error) {
    if (error instanceof LogClientError) {
      await recordSync(prisma, logId, ctx.clock.now(), error.message);
      throw new DomainError("PRECONDITION_FAILED", `sync failed: ${error.message}`);
    }
    if (error instanceof DomainError) await recordSync(prisma, logId, ctx.clock.now(), error.message);
    throw error;
  }
}

export async function syncLog(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  raw: { logId: string },
  clientFor: ClientFor = (url) => rekorLogClient(url),
): Promise<CheckpointImport> {
  const { logId } = ZSyncLogInput.parse(raw);
  const log = await logWithUrl(prisma, logId);
  const client = clientFor(log.url);
  return synced(prisma, ctx, log.id, async () =>
    importCheckpoint(prisma, ctx, {
      logId: log.id,
      note: await client.latestCheckpoint(),
      source: "sync",
      proofFor: (size1, size2) => client.consistencyProof(size1, size2),
    }),
  );
}

export async function syncEntry(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  raw: { logId: string; logIndex: number },
  clientFor: ClientFor = (url) => rekorLogClient(url),
): Promise<EntryImport[]> {
  const { logId, logIndex } = ZSyncEntryInput.parse(raw);
  const log = await logWithUrl(prisma, logId);
  const client = clientFor(log.url);
  return synced(prisma, ctx, log.id, async () =>
    importEntries(prisma, ctx, {
      logId: log.id,
      entry: JSON.stringify(await client.entry(logIndex)),
      source: "sync",
      proofFor: (size1, size2) => client.consistencyProof(size1, size2),
    }),
  );
}
