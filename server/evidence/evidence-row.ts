// What is read of an evidence record and how it becomes the DTO the UI and the API see (never the Prisma row).
import type { Prisma } from "../db/generated/client";
import type { EvidenceDetail, EvidenceLinkView, EvidenceListItem } from "./schemas";
import type { EvidenceKind, ProducerKind } from "./vocabulary";

export const evidenceLinkSelect = {
  releaseId: true,
  proofArtifactId: true,
  breakGlassSessionId: true,
  release: { select: { product: true, version: true } },
  proofArtifact: {
    select: {
      description: true,
      item: { select: { number: true, program: { select: { slug: true, name: true } } } },
    },
  },
  breakGlassSession: { select: { reasonCode: true, requesterName: true, ticketRef: true } },
} satisfies Prisma.EvidenceLinkSelect;

export const evidenceListSelect = {
  id: true,
  kind: true,
  sha256: true,
  size: true,
  mediaType: true,
  fileName: true,
  subjectDigest: true,
  description: true,
  producerKind: true,
  producerName: true,
  createdAt: true,
  links: { select: evidenceLinkSelect, orderBy: { createdAt: "asc" } },
  exportOf: { select: { id: true } },
} satisfies Prisma.EvidenceRecordSelect;

export const evidenceDetailSelect = {
  ...evidenceListSelect,
  bundleItems: {
    select: { path: true, bundle: { select: { id: true, title: true, createdAt: true } } },
    orderBy: { bundle: { createdAt: "desc" } },
  },
} satisfies Prisma.EvidenceRecordSelect;

type LinkRow = Prisma.EvidenceLinkGetPayload<{ select: typeof evidenceLinkSelect }>;
type ListRow = Prisma.EvidenceRecordGetPayload<{ select: typeof evidenceListSelect }>;
type DetailRow = Prisma.EvidenceRecordGetPayload<{ select: typeof evidenceDetailSelect }>;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function toLinkView(link: LinkRow): EvidenceLinkView | null {
  if (link.releaseId && link.release) {
    return {
      target: "release",
      id: link.releaseId,
      label: `${link.release.product} ${link.release.version}`,
      shortLabel: `${link.release.product} ${link.release.version}`,
    };
  }
  if (link.proofArtifactId && link.proofArtifact) {
    const { item } = link.proofArtifact;
    return {
      target: "proofArtifact",
      id: link.proofArtifactId,
      label: `${item.program.name} · item ${item.number}: ${clip(link.proofArtifact.description, 80)}`,
      shortLabel: `Item ${item.number}: ${clip(link.proofArtifact.description, 36)}`,
      programSlug: item.program.slug,
      itemNumber: item.number,
    };
  }
  if (link.breakGlassSessionId && link.breakGlassSession) {
    const session = link.breakGlassSession;
    return {
      target: "breakGlassSession",
      id: link.breakGlassSessionId,
      label: `${session.reasonCode} · ${session.requesterName}${session.ticketRef ? ` (${session.ticketRef})` : ""}`,
      shortLabel: `Break-glass ${session.ticketRef ?? session.reasonCode}`,
    };
  }
  return null;
}

export function toEvidenceListItem(row: ListRow): EvidenceListItem {
  return {
    id: row.id,
    kind: row.kind as EvidenceKind,
    sha256: row.sha256,
    size: Number(row.size),
    mediaType: row.mediaType,
    fileName: row.fileName,
    subjectDigest: row.subjectDigest,
    description: row.description,
    producerKind: row.producerKind as ProducerKind,
    producerName: row.producerName,
    createdAt: row.createdAt,
    links: row.links.map(toLinkView).filter((link): link is EvidenceLinkView => link !== null),
    bundleId: row.exportOf?.id ?? null,
  };
}

export function toEvidenceDetail(row: DetailRow): EvidenceDetail {
  return {
    ...toEvidenceListItem(row),
    bundles: row.bundleItems.map((item) => ({
      id: item.bundle.id,
      title: item.bundle.title,
      createdAt: item.bundle.createdAt,
      path: item.path,
    })),
  };
}
