// The release bundle verification report: plain data (ISO dates, no class instances), validated by zod, so the
// promotion gate can store it with the promotion and the UI can render it as it is.
import { z } from "zod";
import { SIGNATURE_FLAGS } from "../policy";
import { SIGNATURE_STATUSES } from "../signature-check";
import { SIGNING_KEY_PURPOSES } from "../vocabulary";

export const BUNDLE_FILE_STATUSES = ["ok", "mismatch", "missing", "unlisted"] as const;
export type BundleFileStatus = (typeof BUNDLE_FILE_STATUSES)[number];

export const LISTING_SOURCES = ["SHA256SUMS", "manifest.dsse"] as const;
export const SIGNATURE_SOURCES = ["SHA256SUMS.sig", "manifest.dsse"] as const;

export const ZBundleFileCheck = z.object({
  name: z.string(),
  status: z.enum(BUNDLE_FILE_STATUSES),
  size: z.number().int().nullable(),
  expectedSha256: z.string().nullable(),
  actualSha256: z.string().nullable(),
  listedIn: z.array(z.enum(LISTING_SOURCES)),
});
export type BundleFileCheck = z.infer<typeof ZBundleFileCheck>;

export const ZBundleSignatureCheck = z.object({
  source: z.enum(SIGNATURE_SOURCES),
  index: z.number().int(),
  status: z.enum([...SIGNATURE_STATUSES, "missing"]),
  ok: z.boolean(),
  keyId: z.string().nullable(),
  flags: z.array(z.enum(SIGNATURE_FLAGS)),
  reason: z.string(),
  signedAt: z.iso.datetime().nullable(),
  signedAtSource: z.enum(["record", "observed", "now"]).nullable(),
});
export type BundleSignatureCheck = z.infer<typeof ZBundleSignatureCheck>;

export const ZReleaseBundleReport = z.object({
  ok: z.boolean(),
  /** verified, but a signature carries a flag (e.g. made before its key was revoked): a person should look */
  flagged: z.boolean(),
  summary: z.string(),
  verifiedAt: z.iso.datetime(),
  purpose: z.enum(SIGNING_KEY_PURPOSES),
  source: z.object({ kind: z.enum(["directory", "tar", "tar.gz"]), name: z.string() }),
  checksums: z.object({ present: z.boolean(), entries: z.number().int(), trusted: z.boolean() }),
  manifest: z.object({
    present: z.boolean(),
    verified: z.boolean(),
    predicateType: z.string().nullable(),
    subjects: z.number().int(),
  }),
  signatures: z.array(ZBundleSignatureCheck),
  files: z.array(ZBundleFileCheck),
  counts: z.object({
    ok: z.number().int(),
    mismatch: z.number().int(),
    missing: z.number().int(),
    unlisted: z.number().int(),
  }),
  problems: z.array(z.string()),
});
export type ReleaseBundleReport = z.infer<typeof ZReleaseBundleReport>;
