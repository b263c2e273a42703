// Turns a registration request into a submission: JSON with artifact digests and sizes, or multipart/form-data
// with the files themselves, whose bytes are streamed into the blob store's staging area and hashed on the way
// (the digests of uploaded files are computed here, never taken from the client).
//
// Multipart fields: product, version, sourceCommit, ciRunId, ciRunUrl (text); SHA256SUMS, SHA256SUMS.sig,
// manifest.dsse, public-key.pem (files, named as in the bundle); artifact (one part per file, its file name being
// its path in the bundle, e.g. `-F "artifact=@dist/app.tar;filename=images/app.tar"`).
import { blobStore, type StagedBlob } from "../evidence/blob-store";
import { multipartBoundary, readMultipart, readPartText } from "../http/multipart";
import { DomainError } from "../lib/domain-error";
import { decodeBase64 } from "../signing/signature-check";
import type { RefusalFacts } from "./registration-refusal";
import {
  MAX_ARTIFACTS,
  MAX_METADATA_BYTES,
  type RegisterReleaseJson,
  ZArtifactPath,
  ZRegisterReleaseJson,
  ZReleaseMeta,
} from "./schemas";
import type { ReleaseSubmission, SubmittedArtifact } from "./submission";

export type SubmissionLimits = { maxBytes: number };

/** JSON bodies carry digests only; SHA256SUMS of many thousand files still fits far below this. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;
const MAX_FIELD_BYTES = 4 * 1024;

const META_FIELDS = ["product", "version", "sourceCommit", "ciRunId", "ciRunUrl"] as const;
const FILE_FIELDS = ["SHA256SUMS", "SHA256SUMS.sig", "manifest.dsse", "public-key.pem"] as const;
type FileField = (typeof FILE_FIELDS)[number];

const tooLarge = (maxBytes: number) =>
  new DomainError(
    "PAYLOAD_TOO_LARGE",
    `The request body is larger than ${Math.floor(maxBytes / (1024 * 1024))} MiB, the most this portal accepts`,
    { maxBytes },
  );

function declaredLength(http: Request): number | null {
  const header = http.headers.get("content-length");
  if (header === null || !/^\d+$/.test(header)) return null;
  return Number(header);
}

/** The submission of a JSON body (also what tRPC receives). */
export function submissionFromJson(input: RegisterReleaseJson): ReleaseSubmission {
  const parsed = ZRegisterReleaseJson.parse(input);
  let checksumsSignature: Buffer | null = null;
  if (parsed.checksumsSignature !== undefined) {
    checksumsSignature = decodeBase64(parsed.checksumsSignature.replace(/\s+/g, ""));
    if (!checksumsSignature || checksumsSignature.length === 0) {
      throw new DomainError("BAD_REQUEST", "checksumsSignature must be SHA256SUMS.sig in base64", {
        fieldErrors: { checksumsSignature: ["SHA256SUMS.sig in base64"] },
      });
    }
  }
  const manifest = parsed.manifestDsse;
  return {
    meta: parsed,
    checksums: Buffer.from(parsed.checksums, "utf8"),
    checksumsSignature,
    manifestDsse:
      manifest === undefined
        ? null
        : Buffer.from(typeof manifest === "string" ? manifest : JSON.stringify(manifest), "utf8"),
    publicKeyPem: parsed.publicKeyPem === undefined ? null : Buffer.from(parsed.publicKeyPem, "utf8"),
    artifacts: parsed.artifacts.map((artifact) => ({ ...artifact, staged: null })),
  };
}

async function readJsonBody(http: Request): Promise<unknown> {
  const declared = declaredLength(http);
  if (declared !== null && declared > MAX_JSON_BYTES) throw tooLarge(MAX_JSON_BYTES);
  const chunks: Buffer[] = [];
  let size = 0;
  if (http.body) {
    for await (const chunk of http.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_JSON_BYTES) throw tooLarge(MAX_JSON_BYTES);
      chunks.push(Buffer.from(chunk));
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new DomainError("BAD_REQUEST", "The request body must be JSON");
  }
}

