// The rules of the evidence store, as pure functions: what a subject digest looks like, which file names are kept,
// how big an upload may be, and what the bytes of each kind must be. "Media type sniffing": the media type stored
// is what the content is, not what the uploader said; a claim the content contradicts is refused, so an SBOM
// labelled CycloneDX that does not parse never becomes evidence.
import { formatBytes } from "./format-bytes";
import type { EvidenceKind } from "./vocabulary";
import { evidenceKindFormats } from "./vocabulary";

export type Verdict<T> = { ok: true; value: T } | { ok: false; reason: string };

export { formatBytes };

const ok = <T>(value: T): Verdict<T> => ({ ok: true, value });
const refuse = <T>(reason: string): Verdict<T> => ({ ok: false, reason });

const DIGEST_FORMS: ReadonlyArray<{ algorithm: string; hexLength: number }> = [
  { algorithm: "sha256", hexLength: 64 },
  { algorithm: "sha384", hexLength: 96 },
  { algorithm: "sha512", hexLength: 128 },
];

/**
 * "sha256:<hex>" (also sha384/sha512), lower-cased; 64 bare hex characters are taken as SHA-256. Anything else is
 * refused: a subject digest is compared byte for byte later, so "SHA256:ABC…" and "abc…" must become one value.
 */
export function normaliseSubjectDigest(text: string): Verdict<string> {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return ok(`sha256:${trimmed.toLowerCase()}`);
  const match = /^([A-Za-z0-9]+):([0-9a-fA-F]+)$/.exec(trimmed);
  const form = DIGEST_FORMS.find((candidate) => candidate.algorithm === match?.[1]?.toLowerCase());
  if (!match || !form) {
    return refuse(
      'A subject digest looks like "sha256:" followed by 64 hex characters (sha384 and sha512 too)',
    );
  }
  const hex = match[2] ?? "";
  if (hex.length !== form.hexLength) {
    return refuse(
      `A ${form.algorithm} digest has ${form.hexLength} hex characters; this one has ${hex.length}`,
    );
  }
  return ok(`${form.algorithm}:${hex.toLowerCase()}`);
}

export const MAX_FILE_NAME_LENGTH = 200;

/**
 * The name shown for an upload: the last path segment (browsers and curl may send a path), without control
 * characters, at most 200 characters. Null when nothing is left.
 */
export function displayFileName(raw: string): string | null {
  const last = raw.split(/[/\\]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = last.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (cleaned === "" || cleaned === "." || cleaned === "..") return null;
  return cleaned.slice(0, MAX_FILE_NAME_LENGTH);
}

/**
 * A file name safe in a tar archive, in SHA256SUMS and in any shell: letters, digits, dot, dash and underscore,
 * at most 100 characters (the ustar name field), never starting with a dot.
 */
export function portableFileName(name: string): string {
  const replaced = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^[._]+/, "");
  const trimmed = replaced.length > 100 ? shortenKeepingExtension(replaced, 100) : replaced;
  return trimmed === "" ? "evidence.bin" : trimmed;
}

function shortenKeepingExtension(name: string, max: number): string {
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
  return `${name.slice(0, max - extension.length)}${extension}`;
}

export type SizeVerdict = { ok: true } | { ok: false; reason: string; tooLarge: boolean };

export function checkUploadSize(size: number, maxBytes: number): SizeVerdict {
  if (size === 0) return { ok: false, reason: "The file is empty", tooLarge: false };
  if (size > maxBytes) {
    return {
      ok: false,
      reason: `The file is ${formatBytes(size)}; evidence may be at most ${formatBytes(maxBytes)}`,
      tooLarge: true,
    };
  }
  return { ok: true };
}

// ---- content sniffing -----------------------------------------------------------------------------------------

type Detected =
  | { family: "json"; value: unknown }
  | { family: "json-invalid"; error: string }
  | { family: "gzip" | "tar" | "zip" | "pdf" | "xml" | "html" | "text" | "binary" };

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(\s*;.*)?$/i;

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function firstCharacter(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .charAt(0);
}

