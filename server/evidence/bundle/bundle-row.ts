// What is read of a bundle export and how it becomes the DTO the UI sees.
import type { Prisma } from "../../db/generated/client";
import type { BundleDetail, BundleSummary } from "./schemas";

export const bundleSummarySelect = {
  id: true,
  title: true,
  selectionLabel: true,
  fileCount: true,
  totalBytes: true,
  merkleRoot: true,
  manifestSha256: true,
  keyId: true,
  createdAt: true,
  createdByName: true,
  archive: { select: { id: true, sha256: true, size: true, fileName: true } },
} satisfies Prisma.EvidenceBundleSelect;

export const bundleDetailSelect = {
  ...bundleSummarySelect,
  items: {
    select: {
      path: true,
      evidence: { select: { id: true, kind: true, fileName: true, sha256: true, size: true } },
    },
    orderBy: { path: "asc" },
  },
} satisfies Prisma.EvidenceBundleSelect;

type SummaryRow = Prisma.EvidenceBundleGetPayload<{ select: typeof bundleSummarySelect }>;
type DetailRow = Prisma.EvidenceBundleGetPayload<{ select: typeof bundleDetailSelect }>;

export function toBundleSummary(row: SummaryRow): BundleSummary {
  return {
    id: row.id,
    title: row.title,
    selectionLabel: row.selectionLabel,
    fileCount: row.fileCount,
    totalBytes: Number(row.totalBytes),
    merkleRoot: row.merkleRoot,
    manifestSha256: row.manifestSha256,
    keyId: row.keyId,
    createdAt: row.createdAt,
    createdByName: row.createdByName,
    archive: {
      evidenceId: row.archive.id,
      sha256: row.archive.sha256,
      size: Number(row.archive.size),
      fileName: row.archive.fileName,
    },
  };
}

export function toBundleDetail(row: DetailRow): BundleDetail {
  return {
    ...toBundleSummary(row),
    items: row.items.map((item) => ({
      evidenceId: item.evidence.id,
      path: item.path,
      kind: item.evidence.kind,
      fileName: item.evidence.fileName,
      sha256: item.evidence.sha256,
      size: Number(item.evidence.size),
    })),
  };
}
