// Inputs and outputs of releases: registration (REST JSON, multipart fields, tRPC), the list, the detail, the
// publication. The bounds here are shapes; what a bundle must hold is checked by check-submission.ts.
import { z } from "zod";
import type { ReleaseBundleReport } from "../signing/bundle/report";
import { normaliseBundlePath } from "../signing/bundle/sha256sums";
import type { PipelineStage } from "./pipeline-state";
import {
  BUNDLE_METADATA_FILES,
  ENVIRONMENTS,
  type Environment,
  VERIFICATION_STATUSES,
  type VerificationStatus,
} from "./vocabulary";

/** Semantic Versioning 2.0.0, as its specification's regular expression says (no leading "v"). */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const MAX_ARTIFACTS = 10_000;
/** SHA256SUMS, its signature, manifest.dsse, the key hint: the verifier reads at most this much of each */
export const MAX_METADATA_BYTES = 8 * 1024 * 1024;
const MAX_PATH = 1000;

export const ZProduct = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    "Product: 1-64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit",
  );

export const ZVersion = z
  .string()
  .trim()
  .max(128, "Version: at most 128 characters")
  .regex(SEMVER, "Version must be a semantic version such as 1.4.0 or 2.0.0-rc.1 (no leading v)");

export const ZSourceCommit = z
  .string()
  .trim()
  .transform((value) => value.toLowerCase())
  .pipe(
    z
      .string()
      .regex(
        /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/,
        "Source commit: the full commit id (40 or 64 hex characters)",
      ),
  );

export const ZSha256 = z
  .string()
  .trim()
  .transform((value) => value.toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, "A SHA-256 is 64 hex characters"));

export const ZArtifactPath = z
  .string()
  .min(1, "An artifact needs a path")
  .max(MAX_PATH, `An artifact path has at most ${MAX_PATH} characters`)
  .refine(
    (path) => ![...path].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f),
    "An artifact path may not hold control characters",
  )
  .refine(
    (path) => normaliseBundlePath(path) === path,
    "An artifact path is relative, without ./, .. or doubled slashes (as SHA256SUMS lists it)",
  )
  .refine(
    (path) => !BUNDLE_METADATA_FILES.includes(path),
    "SHA256SUMS, its signature, manifest.dsse and key files are sent as themselves, not as artifacts",
  );

export const ZReleaseMeta = z.object({
  product: ZProduct,
  version: ZVersion,
  sourceCommit: ZSourceCommit,
  ciRunId: z
    .string()
    .trim()
    .min(1, "CI run id: the pipeline run that built the release")
    .max(200, "CI run id: at most 200 characters")
    .regex(/^[\x20-\x7e]+$/, "CI run id: printable characters only"),
  ciRunUrl: z
    .string()
    .trim()
    .max(2000)
    .url("CI run URL: an http(s) URL")
    .refine((url) => /^https?:\/\//i.test(url), "CI run URL: an http(s) URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type ReleaseMeta = z.output<typeof ZReleaseMeta>;

export const ZArtifactDigest = z.object({
  path: ZArtifactPath,
  sha256: ZSha256,
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

/** Registration with digests only (REST JSON and tRPC): the artifact bytes stay where CI put them. */
export const ZRegisterReleaseJson = ZReleaseMeta.extend({
  checksums: z.string().min(1, "SHA256SUMS is required").max(MAX_METADATA_BYTES, "SHA256SUMS is too large"),
  /** SHA256SUMS.sig, base64 */
  checksumsSignature: z.string().trim().max(MAX_METADATA_BYTES).optional(),
  /** manifest.dsse: the envelope as JSON, or its text */
  manifestDsse: z.union([z.record(z.string(), z.unknown()), z.string().max(MAX_METADATA_BYTES)]).optional(),
  /** public-key.pem shipped with the bundle: a hint of who signed, never trusted */
  publicKeyPem: z
    .string()
    .max(16 * 1024)
    .optional(),
  artifacts: z
    .array(ZArtifactDigest)
    .min(1, "List at least one artifact")
    .max(MAX_ARTIFACTS, `At most ${MAX_ARTIFACTS} artifacts`),
});
export type RegisterReleaseJson = z.input<typeof ZRegisterReleaseJson>;

export const RELEASE_STAGE_FILTERS = ["NONE", ...ENVIRONMENTS] as const;
export type ReleaseStageFilter = (typeof RELEASE_STAGE_FILTERS)[number];

export const ZReleaseListInput = z.object({
  product: ZProduct.optional(),
  version: ZVersion.optional(),
  status: z.enum(VERIFICATION_STATUSES).optional(),
  /** the furthest environment reached: NONE = not promoted anywhere yet */
  stage: z.enum(RELEASE_STAGE_FILTERS).optional(),
  waitingForMe: z.boolean().optional(),
  after: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ReleaseListInput = z.input<typeof ZReleaseListInput>;

export const ZReleaseIdInput = z.object({ releaseId: z.uuid("Not a valid release id") });

export const ZPublishInput = z.object({
  releaseId: z.uuid("Not a valid release id"),
  /** where the bundle goes out to, in the publisher's words (a channel, a mirror); the portal serves it either way */
  target: z.string().trim().min(1).max(200).default("portal"),
});
export type PublishInput = z.input<typeof ZPublishInput>;

export type ReleaseStageView = Omit<PipelineStage, "promotedAt"> & { promotedAt: Date | null };

export type ReleaseListItem = {
  id: string;
  product: string;
  version: string;
  bundleDigest: string;
  verificationStatus: VerificationStatus;
  verificationSummary: string;
  registeredAt: Date;
  registeredBy: string;
  stages: ReleaseStageView[];
  furthest: Environment | null;
  waitingForMe: boolean;
  published: boolean;
};

export type ReleasePage = { releases: ReleaseListItem[]; nextCursor: string | null };

export type ArtifactView = { path: string; sha256: string; size: number; stored: boolean };

export type PublicationView = {
  bundleName: string;
  bundleDigest: string;
  size: number;
  publishedAt: Date;
  publisher: string;
  target: string;
  downloadUrl: string;
};

export type PromotionSummary = { environment: Environment; promotedAt: Date; promotedBy: string };

export type ReleaseDetail = ReleaseListItem & {
  sourceCommit: string;
  ciRunId: string;
  ciRunUrl: string | null;
  verificationDigest: string;
  verifiedAt: Date;
  report: ReleaseBundleReport;
  signed: { checksumsSignature: boolean; manifest: boolean; publicKeyHint: boolean };
  artifacts: ArtifactView[];
  promotions: PromotionSummary[];
  publication: PublicationView | null;
  /** a PROD promotion exists and nothing is published yet */
  publishable: boolean;
};

export type RegistrationResult = { created: boolean; release: ReleaseDetail };
