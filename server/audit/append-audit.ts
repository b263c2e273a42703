// The only writer of the audit log. It runs inside the caller's transaction: the state change and its event
// commit together or not at all.
import type { PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import type { AuditActor, AuditPayload, AuditRequestMeta, AuditSubject } from "./events";
import { GENESIS_HASH } from "./hash";
import { sealAuditEvent } from "./seal-event";

// Serialises appenders across connections and server instances so that sequence numbers have no gaps and each
// event links to the one committed before it. Held until the transaction ends.
const AUDIT_CHAIN_LOCK = 4_242_001;

export type AppendAuditInput = {
  payload: AuditPayload;
  actor: AuditActor;
  subject: AuditSubject;
  request?: AuditRequestMeta;
  clock: Clock;
};

export type AppendedAuditEvent = { seq: number; hash: string };

export async function appendAudit(tx: PortalTx, input: AppendAuditInput): Promise<AppendedAuditEvent> {
  const event = { ...input, occurredAt: input.clock.now() };
  // validate before taking the lock: a malformed event must not make other writers wait
  sealAuditEvent(event, 1, GENESIS_HASH);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const row = sealAuditEvent(event, last ? Number(last.seq) + 1 : 1, last?.hash ?? GENESIS_HASH);
  await tx.auditEvent.create({ data: row });
  return { seq: Number(row.seq), hash: row.hash };
}
