// An editor changes a program's version, status or owner; audited field by field like every edit.
import { appendAudit } from "../audit/append-audit";
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { recordProgramChange } from "./program-store";
import { type UpdateProgramInput, ZUpdateProgramInput } from "./schemas";
import type { ComplianceChangeContext, FieldChange } from "./update-requirement";

export async function updateProgram(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: UpdateProgramInput },
): Promise<{ revision: number; changed: boolean }> {
  const input = ZUpdateProgramInput.parse(options.input);
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      { id: string; version: string; status: string; owner: string; revision: number }[]
    >`
      SELECT "id", "version", "status", "owner", "revision" FROM "compliance_programs" WHERE "slug" = ${input.slug} FOR UPDATE`;
    const program = rows[0];
    if (!program) throw new DomainError("NOT_FOUND", `No readiness program "${input.slug}"`);
    const changes: FieldChange[] = [];
    const data: Record<string, string> = {};
    for (const field of ["version", "status", "owner"] as const) {
      const next = input[field];
      if (next !== undefined && next !== program[field]) {
        changes.push({ field, from: program[field], to: next });
        data[field] = next;
      }
    }
    if (changes.length === 0) return { revision: program.revision, changed: false };
    await tx.complianceProgram.update({ where: { id: program.id }, data });
    await appendAudit(tx, {
      payload: { type: "compliance.program_updated", slug: input.slug, changes },
      actor: options.actor,
      subject: { type: "compliance_program", id: program.id },
      request: options.request,
      clock: options.clock,
    });
    const { revision } = await recordProgramChange(tx, program.id, options.clock);
    return { revision, changed: true };
  });
}
