// manifest.json of an evidence bundle: an in-toto Statement v1 whose subjects are every file the signature covers
// and whose predicate describes the evidence (kind, media type, links, producer) and carries the Merkle root over
// the evidence files. Shared by the exporter and the offline verifier, so both read the same format.
//
// The bytes are canonical (RFC 8785 key order, no insignificant whitespace inside an entry) with one entry of each
// list per line: readable, stable, and searchable with grep, so `sha256sum -c` can check the signed subjects
// without a JSON tool (VERIFY.md).
import { z } from "zod";
import { canonicalJson, type JsonValue } from "../../lib/canonical-json";
import { leafHash, merkleRoot } from "../../lib/merkle";
import { IN_TOTO_STATEMENT_TYPE, type InTotoStatement } from "../../signing/in-toto";
import { EVIDENCE_BUNDLE_PREDICATE_TYPE, MERKLE_ALGORITHM, MERKLE_LEAF_ENCODING } from "./layout";

const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 is 64 lower-case hex characters");
const ZPath = z.string().min(1).max(255);

export const ZManifestFile = z.object({
  path: ZPath,
  sha256: ZSha256,
  size: z.number().int().positive(),
  kind: z.string(),
  mediaType: z.string(),
  fileName: z.string(),
  subjectDigest: z.string().nullable(),
  evidenceId: z.string(),
  description: z.string(),
  producer: z.string(),
  uploadedAt: z.string(),
  links: z.array(z.object({ target: z.string(), id: z.string(), label: z.string() })),
});
export type ManifestFile = z.infer<typeof ZManifestFile>;

export const ZSupportingFile = z.object({
  path: ZPath,
  sha256: ZSha256,
  size: z.number().int().nonnegative(),
  // instructions | trusted-key | checkpoint | proof | ...
  role: z.string(),
  description: z.string(),
});
export type SupportingFile = z.infer<typeof ZSupportingFile>;

export const ZBundlePredicate = z.object({
  bundle: z.object({
    id: z.string(),
    title: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    selection: z.string(),
    portalVersion: z.string(),
  }),
  files: z.array(ZManifestFile).min(1),
  supporting: z.array(ZSupportingFile),
  merkle: z.object({
    algorithm: z.string(),
    leafEncoding: z.string(),
    treeSize: z.number().int().positive(),
    root: ZSha256,
  }),
});
export type BundlePredicate = z.infer<typeof ZBundlePredicate>;

export const ZBundleManifest = z.object({
  _type: z.literal(IN_TOTO_STATEMENT_TYPE),
  subject: z.array(z.object({ name: ZPath, digest: z.object({ sha256: ZSha256 }) })).min(1),
  predicateType: z.literal(EVIDENCE_BUNDLE_PREDICATE_TYPE),
  predicate: ZBundlePredicate,
});
export type BundleManifest = z.infer<typeof ZBundleManifest>;

const byPath = <T extends { path: string }>(a: T, b: T) =>
  Buffer.compare(Buffer.from(a.path, "utf8"), Buffer.from(b.path, "utf8"));

/** Entries in the order the manifest lists them: by the bytes of their path. */
export function sortByPath<T extends { path: string }>(entries: readonly T[]): T[] {
  return [...entries].sort(byPath);
}

/** The Merkle leaf of one evidence file: its canonical {path, sha256, size}. */
export function merkleLeafOf(file: Pick<ManifestFile, "path" | "sha256" | "size">): Buffer {
  return Buffer.from(canonicalJson({ path: file.path, sha256: file.sha256, size: file.size }), "utf8");
}

export function filesMerkleRoot(files: readonly Pick<ManifestFile, "path" | "sha256" | "size">[]): string {
  return merkleRoot(files.map((file) => leafHash(merkleLeafOf(file)))).toString("hex");
}

export function buildManifest(input: {
  bundle: BundlePredicate["bundle"];
  files: ManifestFile[];
  supporting: SupportingFile[];
}): { manifest: BundleManifest; bytes: Buffer } {
  const files = sortByPath(input.files);
  const supporting = sortByPath(input.supporting);
  const subject = [...files, ...supporting]
    .sort(byPath)
    .map((file) => ({ name: file.path, digest: { sha256: file.sha256 } }));
  const manifest: BundleManifest = {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject,
    predicateType: EVIDENCE_BUNDLE_PREDICATE_TYPE,
    predicate: {
      bundle: input.bundle,
      files,
      supporting,
      merkle: {
        algorithm: MERKLE_ALGORITHM,
        leafEncoding: MERKLE_LEAF_ENCODING,
        treeSize: files.length,
        root: filesMerkleRoot(files),
      },
    },
  };
  return { manifest: ZBundleManifest.parse(manifest), bytes: Buffer.from(formatManifest(manifest), "utf8") };
}

/**
 * Canonical JSON laid out for people: objects down to the predicate's sections open one key per line, and every
 * list entry is one canonical line. JSON.parse of the result equals the statement; formatting it again gives the
 * same bytes.
 */
export function formatManifest(statement: BundleManifest | InTotoStatement): string {
  const open = (value: JsonValue, indent: string, depth: number): string => {
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]";
      const inner = `${indent}  `;
      return `[\n${value.map((item) => `${inner}${canonicalJson(item)}`).join(",\n")}\n${indent}]`;
    }
    if (value !== null && typeof value === "object" && depth < 2) {
      const keys = Object.keys(value).sort();
      const inner = `${indent}  `;
      const lines = keys.map(
        (key) =>
          `${inner}${JSON.stringify(key)}: ${open((value as Record<string, JsonValue>)[key] as JsonValue, inner, depth + 1)}`,
      );
      return `{\n${lines.join(",\n")}\n${indent}}`;
    }
    return canonicalJson(value);
  };
  return `${open(statement as unknown as JsonValue, "", 0)}\n`;
}

export type ManifestParse = { ok: true; manifest: BundleManifest } | { ok: false; problem: string };

/** Reads manifest.json bytes; never throws. */
export function parseManifest(bytes: Uint8Array): ManifestParse {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (error) {
    return { ok: false, problem: `manifest.json is not JSON (${(error as Error).message})` };
  }
  const parsed = ZBundleManifest.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the document";
    return {
      ok: false,
      problem: `manifest.json is not an evidence-bundle manifest (${where}: ${issue?.message})`,
    };
  }
  return { ok: true, manifest: parsed.data };
}
