// Which evidence a bundle selection means, and how the selection reads. Selections by criteria (a release, a
// program, a break-glass session, a time range) leave out earlier bundle archives: a bundle of bundles doubles in
// size with every export and each archive verifies on its own; hand-picked evidence may include them.

import type { PortalPrisma } from "../../db/connection";
import type { Prisma } from "../../db/generated/client";
import { DomainError } from "../../lib/domain-error";
import { evidenceListSelect, toEvidenceListItem } from "../evidence-row";
import type { EvidenceLimits } from "../limits";
import { formatBytes } from "../policy";
import type { EvidenceListItem } from "../schemas";
import {
  type BundlePreview,
  type BundleSelection,
  type BundleSelectionInput,
  ZBundleSelection,
} from "./schemas";

export type SelectedEvidence = { label: string; selection: BundleSelection; items: EvidenceListItem[] };

async function describeSelection(prisma: PortalPrisma, selection: BundleSelection): Promise<string> {
  const kinds = "kinds" in selection && selection.kinds?.length ? ` (${selection.kinds.join(", ")})` : "";
  const missing = (what: string) => new DomainError("NOT_FOUND", `No such ${what}`, { field: "selection" });
  switch (selection.mode) {
    case "release": {
      const release = await prisma.release.findUnique({
        where: { id: selection.releaseId },
        select: { product: true, version: true },
      });
      if (!release) throw missing("release");
      return `Release ${release.product} ${release.version}${kinds}`;
    }
    case "program": {
      const program = await prisma.complianceProgram.findUnique({
        where: { id: selection.programId },
        select: { name: true },
      });
      if (!program) throw missing("compliance program");
      return `Compliance program ${program.name}${kinds}`;
    }
    case "breakGlassSession": {
      const session = await prisma.breakGlassSession.findUnique({
        where: { id: selection.sessionId },
        select: { reasonCode: true, requesterName: true, ticketRef: true },
      });
      if (!session) throw missing("break-glass session");
      return `Break-glass session ${session.reasonCode} of ${session.requesterName}${session.ticketRef ? ` (${session.ticketRef})` : ""}${kinds}`;
    }
    case "timeRange":
      return `Uploaded from ${selection.from.toISOString()} to ${selection.to.toISOString()}${kinds}`;
    case "records":
      return `${selection.evidenceIds.length} hand-picked piece${selection.evidenceIds.length === 1 ? "" : "s"} of evidence`;
  }
}

function whereOf(selection: BundleSelection): Prisma.EvidenceRecordWhereInput {
  if (selection.mode === "records") return { id: { in: selection.evidenceIds } };
  const criteria: Prisma.EvidenceRecordWhereInput[] = [{ exportOf: { is: null } }];
  if (selection.kinds?.length) criteria.push({ kind: { in: selection.kinds } });
  switch (selection.mode) {
    case "release":
      criteria.push({ links: { some: { releaseId: selection.releaseId } } });
      break;
    case "program":
      criteria.push({ links: { some: { proofArtifact: { item: { programId: selection.programId } } } } });
      break;
    case "breakGlassSession":
      criteria.push({ links: { some: { breakGlassSessionId: selection.sessionId } } });
      break;
    case "timeRange":
      criteria.push({ createdAt: { gte: selection.from, lt: selection.to } });
      break;
  }
  return { AND: criteria };
}

export async function selectEvidence(
  prisma: PortalPrisma,
  rawSelection: BundleSelectionInput,
  limits: Pick<EvidenceLimits, "maxBundleBytes" | "maxBundleFiles">,
): Promise<SelectedEvidence> {
  const selection = ZBundleSelection.parse(rawSelection);
  const label = await describeSelection(prisma, selection);
  const rows = await prisma.evidenceRecord.findMany({
    where: whereOf(selection),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limits.maxBundleFiles + 1,
    select: evidenceListSelect,
  });
  if (selection.mode === "records" && rows.length < selection.evidenceIds.length) {
    const missing = selection.evidenceIds.find((id) => !rows.some((row) => row.id === id));
    throw new DomainError("NOT_FOUND", `No evidence with id ${missing}`, { field: "selection" });
  }
  if (rows.length === 0) {
    throw new DomainError("PRECONDITION_FAILED", `No evidence matches this selection (${label})`, {
      field: "selection",
    });
  }
  if (rows.length > limits.maxBundleFiles) {
    throw new DomainError(
      "PAYLOAD_TOO_LARGE",
      `More than ${limits.maxBundleFiles} pieces of evidence match (${label}); narrow the selection`,
      { field: "selection" },
    );
  }
  const items = rows.map(toEvidenceListItem);
  const total = items.reduce((sum, item) => sum + item.size, 0);
  if (total > limits.maxBundleBytes) {
    throw new DomainError(
      "PAYLOAD_TOO_LARGE",
      `The selection holds ${formatBytes(total)} of evidence; a bundle may hold at most ${formatBytes(limits.maxBundleBytes)}`,
      { field: "selection" },
    );
  }
  return { label, selection, items };
}

/** What an export of this selection would hold, without building it (the export form shows it). */
export async function previewBundle(
  prisma: PortalPrisma,
  rawSelection: BundleSelectionInput,
  limits: Pick<EvidenceLimits, "maxBundleBytes" | "maxBundleFiles">,
): Promise<BundlePreview> {
  const { label, items } = await selectEvidence(prisma, rawSelection, limits);
  const kinds: Record<string, number> = {};
  for (const item of items) kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
  return {
    fileCount: items.length,
    totalBytes: items.reduce((sum, item) => sum + item.size, 0),
    selectionLabel: label,
    kinds,
  };
}
