// Exports of a program: Markdown in the tracker's own shape (re-importable), CSV (one row per requirement, RFC
// 4180 quoting, opens as a table in any spreadsheet), JSON (the document, the computed summary and sign-offs).
import type { PortalPrisma, PortalTx } from "../db/connection";
import { canonicalJson } from "../lib/canonical-json";
import { formatCoverage, roundCoverage, summarizeProgram } from "./policy";
import { contentSha256, documentOf, loadProgramRow } from "./program-store";
import { renderTrackerMarkdown } from "./render-markdown";
import { readinessLevelLabels } from "./vocabulary";

export type ProgramExport = { body: string; contentType: string; fileName: string };

export const EXPORT_FORMATS = ["md", "csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function csvField(value: string): string {
  // a leading = + - @ makes spreadsheets run the cell as a formula: prefix it so it stays text
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function exportProgram(
  prisma: PortalPrisma | PortalTx,
  slug: string,
  format: ExportFormat,
): Promise<ProgramExport> {
  const db = prisma as PortalTx;
  const row = await loadProgramRow(db, { slug });
  const document = documentOf(row);
  const base = `${row.slug}-${row.version}`.replace(/[^A-Za-z0-9._-]+/g, "_");
  if (format === "md") {
    return {
      body: renderTrackerMarkdown(document),
      contentType: "text/markdown; charset=utf-8",
      fileName: `${base}.md`,
    };
  }
  const summary = summarizeProgram(document);
  if (format === "csv") {
    const header = [
      "Item",
      "Item title",
      "Target",
      "Item coverage",
      "Requirement",
      "Implementation",
      "Status",
      "Sprint",
      "Owner",
      "Notes",
      "Frameworks",
    ];
    const lines = [header.map(csvField).join(",")];
    document.items.forEach((item, index) => {
      for (const requirement of item.requirements) {
        lines.push(
          [
            String(item.number),
            item.title,
            readinessLevelLabels[item.targetLevel],
            formatCoverage(summary.items[index]?.coverage ?? null),
            requirement.title,
            requirement.implementation,
            requirement.status,
            requirement.sprint,
            requirement.owner,
            requirement.notes,
            requirement.frameworks.join(" "),
          ]
            .map(csvField)
            .join(","),
        );
      }
    });
    return {
      body: `${lines.join("\r\n")}\r\n`,
      contentType: "text/csv; charset=utf-8",
      fileName: `${base}.csv`,
    };
  }
  const signOffs = await db.complianceSignOff.findMany({
    where: { programId: row.id },
    orderBy: { signedAt: "asc" },
    select: {
      stakeholderRole: true,
      signerName: true,
      signedAt: true,
      revision: true,
      contentSha256: true,
      keyId: true,
      envelope: true,
    },
  });
  const json = {
    format: "release-governance-portal/compliance-program/v1",
    slug: row.slug,
    revision: row.revision,
    contentSha256: contentSha256(document),
    coverageRule: "DONE 1, PARTIAL 0.5, TODO 0, DEFERRED excluded; program coverage over all requirements",
    computed: {
      coverage: roundCoverage(summary.coverage),
      itemsAtTarget: summary.itemsAtTarget,
      readyCounts: summary.readyCounts,
      items: summary.items.map((item) => ({ ...item, coverage: roundCoverage(item.coverage) })),
    },
    program: document,
    signOffs: signOffs.map((signOff) => ({ ...signOff, signedAt: signOff.signedAt.toISOString() })),
  };
  return {
    body: `${JSON.stringify(JSON.parse(canonicalJson(json)), null, 2)}\n`,
    contentType: "application/json",
    fileName: `${base}.json`,
  };
}