async function readMultipartSubmission(
  http: Request,
  boundary: string,
  limits: SubmissionLimits,
  facts: RefusalFacts,
  staged: StagedBlob[],
): Promise<ReleaseSubmission> {
  if (!http.body) throw new DomainError("BAD_REQUEST", "The request has no body");
  const fields = new Map<string, string>();
  const files = new Map<FileField, Buffer>();
  const artifacts: SubmittedArtifact[] = [];
  const parts = readMultipart(http.body, boundary, {
    maxBytes: limits.maxBytes,
    // every artifact, the bundle files, the fields, and a little room
    maxParts: MAX_ARTIFACTS + FILE_FIELDS.length + META_FIELDS.length + 10,
  });
  for await (const part of parts) {
    if ((META_FIELDS as readonly string[]).includes(part.name)) {
      if (fields.has(part.name)) throw new DomainError("BAD_REQUEST", `The field ${part.name} is sent twice`);
      const value = (await readPartText(part, MAX_FIELD_BYTES)).toString("utf8");
      fields.set(part.name, value);
      if (part.name === "product") facts.product = value.trim();
      if (part.name === "version") facts.version = value.trim();
    } else if ((FILE_FIELDS as readonly string[]).includes(part.name)) {
      const name = part.name as FileField;
      if (files.has(name)) throw new DomainError("BAD_REQUEST", `${name} is sent twice`);
      files.set(name, await readPartText(part, MAX_METADATA_BYTES));
    } else if (part.name === "artifact") {
      if (artifacts.length >= MAX_ARTIFACTS) {
        throw new DomainError("PAYLOAD_TOO_LARGE", `At most ${MAX_ARTIFACTS} artifacts per release`);
      }
      const path = ZArtifactPath.safeParse(part.filename ?? "");
      if (!path.success) {
        const why = path.error.issues[0]?.message ?? "not a valid path";
        throw new DomainError("BAD_REQUEST", `Artifact ${JSON.stringify(part.filename ?? "")}: ${why}`);
      }
      const blob = await blobStore().stage(part.body);
      staged.push(blob);
      artifacts.push({ path: path.data, sha256: blob.sha256, size: blob.size, staged: blob });
    } else {
      throw new DomainError(
        "BAD_REQUEST",
        `Unknown field ${JSON.stringify(part.name.slice(0, 60))}: send ${[...META_FIELDS, ...FILE_FIELDS, "artifact"].join(", ")}`,
      );
    }
  }
  const meta = ZReleaseMeta.parse(Object.fromEntries(fields));
  const checksums = files.get("SHA256SUMS");
  if (!checksums)
    throw new DomainError("BAD_REQUEST", "SHA256SUMS is required (a file part named SHA256SUMS)");
  return {
    meta,
    checksums,
    checksumsSignature: files.get("SHA256SUMS.sig") ?? null,
    manifestDsse: files.get("manifest.dsse") ?? null,
    publicKeyPem: files.get("public-key.pem") ?? null,
    artifacts,
  };
}

/**
 * Reads the request into a submission. `facts` learns the product and version as soon as they are read (for the
 * refusal's audit event); `staged` collects the uploads made so far, for the caller to discard on refusal.
 */
export async function readSubmission(
  http: Request,
  limits: SubmissionLimits,
  facts: RefusalFacts,
  staged: StagedBlob[],
): Promise<ReleaseSubmission> {
  const declared = declaredLength(http);
  if (declared !== null && declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const contentType = http.headers.get("content-type");
  const boundary = multipartBoundary(contentType);
  if (boundary) return readMultipartSubmission(http, boundary, limits, facts, staged);
  if (contentType && /^application\/json\s*(;|$)/i.test(contentType)) {
    const body = await readJsonBody(http);
    if (body && typeof body === "object") {
      const { product, version } = body as { product?: unknown; version?: unknown };
      if (typeof product === "string") facts.product = product.trim();
      if (typeof version === "string") facts.version = version.trim();
    }
    return submissionFromJson(body as RegisterReleaseJson);
  }
  throw new DomainError(
    "BAD_REQUEST",
    "Send application/json (artifact digests and sizes) or multipart/form-data (the artifact files)",
  );
}
