// What is read of a snapshot and how it becomes the DTO the UI sees (never the Prisma row).
import type { Prisma } from "../../db/generated/client";
import type { SnapshotRef, SnapshotView } from "./schemas";
import type { SnapshotStatus } from "./vocabulary";

export const snapshotSelect = {
  id: true,
  label: true,
  appVersion: true,
  status: true,
  requestedAt: true,
  requestedByName: true,
  startedAt: true,
  finishedAt: true,
  totalItems: true,
  totalBytes: true,
  processedItems: true,
  processedBytes: true,
  okCount: true,
  changedCount: true,
  missingCount: true,
  badSignatureCount: true,
  evidenceRoot: true,
  evidenceLeaves: true,
  auditTreeSize: true,
  auditRoot: true,
  failureReason: true,
} satisfies Prisma.EvidenceSnapshotSelect;

export type SnapshotRow = Prisma.EvidenceSnapshotGetPayload<{ select: typeof snapshotSelect }>;

export function toSnapshotView(row: SnapshotRow): SnapshotView {
  return {
    id: row.id,
    label: row.label,
    appVersion: row.appVersion,
    status: row.status as SnapshotStatus,
    requestedAt: row.requestedAt,
    requestedByName: row.requestedByName,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    totalItems: row.totalItems,
    totalBytes: Number(row.totalBytes),
    processedItems: row.processedItems,
    processedBytes: Number(row.processedBytes),
    counts: {
      ok: row.okCount,
      changed: row.changedCount,
      missing: row.missingCount,
      badSignature: row.badSignatureCount,
    },
    evidenceRoot: row.evidenceRoot,
    evidenceLeaves: row.evidenceLeaves,
    auditTreeSize: row.auditTreeSize,
    auditRoot: row.auditRoot,
    failureReason: row.failureReason,
  };
}

/** A finished snapshot as a report refers to it; null when it is not finished (its result fields are unset). */
export function toSnapshotRef(view: SnapshotView): SnapshotRef | null {
  if (
    view.status !== "FINISHED" ||
    !view.finishedAt ||
    view.evidenceRoot === null ||
    view.evidenceLeaves === null ||
    view.auditTreeSize === null ||
    view.auditRoot === null
  ) {
    return null;
  }
  return {
    id: view.id,
    label: view.label,
    appVersion: view.appVersion,
    finishedAt: view.finishedAt,
    evidenceRoot: view.evidenceRoot,
    evidenceLeaves: view.evidenceLeaves,
    auditTreeSize: view.auditTreeSize,
    auditRoot: view.auditRoot,
    counts: view.counts,
  };
}
