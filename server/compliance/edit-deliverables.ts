// An editor adds a documentation deliverable to a program (at the end) or removes one.
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { lockProgram, partChanges, recordPartChange } from "./part-change";
import { type AddDeliverableInput, ZAddDeliverableInput, ZRemoveDeliverableInput } from "./schemas";
import type { ComplianceChangeContext } from "./update-requirement";

export async function addDeliverable(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: AddDeliverableInput },
): Promise<{ id: string; revision: number }> {
  const input = ZAddDeliverableInput.parse(options.input);
  return prisma.$transaction(async (tx) => {
    const program = await tx.complianceProgram.findUnique({
      where: { slug: input.slug },
      select: { id: true, slug: true },
    });
    if (!program) throw new DomainError("NOT_FOUND", `No readiness program "${input.slug}"`);
    await lockProgram(tx, program.id);
    const last = await tx.complianceDeliverable.findFirst({
      where: { programId: program.id },
      orderBy: { position: "desc" },
      select: { position: true },
    });
    const created = await tx.complianceDeliverable.create({
      data: {
        programId: program.id,
        position: (last?.position ?? -1) + 1,
        title: input.title,
        path: input.path,
        status: input.status,
      },
      select: { id: true },
    });
    const { revision } = await recordPartChange(tx, {
      ...options,
      programId: program.id,
      slug: program.slug,
      direction: "added",
      part: "deliverable",
      itemNumber: null,
      name: input.title,
      changes: partChanges({ deliverable: input.title, path: input.path, status: input.status }, "added"),
    });
    return { id: created.id, revision };
  });
}

export async function removeDeliverable(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: { deliverableId: string } },
): Promise<{ revision: number }> {
  const input = ZRemoveDeliverableInput.parse(options.input);
  return prisma.$transaction(async (tx) => {
    const deliverable = await tx.complianceDeliverable.findUnique({
      where: { id: input.deliverableId },
      include: { program: { select: { slug: true } } },
    });
    if (!deliverable) throw new DomainError("NOT_FOUND", "No such deliverable (removed already?)");
    await lockProgram(tx, deliverable.programId);
    const { count } = await tx.complianceDeliverable.deleteMany({ where: { id: deliverable.id } });
    if (count === 0) throw new DomainError("NOT_FOUND", "No such deliverable (removed already?)");
    return recordPartChange(tx, {
      ...options,
      programId: deliverable.programId,
      slug: deliverable.program.slug,
      direction: "removed",
      part: "deliverable",
      itemNumber: null,
      name: deliverable.title,
      changes: partChanges(
        { deliverable: deliverable.title, path: deliverable.path, status: deliverable.status },
        "removed",
      ),
    });
  });
}
