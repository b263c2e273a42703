// An editor adds a requirement to an item (at the end) or removes one. Titles are unique within an item: the change
// log and the Markdown tracker name a requirement by its title.
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { lockProgram, partChanges, recordPartChange } from "./part-change";
import { type AddRequirementInput, ZAddRequirementInput, ZRemoveRequirementInput } from "./schemas";
import type { ComplianceChangeContext } from "./update-requirement";

const itemSelect = { id: true, number: true, programId: true, program: { select: { slug: true } } } as const;

export async function addRequirement(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: AddRequirementInput },
): Promise<{ id: string; revision: number }> {
  const input = ZAddRequirementInput.parse(options.input);
  const frameworks = [...new Set(input.frameworks)];
  return prisma.$transaction(async (tx) => {
    const item = await tx.complianceItem.findUnique({ where: { id: input.itemId }, select: itemSelect });
    if (!item) throw new DomainError("NOT_FOUND", "No such item");
    await lockProgram(tx, item.programId);
    const siblings = await tx.complianceRequirement.findMany({
      where: { itemId: item.id },
      select: { title: true, position: true },
    });
    if (siblings.some((sibling) => sibling.title.toLowerCase() === input.title.toLowerCase())) {
      throw new DomainError("CONFLICT", `Item ${item.number} already has a requirement “${input.title}”`, {
        field: "title",
      });
    }
    const position = siblings.reduce((last, sibling) => Math.max(last, sibling.position + 1), 0);
    const created = await tx.complianceRequirement.create({
      data: {
        itemId: item.id,
        position,
        title: input.title,
        implementation: input.implementation,
        status: input.status,
        sprint: input.sprint,
        owner: input.owner,
        notes: input.notes,
        frameworks,
      },
      select: { id: true },
    });
    const { revision } = await recordPartChange(tx, {
      ...options,
      programId: item.programId,
      slug: item.program.slug,
      direction: "added",
      part: "requirement",
      itemNumber: item.number,
      name: input.title,
      changes: partChanges(
        {
          requirement: input.title,
          status: input.status,
          implementation: input.implementation,
          sprint: input.sprint,
          owner: input.owner,
          notes: input.notes,
          frameworks,
        },
        "added",
      ),
    });
    return { id: created.id, revision };
  });
}

export async function removeRequirement(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: { requirementId: string } },
): Promise<{ revision: number }> {
  const input = ZRemoveRequirementInput.parse(options.input);
  return prisma.$transaction(async (tx) => {
    const requirement = await tx.complianceRequirement.findUnique({
      where: { id: input.requirementId },
      include: { item: { select: itemSelect } },
    });
    if (!requirement) throw new DomainError("NOT_FOUND", "No such requirement (removed already?)");
    await lockProgram(tx, requirement.item.programId);
    // deleteMany: a concurrent removal that won the lock leaves nothing to delete, which is not an error of ours
    const { count } = await tx.complianceRequirement.deleteMany({ where: { id: requirement.id } });
    if (count === 0) throw new DomainError("NOT_FOUND", "No such requirement (removed already?)");
    return recordPartChange(tx, {
      ...options,
      programId: requirement.item.programId,
      slug: requirement.item.program.slug,
      direction: "removed",
      part: "requirement",
      itemNumber: requirement.item.number,
      name: requirement.title,
      changes: partChanges(
        {
          requirement: requirement.title,
          status: requirement.status,
          implementation: requirement.implementation,
          sprint: requirement.sprint,
          owner: requirement.owner,
          notes: requirement.notes,
          frameworks: requirement.frameworks,
        },
        "removed",
      ),
    });
  });
}
