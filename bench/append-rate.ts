// Section 1: what the hash chain costs a writer. Chained: the real appendAudit (advisory lock, read the head,
// hash, insert), one event per transaction. Plain: rows from the same generator with the same columns, chained
// and hashed beforehand, inserted by the same client in the same kind of transaction. The variants alternate in
// rounds so that neither gets the warmer cache or the smaller table; both keep the chain valid.
import { appendAudit } from "../server/audit/append-audit";
import type { PortalPrisma } from "../server/db/connection";
import { readChainHead } from "./chain-head";
import { elapsedMs, perSecond } from "./measure";
import { chainedRow, type SyntheticEvent, syntheticEvent } from "./synthetic-events";

export type AppendRateOptions = { eventsPerVariant: number; warmupPerVariant: number; rounds: number };
export type AppendRate = { chainedPerSecond: number; plainPerSecond: number };

function toAppendInput(event: SyntheticEvent) {
  return { ...event, clock: { now: () => event.occurredAt } };
}

async function appendChained(prisma: PortalPrisma, count: number): Promise<number> {
  const head = await readChainHead(prisma);
  const events = Array.from({ length: count }, (_, i) => syntheticEvent(head.seq + 1 + i));
  return elapsedMs(async () => {
    for (const event of events) {
      await prisma.$transaction((tx) => appendAudit(tx, toAppendInput(event)));
    }
  });
}

async function insertPlain(prisma: PortalPrisma, count: number): Promise<number> {
  const head = await readChainHead(prisma);
  let prevHash = head.hash;
  const rows = Array.from({ length: count }, (_, i) => {
    const seq = head.seq + 1 + i;
    const row = chainedRow(syntheticEvent(seq), seq, prevHash);
    prevHash = row.hash;
    return row.data;
  });
  return elapsedMs(async () => {
    for (const data of rows) {
      await prisma.$transaction((tx) => tx.auditEvent.create({ data }));
    }
  });
}

export async function measureAppendRate(
  prisma: PortalPrisma,
  options: AppendRateOptions,
): Promise<AppendRate> {
  await appendChained(prisma, options.warmupPerVariant);
  await insertPlain(prisma, options.warmupPerVariant);
  const perRound = Math.ceil(options.eventsPerVariant / options.rounds);
  let chainedMs = 0;
  let plainMs = 0;
  for (let round = 0; round < options.rounds; round += 1) {
    if (round % 2 === 0) {
      chainedMs += await appendChained(prisma, perRound);
      plainMs += await insertPlain(prisma, perRound);
    } else {
      plainMs += await insertPlain(prisma, perRound);
      chainedMs += await appendChained(prisma, perRound);
    }
  }
  const timedEvents = perRound * options.rounds;
  return {
    chainedPerSecond: perSecond(timedEvents, chainedMs),
    plainPerSecond: perSecond(timedEvents, plainMs),
  };
}
