// An editor lists a new proof artifact for an item (evidence is attached afterwards, see attach-proof-evidence.ts)
// or removes one. The evidence bytes stay in the content-addressed blob store; only the link goes.
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { lockProgram, partChanges, recordPartChange } from "./part-change";
import { type AddProofInput, ZAddProofInput, ZRemoveProofInput } from "./schemas";
import type { ComplianceChangeContext } from "./update-requirement";

const itemSelect = { id: true, number: true, programId: true, program: { select: { slug: true } } } as const;

export async function addProof(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: AddProofInput },
): Promise<{ id: string; revision: number }> {
  const input = ZAddProofInput.parse(options.input);
  return prisma.$transaction(async (tx) => {
    const item = await tx.complianceItem.findUnique({ where: { id: input.itemId }, select: itemSelect });
    if (!item) throw new DomainError("NOT_FOUND", "No such item");
    await lockProgram(tx, item.programId);
    const siblings = await tx.complianceProofArtifact.findMany({
      where: { itemId: item.id },
      select: { description: true, position: true },
    });
    if (siblings.some((sibling) => sibling.description.toLowerCase() === input.description.toLowerCase())) {
      throw new DomainError("CONFLICT", `Item ${item.number} already lists this proof artifact`, {
        field: "description",
      });
    }
    const position = siblings.reduce((last, sibling) => Math.max(last, sibling.position + 1), 0);
    const created = await tx.complianceProofArtifact.create({
      data: { itemId: item.id, position, description: input.description },
      select: { id: true },
    });
    const { revision } = await recordPartChange(tx, {
      ...options,
      programId: item.programId,
      slug: item.program.slug,
      direction: "added",
      part: "proof",
      itemNumber: item.number,
      name: input.description,
      changes: partChanges({ proof: input.description }, "added"),
    });
    return { id: created.id, revision };
  });
}

export async function removeProof(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: { proofId: string } },
): Promise<{ revision: number }> {
  const input = ZRemoveProofInput.parse(options.input);
  return prisma.$transaction(async (tx) => {
    const proof = await tx.complianceProofArtifact.findUnique({
      where: { id: input.proofId },
      include: { item: { select: itemSelect } },
    });
    if (!proof) throw new DomainError("NOT_FOUND", "No such proof artifact (removed already?)");
    await lockProgram(tx, proof.item.programId);
    const { count } = await tx.complianceProofArtifact.deleteMany({ where: { id: proof.id } });
    if (count === 0) throw new DomainError("NOT_FOUND", "No such proof artifact (removed already?)");
    return recordPartChange(tx, {
      ...options,
      programId: proof.item.programId,
      slug: proof.item.program.slug,
      direction: "removed",
      part: "proof",
      itemNumber: proof.item.number,
      name: proof.description,
      changes: partChanges({ proof: proof.description, evidence: proof.evidenceSha256 }, "removed"),
    });
  });
}
