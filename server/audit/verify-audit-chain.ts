// Walks the whole log in sequence order and recomputes every hash and link. Reads in batches by keyset so a
// log of millions of events needs constant memory.
import type { PortalPrisma } from "../db/connection";
import { GENESIS_HASH, hashEvent } from "./hash";
import { hashedFieldsOf } from "./stored-event";

export type ChainBreakReason = "hash_mismatch" | "broken_link" | "sequence_gap";

export type ChainVerification =
  | { ok: true; eventsChecked: number; headSeq: number | null; headHash: string }
  | {
      ok: false;
      eventsChecked: number;
      firstBrokenSeq: number;
      reason: ChainBreakReason;
      explanation: string;
    };

const BATCH = 2_000;

export async function verifyAuditChain(prisma: PortalPrisma): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({
      where: { seq: { gte: BigInt(expectedSeq) } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        return {
          ok: false,
          eventsChecked: checked,
          firstBrokenSeq: expectedSeq,
          reason: "sequence_gap",
          explanation: `event #${expectedSeq} is missing (next stored event is #${seq})`,
        };
      }
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          eventsChecked: checked,
          firstBrokenSeq: seq,
          reason: "broken_link",
          explanation: `event #${seq} does not point at the hash of event #${seq - 1}`,
        };
      }
      if (hashEvent(hashedFieldsOf(row)) !== row.hash) {
        return {
          ok: false,
          eventsChecked: checked,
          firstBrokenSeq: seq,
          reason: "hash_mismatch",
          explanation: `event #${seq} was changed after it was written: its content no longer matches its hash`,
        };
      }
      prevHash = row.hash;
      expectedSeq = seq + 1;
      checked += 1;
    }
    if (rows.length < BATCH) break;
  }
  return {
    ok: true,
    eventsChecked: checked,
    headSeq: checked === 0 ? null : expectedSeq - 1,
    headHash: prevHash,
  };
}
