// The only writer of the audit log. It runs inside the caller's transaction: the state change and its event
// commit together or not at all.
import type { PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import {
  type AuditActor,
  type AuditPayload,
  type AuditRequestMeta,
  type AuditSubject,
  ZAuditPayload,
} from "./events";
import { GENESIS_HASH, hashEvent } from "./hash";

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
  const payload = ZAuditPayload.parse(input.payload);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  const seq = last ? Number(last.seq) + 1 : 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  // millisecond precision, as the column stores it, so the hash recomputes from the stored row
  const occurredAt = new Date(Math.floor(input.clock.now().getTime()));
  const fields = {
    seq,
    occurredAt: occurredAt.toISOString(),
    actor: { id: input.actor.id, name: input.actor.name, roles: [...input.actor.roles] },
    action: payload.type,
    subject: { type: input.subject.type, id: input.subject.id ?? null },
    payload,
    request: {
      id: input.request?.requestId ?? null,
      ip: input.request?.ip ?? null,
      userAgent: input.request?.userAgent ?? null,
    },
    prevHash,
  };
  const hash = hashEvent(fields);
  await tx.auditEvent.create({
    data: {
      seq: BigInt(seq),
      occurredAt,
      actorId: fields.actor.id,
      actorName: fields.actor.name,
      actorRoles: fields.actor.roles,
      action: fields.action,
      subjectType: fields.subject.type,
      subjectId: fields.subject.id,
      payload,
      requestId: fields.request.id,
      ip: fields.request.ip,
      userAgent: fields.request.userAgent,
      prevHash,
      hash,
    },
  });
  return { seq, hash };
}
