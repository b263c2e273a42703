// An editor adds an item to a program (the next free number unless one is given) or removes one with its
// requirements and proof artifacts. Item numbers are unique within a program.
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { lockProgram, partChanges, recordPartChange } from "./part-change";
import { type AddItemInput, ZAddItemInput, ZRemoveItemInput } from "./schemas";
import type { ComplianceChangeContext } from "./update-requirement";

export async function addItem(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: AddItemInput },
): Promise<{ id: string; number: number; revision: number }> {
  const input = ZAddItemInput.parse(options.input);
  return prisma.$transaction(async (tx) => {
    const program = await tx.complianceProgram.findUnique({
      where: { slug: input.slug },
      select: { id: true, slug: true },
    });
    if (!program) throw new DomainError("NOT_FOUND", `No readiness program "${input.slug}"`);
    await lockProgram(tx, program.id);
    const taken = await tx.complianceItem.findMany({
      where: { programId: program.id },
      select: { number: true },
    });
    const numbers = new Set(taken.map((item) => item.number));
    const number = input.number ?? Math.max(0, ...numbers) + 1;
    if (numbers.has(number)) {
      throw new DomainError("CONFLICT", `Item ${number} exists already; choose another number`, {
        field: "number",
      });
    }
    if (number > 999) throw new DomainError("BAD_REQUEST", "At most 999 items", { field: "number" });
    const created = await tx.complianceItem.create({
      data: {
        programId: program.id,
        number,
        title: input.title,
        summary: input.summary,
        whyItMatters: input.whyItMatters,
        targetLevel: input.targetLevel,
        // typed-in numbers belong to imported documents only
        documentCoverage: null,
        documentStatus: null,
      },
      select: { id: true },
    });
    const { revision } = await recordPartChange(tx, {
      ...options,
      programId: program.id,
      slug: program.slug,
      direction: "added",
      part: "item",
      itemNumber: number,
      name: input.title,
      changes: partChanges(
        {
          item: String(number),
          title: input.title,
          summary: input.summary,
          whyItMatters: input.whyItMatters,
          targetLevel: input.targetLevel,
        },
        "added",
      ),
    });
    return { id: created.id, number, revision };
  });
}

export async function removeItem(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: { itemId: string } },
): Promise<{ revision: number }> {
  const input = ZRemoveItemInput.parse(options.input);
  return prisma.$transaction(async (tx) => {
    const item = await tx.complianceItem.findUnique({
      where: { id: input.itemId },
      include: {
        program: { select: { slug: true } },
        _count: { select: { requirements: true, proofArtifacts: true } },
      },
    });
    if (!item) throw new DomainError("NOT_FOUND", "No such item (removed already?)");
    await lockProgram(tx, item.programId);
    // requirements and proof artifacts go with it (cascade); the audit event says how many
    const { count } = await tx.complianceItem.deleteMany({ where: { id: item.id } });
    if (count === 0) throw new DomainError("NOT_FOUND", "No such item (removed already?)");
    return recordPartChange(tx, {
      ...options,
      programId: item.programId,
      slug: item.program.slug,
      direction: "removed",
      part: "item",
      itemNumber: item.number,
      name: item.title,
      changes: partChanges(
        {
          item: String(item.number),
          title: item.title,
          targetLevel: item.targetLevel,
          requirements: String(item._count.requirements),
          proofArtifacts: String(item._count.proofArtifacts),
        },
        "removed",
      ),
    });
  });
}
