import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { canonicalEvent, hashEvent } from "./hash";
import type { AuditEventDetail } from "./schemas";
import { hashedFieldsOf } from "./stored-event";

export async function getAuditEvent(prisma: PortalPrisma, seq: number): Promise<AuditEventDetail> {
  const row = await prisma.auditEvent.findUnique({ where: { seq: BigInt(seq) } });
  if (!row) throw new DomainError("NOT_FOUND", `There is no audit event #${seq}`);
  const fields = hashedFieldsOf(row);
  return {
    seq: fields.seq,
    occurredAt: row.occurredAt,
    actor: { id: row.actorId, name: row.actorName, roles: row.actorRoles },
    action: row.action,
    subject: { type: row.subjectType, id: row.subjectId },
    requestId: row.requestId,
    ip: row.ip,
    userAgent: row.userAgent,
    payload: row.payload,
    prevHash: row.prevHash,
    hash: row.hash,
    canonicalJson: canonicalEvent(fields),
    hashMatches: hashEvent(fields) === row.hash,
  };
}
