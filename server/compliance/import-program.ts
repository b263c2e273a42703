// Importing a tracker: a preview that shows what would be created (and where the document's typed-in coverage
// disagrees with the computed one), then the import itself, all or nothing in one transaction.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma, PortalTx } from "../db/connection";
import { Prisma } from "../db/generated/client";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import type { TrackerDocument } from "./document";
import { type ParseIssue, parseTracker } from "./parse-tracker";
import { summarizeProgram } from "./policy";
import { contentSha256, insertProgram, slugify } from "./program-store";
import { type ImportInput, type ImportPreview, ZImportInput } from "./schemas";

function previewOf(
  document: TrackerDocument,
  slug: string,
  slugTaken: boolean,
  warnings: ParseIssue[],
): ImportPreview {
  const summary = summarizeProgram(document);
  return {
    ok: true,
    warnings,
    name: document.name,
    version: document.version,
    slug,
    slugTaken,
    coverage: summary.coverage,
    counts: {
      items: document.items.length,
      requirements: summary.requirementCount,
      phases: document.phases.length,
      sprints: document.phases.reduce((total, phase) => total + phase.sprints.length, 0),
      proofArtifacts: document.items.reduce((total, item) => total + item.proofArtifacts.length, 0),
      deliverables: document.deliverables.length,
      stakeholders: document.stakeholders.length,
    },
    items: document.items.map((item, index) => ({
      number: item.number,
      title: item.title,
      targetLevel: item.targetLevel,
      requirements: item.requirements.length,
      typedCoverage: item.documentCoverage,
      computedCoverage: summary.items[index]?.coverage ?? null,
      typedStatus: item.documentStatus,
      computedStatus: summary.items[index]?.status ?? "",
    })),
  };
}

export async function previewImport(
  prisma: PortalPrisma | PortalTx,
  rawInput: ImportInput,
): Promise<ImportPreview> {
  const input = ZImportInput.parse(rawInput);
  const parsed = parseTracker(input.markdown);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const slug = input.slug ?? slugify(parsed.document.name);
  const taken = (await prisma.complianceProgram.count({ where: { slug } })) > 0;
  return previewOf(parsed.document, slug, taken, parsed.warnings);
}

export type ImportProgramOptions = {
  input: ImportInput;
  actor: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
  source?: "import" | "demo-seed";
};

export async function importProgramInTx(
  tx: PortalTx,
  options: ImportProgramOptions,
): Promise<{ slug: string; id: string }> {
  const input = ZImportInput.parse(options.input);
  const parsed = parseTracker(input.markdown);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new DomainError(
      "BAD_REQUEST",
      `The tracker has ${parsed.errors.length} error${parsed.errors.length === 1 ? "" : "s"}; nothing was imported${first ? ` (line ${first.line}: ${first.message})` : ""}`,
      { errors: parsed.errors },
    );
  }
  const document = { ...parsed.document, owner: parsed.document.owner || options.actor.name };
  const slug = input.slug ?? slugify(document.name);
  if ((await tx.complianceProgram.count({ where: { slug } })) > 0) {
    throw new DomainError(
      "CONFLICT",
      `A readiness program named "${slug}" exists already; choose another short name`,
      {
        field: "slug",
      },
    );
  }
  const id = await insertProgram(tx, document, { slug, now: options.clock.now() });
  await appendAudit(tx, {
    payload: {
      type: "compliance.program_imported",
      slug,
      name: document.name,
      version: document.version,
      items: document.items.length,
      requirements: document.items.reduce((total, item) => total + item.requirements.length, 0),
      contentSha256: contentSha256(document),
      source: options.source ?? "import",
    },
    actor: options.actor,
    subject: { type: "compliance_program", id },
    request: options.request,
    clock: options.clock,
  });
  return { slug, id };
}

export async function importProgram(
  prisma: PortalPrisma,
  options: ImportProgramOptions,
): Promise<{ slug: string; id: string }> {
  try {
    return await prisma.$transaction((tx) => importProgramInTx(tx, options), { timeout: 30_000 });
  } catch (error) {
    // two imports of the same short name at once: the unique index decides, the loser hears why
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new DomainError(
        "CONFLICT",
        "A readiness program with this short name was just created; choose another",
        {
          field: "slug",
        },
      );
    }
    throw error;
  }
}
