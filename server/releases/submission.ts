// A release as CI submits it, whatever the transport (JSON with digests, multipart with the files, tRPC), and the
// rules a submission must meet before anything is verified or stored. A submission that breaks them is bad input
// (400): it is refused with the reason and nothing is kept. What is left to judge is the verifier's: a file whose
// bytes differ from the signed list, a signature that does not verify, a revoked key; those releases are
// registered with their FAILED report, for everyone to see.
import { createPublicKey } from "node:crypto";
import type { StagedBlob } from "../evidence/blob-store";
import { DomainError } from "../lib/domain-error";
import { type ChecksumEntry, normaliseBundlePath, parseSha256Sums } from "../signing/bundle/sha256sums";
import { parseStatement } from "../signing/in-toto";
import { decodeBase64 } from "../signing/signature-check";
import type { ReleaseMeta } from "./schemas";
import { MAX_METADATA_BYTES } from "./schemas";
import { BUNDLE_METADATA_FILES } from "./vocabulary";

export type SubmittedArtifact = {
  path: string;
  sha256: string;
  size: number;
  /** the uploaded bytes, waiting in the blob store's staging area; null when registered by digest */
  staged: StagedBlob | null;
};

export type ReleaseSubmission = {
  meta: ReleaseMeta;
  checksums: Buffer;
  checksumsSignature: Buffer | null;
  manifestDsse: Buffer | null;
  publicKeyPem: Buffer | null;
  artifacts: SubmittedArtifact[];
};

/** What the rules read out of a submission, in the form the release is stored in. */
export type CheckedSubmission = {
  checksumsText: string;
  entries: ChecksumEntry[];
  /** base64 of SHA256SUMS.sig as sent */
  checksumsSignature: string | null;
  manifest: Record<string, unknown> | null;
  publicKeyPem: string | null;
};

const bad = (message: string, details?: Record<string, unknown>) =>
  new DomainError("BAD_REQUEST", message, details);

function listFirst(items: readonly string[], limit = 3): string {
  const shown = items.slice(0, limit).join(", ");
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}

function utf8(bytes: Buffer, what: string): string {
  let text: string;
  try {
    // ignoreBOM keeps a byte-order mark in the text, so the stored text hashes to the digest of the bytes sent
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw bad(`${what} is not UTF-8 text`);
  }
  // PostgreSQL text cannot hold NUL, and no checksum file or key has one
  if (text.includes("\u0000")) throw bad(`${what} holds a NUL byte`);
  return text;
}

function checkManifest(bytes: Buffer): Record<string, unknown> {
  let envelope: unknown;
  try {
    envelope = JSON.parse(utf8(bytes, "manifest.dsse"));
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw bad("manifest.dsse is not JSON");
  }
  const shape = envelope as { payloadType?: unknown; payload?: unknown; signatures?: unknown };
  if (
    typeof envelope !== "object" ||
    envelope === null ||
    Array.isArray(envelope) ||
    typeof shape.payloadType !== "string" ||
    typeof shape.payload !== "string" ||
    !Array.isArray(shape.signatures)
  ) {
    throw bad("manifest.dsse is not a DSSE envelope (payloadType, payload and signatures)");
  }
  if (decodeBase64(shape.payload) === null) throw bad("manifest.dsse: the payload is not base64");
  return envelope as Record<string, unknown>;
}

/** The file names a manifest's in-toto statement lists (unverified: only to check the submission is complete). */
function manifestSubjects(manifest: Record<string, unknown>): string[] {
  const payload = decodeBase64(manifest.payload);
  const statement = payload ? parseStatement(payload) : null;
  return (statement?.subject ?? []).flatMap((subject) => {
    const name = normaliseBundlePath(subject.name);
    return name ? [name] : [];
  });
}

export function checkSubmission(submission: ReleaseSubmission): CheckedSubmission {
  if (submission.checksums.length > MAX_METADATA_BYTES) throw bad("SHA256SUMS is larger than 8 MiB");
  const checksumsText = utf8(submission.checksums, "SHA256SUMS");
  const parsed = parseSha256Sums(checksumsText);
  if (parsed.problems.length > 0) {
    throw bad(`SHA256SUMS is malformed: ${parsed.problems[0]}`, { problems: parsed.problems.slice(0, 50) });
  }

  let checksumsSignature: string | null = null;
  if (submission.checksumsSignature) {
    if (submission.checksumsSignature.length === 0) throw bad("SHA256SUMS.sig is empty");
    checksumsSignature = submission.checksumsSignature.toString("base64");
  }
  const manifest = submission.manifestDsse ? checkManifest(submission.manifestDsse) : null;

  let publicKeyPem: string | null = null;
  if (submission.publicKeyPem) {
    publicKeyPem = utf8(submission.publicKeyPem, "public-key.pem");
    try {
      const key = createPublicKey(publicKeyPem);
      if (key.asymmetricKeyType !== "ec") throw new Error("not EC");
    } catch {
      throw bad("public-key.pem is not a PEM public key (ECDSA P-256)");
    }
  }

  const sent = new Set<string>();
  const twice: string[] = [];
  for (const artifact of submission.artifacts) {
    if (sent.has(artifact.path)) twice.push(artifact.path);
    sent.add(artifact.path);
  }
  if (twice.length > 0) throw bad(`Artifacts sent twice: ${listFirst(twice)}`, { paths: twice });
  if (submission.artifacts.length === 0) throw bad("A release needs at least one artifact");

  // the submission must be complete on its own terms: everything sent is listed, everything listed is sent
  const metadataSent = new Set<string>(["SHA256SUMS"]);
  if (checksumsSignature) metadataSent.add("SHA256SUMS.sig");
  if (manifest) metadataSent.add("manifest.dsse");
  if (publicKeyPem) metadataSent.add("public-key.pem");
  const listed = new Set(parsed.entries.map((entry) => entry.name));
  const unlisted = [...sent].filter((path) => !listed.has(path));
  if (unlisted.length > 0) {
    throw bad(
      `SHA256SUMS does not list ${listFirst(unlisted)}, which ${unlisted.length === 1 ? "was" : "were"} sent`,
      {
        unlisted,
      },
    );
  }
  const isSent = (name: string) =>
    sent.has(name) || (BUNDLE_METADATA_FILES.includes(name) && metadataSent.has(name));
  const notSent = parsed.entries.map((entry) => entry.name).filter((name) => !isSent(name));
  if (notSent.length > 0) {
    throw bad(
      `SHA256SUMS lists ${listFirst(notSent)}, which ${notSent.length === 1 ? "was" : "were"} not sent`,
      {
        missing: notSent,
      },
    );
  }
  const notSentInManifest = manifest ? manifestSubjects(manifest).filter((name) => !isSent(name)) : [];
  if (notSentInManifest.length > 0) {
    throw bad(
      `manifest.dsse lists ${listFirst(notSentInManifest)}, which ${notSentInManifest.length === 1 ? "was" : "were"} not sent`,
      {
        missing: notSentInManifest,
      },
    );
  }
  return { checksumsText, entries: parsed.entries, checksumsSignature, manifest, publicKeyPem };
}
