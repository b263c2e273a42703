// An editor changes a requirement (most often its status). The audit event names every field with old and new
// value; the program's revision moves on (so earlier sign-offs become superseded) and coverage is snapshotted.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import { recordProgramChange } from "./program-store";
import { type UpdateRequirementInput, ZUpdateRequirementInput } from "./schemas";

export type ComplianceChangeContext = { actor: AuditActor; request?: AuditRequestMeta; clock: Clock };

export type FieldChange = { field: string; from: string | string[] | null; to: string | string[] | null };

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);

export async function updateRequirement(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: UpdateRequirementInput },
): Promise<{ revision: number; changed: boolean }> {
  const input = ZUpdateRequirementInput.parse(options.input);
  return prisma.$transaction(async (tx) => {
    const requirement = await tx.complianceRequirement.findUnique({
      where: { id: input.requirementId },
      include: {
        item: {
          select: { number: true, programId: true, program: { select: { slug: true, revision: true } } },
        },
      },
    });
    if (!requirement) throw new DomainError("NOT_FOUND", "No such requirement");
    // take the program row first: concurrent edits of one program queue here instead of interleaving
    await tx.$queryRaw`SELECT 1 FROM "compliance_programs" WHERE "id" = ${requirement.item.programId}::uuid FOR UPDATE`;
    const changes: FieldChange[] = [];
    const data: Record<string, string | string[]> = {};
    for (const field of ["status", "implementation", "sprint", "owner", "notes"] as const) {
      const next = input[field];
      if (next !== undefined && next !== requirement[field]) {
        changes.push({ field, from: requirement[field], to: next });
        data[field] = next;
      }
    }
    if (input.frameworks !== undefined) {
      const next = [...new Set(input.frameworks)];
      if (!sameList(next, requirement.frameworks)) {
        changes.push({ field: "frameworks", from: requirement.frameworks, to: next });
        data.frameworks = next;
      }
    }
    if (changes.length === 0) return { revision: requirement.item.program.revision, changed: false };
    await tx.complianceRequirement.update({ where: { id: requirement.id }, data });
    await appendAudit(tx, {
      payload: {
        type: "compliance.requirement_updated",
        slug: requirement.item.program.slug,
        itemNumber: requirement.item.number,
        requirement: requirement.title,
        changes,
      },
      actor: options.actor,
      subject: { type: "compliance_program", id: requirement.item.programId },
      request: options.request,
      clock: options.clock,
    });
    const { revision } = await recordProgramChange(tx, requirement.item.programId, options.clock);
    return { revision, changed: true };
  });
}
