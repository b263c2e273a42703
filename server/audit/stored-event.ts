// Turns a stored audit row back into the exact fields its hash was computed over.
import type { AuditEvent } from "../db/generated/client";
import type { HashedEventFields } from "./hash";

export type StoredAuditRow = Pick<
  AuditEvent,
  | "seq"
  | "occurredAt"
  | "actorId"
  | "actorName"
  | "actorRoles"
  | "action"
  | "subjectType"
  | "subjectId"
  | "payload"
  | "requestId"
  | "ip"
  | "userAgent"
  | "breakGlassSessionId"
  | "prevHash"
  | "hash"
>;

export function hashedFieldsOf(row: StoredAuditRow): HashedEventFields {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurredAt.toISOString(),
    actor: {
      id: row.actorId,
      name: row.actorName,
      roles: row.actorRoles,
      ...(row.breakGlassSessionId ? { breakGlassSessionId: row.breakGlassSessionId } : {}),
    },
    action: row.action,
    subject: { type: row.subjectType, id: row.subjectId },
    payload: row.payload,
    request: { id: row.requestId, ip: row.ip, userAgent: row.userAgent },
    prevHash: row.prevHash,
  };
}
