// Grows the log to a given size fast: the hash chain is computed in JS and each batch goes in as one INSERT
// from a single JSON parameter (several times faster than createMany here, and no bind-parameter limit). The
// append-only triggers only refuse UPDATE, DELETE and TRUNCATE, so this is a legal history.

import type { SealedAuditRow } from "../server/audit/seal-event";
import type { PortalPrisma } from "../server/db/connection";
import { readChainHead } from "./chain-head";
import { chainedRow, syntheticEvent } from "./synthetic-events";

const BATCH = 5_000;

async function insertRows(prisma: PortalPrisma, rows: readonly SealedAuditRow[]): Promise<void> {
  // Dates serialise as ISO strings; bigint does not serialise at all, so seq goes as text.
  const json = JSON.stringify(rows.map((row) => ({ ...row, seq: row.seq.toString() })));
  await prisma.$executeRaw`
    INSERT INTO audit_events (seq, occurred_at, actor_id, actor_name, actor_roles, action, subject_type, subject_id,
                              payload, request_id, ip, user_agent, prev_hash, hash)
    SELECT seq, "occurredAt", "actorId", "actorName", "actorRoles", action, "subjectType", "subjectId",
           payload, "requestId", ip, "userAgent", "prevHash", hash
    FROM jsonb_to_recordset(${json}::jsonb) AS r(
      seq bigint, "occurredAt" timestamptz, "actorId" text, "actorName" text, "actorRoles" text[], action text,
      "subjectType" text, "subjectId" text, payload jsonb, "requestId" text, ip text, "userAgent" text,
      "prevHash" text, hash text)`;
}

/** Appends valid chained events until the log holds `total`; returns how many it added. */
export async function fillAuditLog(prisma: PortalPrisma, total: number): Promise<number> {
  const head = await readChainHead(prisma);
  let prevHash = head.hash;
  for (let from = head.seq + 1; from <= total; from += BATCH) {
    const to = Math.min(from + BATCH - 1, total);
    const rows: SealedAuditRow[] = [];
    for (let seq = from; seq <= to; seq += 1) {
      const row = chainedRow(syntheticEvent(seq), seq, prevHash);
      prevHash = row.hash;
      rows.push(row.data);
    }
    await insertRows(prisma, rows);
  }
  return Math.max(0, total - head.seq);
}
