// Downloads of a signed continuity report: the JSON document exactly as signed, its DSSE envelope, and the HTML and
// CSV renderings of that same document.
import type { PortalPrisma } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { reportRefSelect, toReportRef } from "./create-continuity-report";
import { renderReportCsv } from "./render-report-csv";
import { renderReportHtml } from "./render-report-html";
import { ZContinuityReportDocument } from "./report-document";
import type { ContinuityReportRef } from "./schemas";

export const REPORT_FORMATS = ["html", "csv", "json", "dsse"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getContinuityReport(prisma: PortalPrisma, id: string): Promise<ContinuityReportRef> {
  const row = UUID.test(id)
    ? await prisma.continuityReport.findUnique({ where: { id }, select: reportRefSelect })
    : null;
  if (!row) throw new DomainError("NOT_FOUND", "No such continuity report");
  return toReportRef(row);
}

export async function exportContinuityReport(
  prisma: PortalPrisma,
  id: string,
  format: ReportFormat,
): Promise<{ body: string; contentType: string; fileName: string }> {
  const row = UUID.test(id)
    ? await prisma.continuityReport.findUnique({
        where: { id },
        select: { ...reportRefSelect, document: true, envelope: true },
      })
    : null;
  if (!row) throw new DomainError("NOT_FOUND", "No such continuity report");
  const base = `continuity-report-${row.id.slice(0, 8)}`;
  switch (format) {
    case "json":
      return { body: row.document, contentType: "application/json; charset=utf-8", fileName: `${base}.json` };
    case "dsse":
      return {
        body: `${JSON.stringify(row.envelope, null, 2)}\n`,
        contentType: "application/vnd.dsse.envelope.v1+json",
        fileName: `${base}.dsse.json`,
      };
    case "csv":
      return {
        body: renderReportCsv(ZContinuityReportDocument.parse(JSON.parse(row.document))),
        contentType: "text/csv; charset=utf-8",
        fileName: `${base}.csv`,
      };
    case "html":
      return {
        body: renderReportHtml(ZContinuityReportDocument.parse(JSON.parse(row.document)), {
          keyId: row.keyId,
          documentSha256: row.documentSha256,
          signedAt: row.createdAt,
          signedBy: row.createdByName,
        }),
        contentType: "text/html; charset=utf-8",
        fileName: `${base}.html`,
      };
  }
}
