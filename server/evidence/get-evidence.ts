// One evidence record with its links and the bundles it went into; NOT_FOUND when there is none.
import type { PortalPrisma, PortalTx } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { evidenceDetailSelect, toEvidenceDetail } from "./evidence-row";
import type { EvidenceDetail } from "./schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getEvidence(db: PortalPrisma | PortalTx, id: string): Promise<EvidenceDetail> {
  // an id that cannot exist is "not found", not a database error about uuid syntax
  const row = UUID.test(id)
    ? await db.evidenceRecord.findUnique({ where: { id }, select: evidenceDetailSelect })
    : null;
  if (!row) throw new DomainError("NOT_FOUND", "No such evidence");
  return toEvidenceDetail(row);
}
