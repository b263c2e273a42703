// Inputs and outputs of the evidence store (tRPC, /api/v1/evidence and the upload route share them).
import { z } from "zod";
import { normaliseSubjectDigest } from "./policy";
import {
  BLOB_STATES,
  type BlobState,
  EVIDENCE_KINDS,
  type EvidenceKind,
  type ProducerKind,
} from "./vocabulary";

export const ZEvidenceKind = z.enum(EVIDENCE_KINDS, {
  error: (issue) =>
    issue.input === undefined
      ? "Choose the kind of evidence"
      : `Unknown kind "${String(issue.input).slice(0, 40)}": use one of ${EVIDENCE_KINDS.join(", ")}`,
});

const ZIdList = (what: string) =>
  z
    .array(z.uuid({ error: `Each ${what} is a UUID` }))
    .max(20, `At most 20 ${what}s per upload`)
    .default([])
    .transform((ids) => [...new Set(ids)]);

export const ZEvidenceLinks = z.object({
  releaseIds: ZIdList("release id"),
  proofArtifactIds: ZIdList("proof artifact id"),
  breakGlassSessionIds: ZIdList("break-glass session id"),
});
export type EvidenceLinksInput = z.input<typeof ZEvidenceLinks>;
export type EvidenceLinks = z.output<typeof ZEvidenceLinks>;

const ZSubjectDigest = z
  .string()
  .max(200, "A subject digest is at most 200 characters")
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === "") return null;
    const verdict = normaliseSubjectDigest(text);
    if (verdict.ok) return verdict.value;
    ctx.addIssue({ code: "custom", message: verdict.reason });
    return z.NEVER;
  });

/** Everything about an upload except its bytes. */
export const ZUploadEvidenceMeta = z.object({
  kind: ZEvidenceKind,
  fileName: z.string().max(1000, "The file name is too long"),
  /** what the uploader says the content is; empty: let the content say */
  mediaType: z.string().max(255, "A media type is at most 255 characters").default(""),
  subjectDigest: ZSubjectDigest,
  description: z.string().trim().max(2000, "The description is at most 2,000 characters").default(""),
  links: ZEvidenceLinks.default({ releaseIds: [], proofArtifactIds: [], breakGlassSessionIds: [] }),
});
export type UploadEvidenceMeta = z.input<typeof ZUploadEvidenceMeta>;

export const ZEvidenceListInput = z.object({
  kind: ZEvidenceKind.optional(),
  releaseId: z.uuid().optional(),
  programId: z.uuid().optional(),
  breakGlassSessionId: z.uuid().optional(),
  /** part of the producer's name (a person or an API token) */
  producer: z.string().trim().max(200).optional(),
  /** file name, SHA-256 or subject digest, or a prefix of a digest */
  search: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  after: z.string().max(200).optional(),
});
export type EvidenceListInput = z.input<typeof ZEvidenceListInput>;

export type EvidenceProducer =
  | { kind: "USER"; userId: string; name: string }
  | { kind: "API_TOKEN"; tokenId: string; name: string }
  | { kind: "SYSTEM"; name: string };

/** label: what the link points at, in full; shortLabel: the same for a table cell */
export type EvidenceLinkView =
  | { target: "release"; id: string; label: string; shortLabel: string }
  | {
      target: "proofArtifact";
      id: string;
      label: string;
      shortLabel: string;
      programSlug: string;
      itemNumber: number;
    }
  | { target: "breakGlassSession"; id: string; label: string; shortLabel: string };

export type EvidenceListItem = {
  id: string;
  kind: EvidenceKind;
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string;
  subjectDigest: string | null;
  description: string;
  producerKind: ProducerKind;
  producerName: string;
  createdAt: Date;
  links: EvidenceLinkView[];
  /** set when this record is the archive of a bundle export */
  bundleId: string | null;
};

export type EvidenceDetail = EvidenceListItem & {
  bundles: { id: string; title: string; createdAt: Date; path: string }[];
};

export type EvidencePage = { items: EvidenceListItem[]; nextCursor: string | null };

export type BlobCheck = { state: BlobState; detail: string; checkedAt: Date; actualSha256: string | null };

export const ZBlobState = z.enum(BLOB_STATES);

export type UploadEvidenceResult = { evidence: EvidenceDetail; created: boolean; linksAdded: number };
