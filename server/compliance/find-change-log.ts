// The change log of a program (or of one of its items), read from the audit log: who changed which field from
// what to what, and when. Nothing is stored twice.

import { auditActionLabel } from "../audit/action-labels";
import { ZAuditPayload } from "../audit/events";
import type { PortalPrisma, PortalTx } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import type { ChangeLogEntry } from "./schemas";

const MAX_ENTRIES = 500;

const partLabels = {
  item: "Item",
  requirement: "Requirement",
  proof: "Proof artifact",
  deliverable: "Documentation deliverable",
} as const;

export async function findChangeLog(
  prisma: PortalPrisma | PortalTx,
  input: { slug: string; itemNumber?: number },
): Promise<ChangeLogEntry[]> {
  const db = prisma as PortalTx;
  const program = await db.complianceProgram.findUnique({
    where: { slug: input.slug },
    select: { id: true },
  });
  if (!program) throw new DomainError("NOT_FOUND", `No readiness program "${input.slug}"`);
  const events = await db.auditEvent.findMany({
    where: { subjectType: "compliance_program", subjectId: program.id },
    orderBy: { seq: "desc" },
    take: MAX_ENTRIES,
    select: { seq: true, occurredAt: true, actorName: true, action: true, payload: true },
  });
  const entries: ChangeLogEntry[] = [];
  for (const event of events) {
    const parsed = ZAuditPayload.safeParse(event.payload);
    if (!parsed.success) continue;
    const payload = parsed.data;
    let itemNumber: number | null = null;
    let subject = "program";
    let changes: ChangeLogEntry["changes"] = [];
    switch (payload.type) {
      case "compliance.requirement_updated":
        itemNumber = payload.itemNumber;
        subject = payload.requirement;
        changes = payload.changes;
        break;
      case "compliance.proof_attached":
        itemNumber = payload.itemNumber;
        subject = payload.proof;
        changes = payload.changes;
        break;
      case "compliance.part_added":
      case "compliance.part_removed":
        itemNumber = payload.itemNumber;
        subject = `${partLabels[payload.part]} “${payload.name}”`;
        changes = payload.changes;
        break;
      case "compliance.program_updated":
        changes = payload.changes;
        break;
      case "compliance.program_imported":
        subject = `${payload.items} items, ${payload.requirements} requirements`;
        break;
      case "compliance.signed_off":
        subject = `${payload.stakeholderRole} (revision ${payload.revision})`;
        break;
      default:
        continue;
    }
    if (input.itemNumber !== undefined && itemNumber !== input.itemNumber) continue;
    entries.push({
      seq: Number(event.seq),
      at: event.occurredAt,
      actor: event.actorName,
      action: event.action,
      label: auditActionLabel(event.action),
      itemNumber,
      subject,
      changes,
    });
  }
  return entries;
}
