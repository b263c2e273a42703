// What adding or removing a part of a program (item, requirement, proof artifact, documentation deliverable) has
// in common with every other edit: the program row is locked first (concurrent edits take turns), the change is
// audited in the same transaction with what the part held, and the revision moves on with a coverage snapshot
// (so earlier sign-offs become superseded).
import { appendAudit } from "../audit/append-audit";
import type { PortalTx } from "../db/connection";
import type { CompliancePart } from "./audit-events";
import { recordProgramChange } from "./program-store";
import type { ComplianceChangeContext, FieldChange } from "./update-requirement";

export async function lockProgram(tx: PortalTx, programId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "compliance_programs" WHERE "id" = ${programId}::uuid FOR UPDATE`;
}

/** The non-empty fields of a part as changes from nothing (added) or to nothing (removed). */
export function partChanges(
  fields: Record<string, string | readonly string[] | number | null>,
  direction: "added" | "removed",
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, raw] of Object.entries(fields)) {
    if (raw === null || raw === "" || (Array.isArray(raw) && raw.length === 0)) continue;
    const value = typeof raw === "number" ? String(raw) : Array.isArray(raw) ? [...raw] : (raw as string);
    changes.push(direction === "added" ? { field, from: null, to: value } : { field, from: value, to: null });
  }
  return changes;
}

export async function recordPartChange(
  tx: PortalTx,
  options: ComplianceChangeContext & {
    programId: string;
    slug: string;
    direction: "added" | "removed";
    part: CompliancePart;
    itemNumber: number | null;
    name: string;
    changes: FieldChange[];
  },
): Promise<{ revision: number }> {
  await appendAudit(tx, {
    payload: {
      type: options.direction === "added" ? "compliance.part_added" : "compliance.part_removed",
      slug: options.slug,
      part: options.part,
      itemNumber: options.itemNumber,
      name: options.name,
      changes: options.changes,
    },
    actor: options.actor,
    subject: { type: "compliance_program", id: options.programId },
    request: options.request,
    clock: options.clock,
  });
  return recordProgramChange(tx, options.programId, options.clock);
}