function detect(bytes: Uint8Array): Detected {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { family: "gzip" };
  if (bytes.length >= 262 && Buffer.from(bytes.subarray(257, 262)).toString("latin1") === "ustar") {
    return { family: "tar" };
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return { family: "zip" };
  if (Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-") return { family: "pdf" };
  if (!isUtf8Text(bytes)) return { family: "binary" };
  const text = Buffer.from(bytes).toString("utf8");
  const first = firstCharacter(text);
  if (first === "{" || first === "[") {
    try {
      return { family: "json", value: JSON.parse(text.replace(/^\uFEFF/, "")) };
    } catch (error) {
      return { family: "json-invalid", error: (error as Error).message };
    }
  }
  if (first === "<") {
    return /^\s*(<!doctype html|<html)/i.test(text.replace(/^\uFEFF/, ""))
      ? { family: "html" }
      : { family: "xml" };
  }
  return { family: "text" };
}

const claimsJson = (mediaType: string) => /(^application\/json|\+json)(\s*;|$)/i.test(mediaType);

const record = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

type Format = { mediaType: string; family: string; label: string };

function sbomFormat(detected: Detected, bytes: Uint8Array): Verdict<Format> {
  if (detected.family === "json") {
    const doc = record(detected.value);
    if (doc?.bomFormat === "CycloneDX") {
      if (typeof doc.specVersion !== "string") return refuse('A CycloneDX SBOM needs a "specVersion"');
      return ok({ mediaType: "application/vnd.cyclonedx+json", family: "cyclonedx", label: "CycloneDX" });
    }
    if (typeof doc?.spdxVersion === "string" && doc.spdxVersion.startsWith("SPDX-")) {
      if (typeof doc.SPDXID !== "string") return refuse('An SPDX document needs an "SPDXID"');
      return ok({ mediaType: "application/spdx+json", family: "spdx", label: "SPDX" });
    }
    return refuse(
      'This JSON is neither a CycloneDX SBOM ("bomFormat": "CycloneDX") nor an SPDX document ("spdxVersion": "SPDX-…")',
    );
  }
  const text =
    detected.family === "xml" || detected.family === "text" ? Buffer.from(bytes).toString("utf8") : "";
  if (detected.family === "xml" && /<bom\b[^>]*xmlns="http:\/\/cyclonedx\.org\/schema\/bom\//.test(text)) {
    return ok({ mediaType: "application/vnd.cyclonedx+xml", family: "cyclonedx", label: "CycloneDX" });
  }
  if (detected.family === "text" && /^\s*SPDXVersion:\s*SPDX-/m.test(text)) {
    return ok({ mediaType: "text/spdx", family: "spdx", label: "SPDX" });
  }
  return refuse(`An SBOM must be ${evidenceKindFormats.SBOM}`);
}

function attestationFormat(detected: Detected): Verdict<Format> {
  const doc = detected.family === "json" ? record(detected.value) : null;
  if (!doc) return refuse(`An attestation must be ${evidenceKindFormats.ATTESTATION}`);
  if (typeof doc.mediaType === "string" && doc.mediaType.startsWith("application/vnd.dev.sigstore.bundle")) {
    return ok({ mediaType: doc.mediaType.slice(0, 200), family: "sigstore", label: "Sigstore bundle" });
  }
  if ("payloadType" in doc || "signatures" in doc) {
    if (
      typeof doc.payloadType !== "string" ||
      typeof doc.payload !== "string" ||
      !Array.isArray(doc.signatures)
    ) {
      return refuse("A DSSE envelope needs payloadType, payload (base64) and signatures");
    }
    if (doc.signatures.length === 0) return refuse("The DSSE envelope carries no signature");
    return ok({ mediaType: "application/vnd.dsse.envelope.v1+json", family: "dsse", label: "DSSE envelope" });
  }
  if (typeof doc._type === "string" && doc._type.startsWith("https://in-toto.io/Statement/")) {
    if (!Array.isArray(doc.subject) || typeof doc.predicateType !== "string") {
      return refuse("An in-toto statement needs a subject list and a predicateType");
    }
    return ok({ mediaType: "application/vnd.in-toto+json", family: "in-toto", label: "in-toto statement" });
  }
  return refuse(`This JSON is not ${evidenceKindFormats.ATTESTATION}`);
}

const GENERIC: Record<Exclude<Detected["family"], "json-invalid">, string> = {
  json: "application/json",
  gzip: "application/gzip",
  tar: "application/x-tar",
  zip: "application/zip",
  pdf: "application/pdf",
  xml: "application/xml",
  html: "text/html",
  text: "text/plain",
  binary: "application/octet-stream",
};

function scanReportFormat(detected: Detected): Format {
  const doc = detected.family === "json" ? record(detected.value) : null;
  if (doc && doc.version === "2.1.0" && Array.isArray(doc.runs)) {
    return { mediaType: "application/sarif+json", family: "sarif", label: "SARIF" };
  }
  return genericFormat(detected);
}

function genericFormat(detected: Detected): Format {
  const family = detected.family === "json-invalid" ? "text" : detected.family;
  return { mediaType: GENERIC[family], family, label: family };
}

/** Claimed families that name a specific format: a claim the content contradicts is refused. */
const CLAIM_FAMILIES: ReadonlyArray<{ pattern: RegExp; family: string; label: string }> = [
  { pattern: /cyclonedx/i, family: "cyclonedx", label: "CycloneDX" },
  { pattern: /spdx/i, family: "spdx", label: "SPDX" },
  { pattern: /sigstore\.bundle/i, family: "sigstore", label: "a Sigstore bundle" },
  { pattern: /dsse/i, family: "dsse", label: "a DSSE envelope" },
  { pattern: /sarif/i, family: "sarif", label: "SARIF" },
  { pattern: /^application\/(x-)?gzip|^application\/x-gtar/i, family: "gzip", label: "gzip" },
  { pattern: /^application\/(x-)?tar/i, family: "tar", label: "tar" },
  { pattern: /^application\/zip/i, family: "zip", label: "zip" },
  { pattern: /^application\/pdf/i, family: "pdf", label: "PDF" },
];

export type SniffInput = {
  kind: EvidenceKind;
  bytes: Uint8Array;
  /** what the uploader said (Content-Type of the part, or a field); empty when nothing */
  claimedMediaType: string;
  fileName: string;
};

export type Sniffed = { mediaType: string; format: string };

export function sniffEvidence(input: SniffInput): Verdict<Sniffed> {
  const claimed = input.claimedMediaType.trim().toLowerCase();
  const generic = claimed === "" || claimed === "application/octet-stream";
  if (!generic && !MEDIA_TYPE.test(claimed)) return refuse(`"${claimed.slice(0, 100)}" is not a media type`);
  const detected = detect(input.bytes);
  const jsonExpected =
    (!generic && claimsJson(claimed)) || input.kind === "ATTESTATION" || /\.json$/i.test(input.fileName);
  if (detected.family === "json-invalid" && (jsonExpected || input.kind === "SBOM")) {
    return refuse(
      `${generic ? "The file" : `The file is declared as ${claimed}, but it`} is not valid JSON (${detected.error})`,
    );
  }
  if (!generic && claimsJson(claimed) && detected.family !== "json") {
    return refuse(`The file is declared as ${claimed}, but it is not JSON`);
  }

  let format: Format;
  switch (input.kind) {
    case "SBOM": {
      const verdict = sbomFormat(detected, input.bytes);
      if (!verdict.ok) return verdict;
      format = verdict.value;
      break;
    }
    case "ATTESTATION": {
      const verdict = attestationFormat(detected);
      if (!verdict.ok) return verdict;
      format = verdict.value;
      break;
    }
    case "RELEASE_BUNDLE":
      if (detected.family !== "gzip" && detected.family !== "tar" && detected.family !== "zip") {
        return refuse(`A release bundle must be ${evidenceKindFormats.RELEASE_BUNDLE}`);
      }
      format = genericFormat(detected);
      break;
    case "SCAN_REPORT":
      format = scanReportFormat(detected);
      break;
    default:
      format = genericFormat(detected);
  }

  if (!generic) {
    const claim = CLAIM_FAMILIES.find((candidate) => candidate.pattern.test(claimed));
    if (claim && claim.family !== format.family) {
      return refuse(
        `The file is declared as ${claim.label} (${claimed}), but its content is ${describe(format)}`,
      );
    }
  }
  // a specific format found in the bytes wins; otherwise the uploader's word is kept (text/csv says more than
  // text/plain), as long as nothing above contradicted it
  const specific = format.mediaType !== GENERIC[format.family as keyof typeof GENERIC];
  const mediaType = specific || generic ? format.mediaType : claimed.replace(/\s*;\s*/g, "; ");
  return ok({ mediaType, format: format.label });
}

function describe(format: Format): string {
  switch (format.family) {
    case "json":
    case "xml":
    case "html":
    case "text":
      return format.family === "text" ? "plain text" : format.family.toUpperCase();
    case "binary":
      return "binary data";
    default:
      return format.label;
  }
}
