// Turns an event into the exact row the log stores at `seq` after `prevHash`, hash included. Pure: appendAudit
// uses it under its lock, and bulk loaders (the benchmark) use it to build logs that verify.
import {
  type AuditActor,
  type AuditPayload,
  type AuditRequestMeta,
  type AuditSubject,
  ZAuditPayload,
} from "./events";
import { hashEvent } from "./hash";

export type AuditEventInput = {
  payload: AuditPayload;
  actor: AuditActor;
  subject: AuditSubject;
  request?: AuditRequestMeta;
  occurredAt: Date;
};

export type SealedAuditRow = {
  seq: bigint;
  occurredAt: Date;
  actorId: string | null;
  actorName: string;
  actorRoles: string[];
  action: string;
  subjectType: string;
  subjectId: string | null;
  payload: AuditPayload;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  breakGlassSessionId: string | null;
  prevHash: string;
  hash: string;
};

/** Validates the payload (a malformed one throws, and the caller's transaction with it) and seals the row. */
export function sealAuditEvent(event: AuditEventInput, seq: number, prevHash: string): SealedAuditRow {
  const payload = ZAuditPayload.parse(event.payload);
  // millisecond precision, as the column stores it, so the hash recomputes from the stored row
  const occurredAt = new Date(Math.floor(event.occurredAt.getTime()));
  const fields = {
    seq,
    occurredAt: occurredAt.toISOString(),
    actor: {
      id: event.actor.id,
      name: event.actor.name,
      roles: [...event.actor.roles],
      ...(event.actor.breakGlassSessionId ? { breakGlassSessionId: event.actor.breakGlassSessionId } : {}),
    },
    action: payload.type,
    subject: { type: event.subject.type, id: event.subject.id ?? null },
    payload,
    request: {
      id: event.request?.requestId ?? null,
      ip: event.request?.ip ?? null,
      userAgent: event.request?.userAgent ?? null,
    },
    prevHash,
  };
  return {
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
    breakGlassSessionId: fields.actor.breakGlassSessionId ?? null,
    prevHash,
    hash: hashEvent(fields),
  };
}
