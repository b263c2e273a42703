// Reading a program into a TrackerDocument and writing one, plus the bookkeeping every change does: bump the
// revision (sign-offs compare against it) and keep a coverage snapshot for the trend.

import type { PortalTx } from "../db/connection";
import type { Prisma } from "../db/generated/client";
import { sha256Hex } from "../evidence/blob-store";
import { canonicalJson } from "../lib/canonical-json";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import { contentOf, type TrackerDocument } from "./document";
import { summarizeProgram } from "./policy";
import type { ReadinessLevel, RequirementStatus } from "./vocabulary";

export const programInclude = {
  items: {
    orderBy: { number: "asc" },
    include: {
      requirements: { orderBy: { position: "asc" } },
      proofArtifacts: { orderBy: { position: "asc" } },
    },
  },
  phases: { orderBy: { number: "asc" }, include: { sprints: { orderBy: { position: "asc" } } } },
  deliverables: { orderBy: { position: "asc" } },
  stakeholders: { orderBy: { position: "asc" } },
} satisfies Prisma.ComplianceProgramInclude;

export type ProgramRow = Prisma.ComplianceProgramGetPayload<{ include: typeof programInclude }>;

export async function loadProgramRow(
  db: PortalTx,
  where: { id: string } | { slug: string },
): Promise<ProgramRow> {
  const row = await db.complianceProgram.findUnique({ where, include: programInclude });
  if (!row) {
    throw new DomainError(
      "NOT_FOUND",
      "id" in where ? "No such readiness program" : `No readiness program "${where.slug}"`,
    );
  }
  return row;
}

function jsonArray<T>(value: Prisma.JsonValue): T[] {
  return Array.isArray(value) ? (value as unknown as T[]) : [];
}

export function documentOf(row: ProgramRow): TrackerDocument {
  return {
    name: row.name,
    version: row.version,
    status: row.status,
    owner: row.owner,
    description: row.description,
    createdOn: row.createdOn,
    updatedOn: row.updatedOn,
    items: row.items.map((item) => ({
      number: item.number,
      title: item.title,
      summary: item.summary,
      whyItMatters: item.whyItMatters,
      targetLevel: item.targetLevel as ReadinessLevel,
      documentCoverage: item.documentCoverage,
      documentStatus: item.documentStatus,
      requirements: item.requirements.map((requirement) => ({
        title: requirement.title,
        implementation: requirement.implementation,
        status: requirement.status as RequirementStatus,
        sprint: requirement.sprint,
        owner: requirement.owner,
        notes: requirement.notes,
        frameworks: [...requirement.frameworks],
      })),
      proofArtifacts: item.proofArtifacts.map((proof) => ({
        description: proof.description,
        evidenceSha256: proof.evidenceSha256,
      })),
    })),
    phases: row.phases.map((phase) => ({
      number: phase.number,
      name: phase.name,
      code: phase.code,
      target: phase.target,
      level: phase.level as ReadinessLevel,
      sprints: phase.sprints.map((sprint) => ({
        code: sprint.code,
        module: sprint.module,
        description: sprint.description,
        status: sprint.status,
      })),
    })),
    deliverables: row.deliverables.map((deliverable) => ({
      title: deliverable.title,
      path: deliverable.path,
      status: deliverable.status,
    })),
    stakeholders: row.stakeholders.map((stakeholder) => ({
      role: stakeholder.role,
      portalRole: stakeholder.portalRole,
    })),
    documentHistory: jsonArray(row.documentHistory),
    extraSections: jsonArray(row.extraSections),
  };
}

/** SHA-256 (hex) of the canonical JSON of what a sign-off signs. */
export function contentSha256(document: TrackerDocument): string {
  return sha256Hex(Buffer.from(canonicalJson(contentOf(document)), "utf8"));
}

export async function insertProgram(
  tx: PortalTx,
  document: TrackerDocument,
  options: { slug: string; now: Date },
): Promise<string> {
  const program = await tx.complianceProgram.create({
    data: {
      slug: options.slug,
      name: document.name,
      version: document.version,
      status: document.status,
      owner: document.owner,
      description: document.description,
      createdOn: document.createdOn,
      updatedOn: document.updatedOn,
      documentHistory: document.documentHistory,
      extraSections: document.extraSections,
      revision: 1,
      createdAt: options.now,
      updatedAt: options.now,
    },
    select: { id: true },
  });
  for (const item of document.items) {
    await tx.complianceItem.create({
      data: {
        programId: program.id,
        number: item.number,
        title: item.title,
        summary: item.summary,
        whyItMatters: item.whyItMatters,
        targetLevel: item.targetLevel,
        documentCoverage: item.documentCoverage,
        documentStatus: item.documentStatus,
        requirements: {
          create: item.requirements.map((requirement, position) => ({ ...requirement, position })),
        },
        proofArtifacts: {
          create: item.proofArtifacts.map((proof, position) => ({
            position,
            description: proof.description,
            evidenceSha256: proof.evidenceSha256,
          })),
        },
      },
    });
  }
  for (const phase of document.phases) {
    await tx.compliancePhase.create({
      data: {
        programId: program.id,
        number: phase.number,
        name: phase.name,
        code: phase.code,
        target: phase.target,
        level: phase.level,
        sprints: { create: phase.sprints.map((sprint, position) => ({ ...sprint, position })) },
      },
    });
  }
  await tx.complianceDeliverable.createMany({
    data: document.deliverables.map((deliverable, position) => ({
      ...deliverable,
      position,
      programId: program.id,
    })),
  });
  await tx.complianceStakeholder.createMany({
    data: document.stakeholders.map((stakeholder, position) => ({
      ...stakeholder,
      position,
      programId: program.id,
    })),
  });
  await takeSnapshot(tx, { programId: program.id, document, revision: 1, at: options.now });
  return program.id;
}

async function takeSnapshot(
  tx: PortalTx,
  input: { programId: string; document: TrackerDocument; revision: number; at: Date },
): Promise<void> {
  const summary = summarizeProgram(input.document);
  await tx.complianceCoverageSnapshot.create({
    data: {
      programId: input.programId,
      takenAt: input.at,
      revision: input.revision,
      coverage: summary.coverage,
      items: Object.fromEntries(summary.items.map((item) => [String(item.number), item.coverage])),
    },
  });
}

/**
 * After a change inside `tx`: the next revision, the time, and a coverage snapshot. The row lock makes two
 * concurrent edits of one program take turns, so revisions never repeat.
 */
export async function recordProgramChange(
  tx: PortalTx,
  programId: string,
  clock: Clock,
): Promise<{ revision: number }> {
  const now = clock.now();
  const updated = await tx.complianceProgram.update({
    where: { id: programId },
    data: { revision: { increment: 1 }, updatedAt: now },
    select: { revision: true },
  });
  const document = documentOf(await loadProgramRow(tx, { id: programId }));
  await takeSnapshot(tx, { programId, document, revision: updated.revision, at: now });
  return updated;
}

/** "Compliance Readiness Tracker" -> "compliance-readiness-tracker" */
export function slugify(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/, "") || "program"
  );
}
