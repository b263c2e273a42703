// Verifies a release bundle that has been read (read-bundle.ts) against trusted keys. What counts:
// - SHA256SUMS is trusted when SHA256SUMS.sig (a detached DER signature over it, as `openssl dgst -sha256 -sign`
//   writes it) verifies with a trusted key, or when a verified manifest.dsse lists SHA256SUMS with its digest;
// - manifest.dsse is a DSSE envelope whose in-toto statement lists files (subjects) with their SHA-256;
// - every listed file must be present with that digest; a present file no trusted listing names is "unlisted"
//   and fails the bundle unless allowed (nobody signed it);
// - a public key shipped in the bundle (public-key.pem) is never trusted, only used to tell "signed by a key we
//   do not trust" from "tampered".
import { createPublicKey } from "node:crypto";
import { type Clock, systemClock } from "../../lib/clock";
import { verifyEnvelope } from "../dsse";
import { parseStatement } from "../in-toto";
import { keyIdOf } from "../key-id";
import {
  checkSignatureBytes,
  decodeBase64,
  resolveKeys,
  type SignatureCheck,
  type TrustedKey,
} from "../signature-check";
import type { SigningKeyPurpose } from "../vocabulary";
import {
  type BundleContents,
  CHECKSUMS_FILE,
  CHECKSUMS_SIGNATURE_FILE,
  KEY_HINT_FILES,
  MANIFEST_FILE,
} from "./read-bundle";
import {
  type BundleFileCheck,
  type BundleSignatureCheck,
  type ReleaseBundleReport,
  ZReleaseBundleReport,
} from "./report";
import { normaliseBundlePath, parseSha256Sums } from "./sha256sums";

export type VerifyReleaseBundleOptions = {
  purpose?: SigningKeyPurpose;
  signingTimes?: ReadonlyMap<string, Date>;
  observedAt?: Date;
  clock?: Clock;
  /** report files that no signed listing names without failing the bundle */
  allowUnlisted?: boolean;
};

const VERIFICATION_FILES = new Set<string>([
  CHECKSUMS_FILE,
  CHECKSUMS_SIGNATURE_FILE,
  MANIFEST_FILE,
  ...KEY_HINT_FILES,
]);

/** The detached signature's bytes: DER as openssl writes it, or that DER base64-encoded (as cosign writes it). */
export function detachedSignatureBytes(content: Buffer): Buffer {
  const text = content.toString("ascii").trim();
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && text.length >= 8) {
    const decoded = decodeBase64(text.replace(/\s+/g, ""));
    if (decoded && decoded[0] === 0x30) return decoded;
  }
  return content;
}

function toReportSignature(
  source: BundleSignatureCheck["source"],
  check: SignatureCheck,
): BundleSignatureCheck {
  return {
    source,
    index: check.index,
    status: check.status,
    ok: check.ok,
    keyId: check.matchedKeyId ?? (check.keyid || null),
    flags: check.flags,
    reason: check.reason,
    signedAt: check.signedAt?.toISOString() ?? null,
    signedAtSource: check.signedAtSource,
  };
}

function hintKeyId(contents: BundleContents): { file: string; keyId: string; pem: string } | null {
  for (const file of KEY_HINT_FILES) {
    const pem = contents.metadata.get(file);
    if (!pem) continue;
    try {
      const key = createPublicKey(pem);
      return { file, keyId: keyIdOf(key), pem: pem.toString("utf8") };
    } catch {
      return null;
    }
  }
  return null;
}

function checkChecksumsSignature(
  contents: BundleContents,
  sums: Buffer,
  sigFile: Buffer,
  trustedKeys: readonly TrustedKey[],
  options: VerifyReleaseBundleOptions,
  now: Date,
): BundleSignatureCheck {
  const sig = detachedSignatureBytes(sigFile);
  const keys = resolveKeys(trustedKeys, []);
  const hint = hintKeyId(contents);
  const context = { ...options, now };
  if (hint && !keys.some((key) => key.keyId === hint.keyId)) {
    // the bundle says who signed; that key is not trusted. Does the signature at least match it?
    const byHint = checkSignatureBytes({
      index: 0,
      keyid: hint.keyId,
      sig,
      message: sums,
      keys: resolveKeys([{ publicKeyPem: hint.pem }], []),
      context: { now },
    });
    return toReportSignature("SHA256SUMS.sig", {
      ...byHint,
      ok: false,
      flags: [],
      status: byHint.ok ? "unknown_key" : byHint.status,
      matchedKeyId: hint.keyId,
      reason: byHint.ok
        ? `signed by ${hint.keyId} (${hint.file} in the bundle), which is not a trusted ${options.purpose ?? "release"} key`
        : `does not verify with any trusted key, nor with the bundle's own ${hint.file} (${hint.keyId}): SHA256SUMS or its signature changed`,
    });
  }
  const check = checkSignatureBytes({
    index: 0,
    keyid: hint?.keyId ?? "",
    sig,
    message: sums,
    keys,
    context,
    changed: "SHA256SUMS or its signature changed",
  });
  if (check.status === "bad_signature" && !hint) {
    check.reason = `verifies with none of the ${keys.length} trusted keys: SHA256SUMS or its signature changed, or a key that is not trusted signed it (ship its public-key.pem to tell which)`;
  }
  if (check.status === "unknown_key" && !hint) check.reason = "there are no trusted keys to check it against";
  return toReportSignature("SHA256SUMS.sig", check);
}

type Listing = Map<string, { sha256: string; source: BundleFileCheck["listedIn"][number] }[]>;

function addToListing(
  listing: Listing,
  name: string,
  sha256: string,
  source: BundleFileCheck["listedIn"][number],
) {
  listing.set(name, [...(listing.get(name) ?? []), { sha256, source }]);
}

export function verifyReleaseBundle(
  contents: BundleContents,
  trustedKeys: readonly TrustedKey[],
  options: VerifyReleaseBundleOptions = {},
): ReleaseBundleReport {
  const now = (options.clock ?? systemClock).now();
  const purpose = options.purpose ?? "release";
  const problems = [...contents.problems];
  const signatures: BundleSignatureCheck[] = [];
  const listing: Listing = new Map();
  const trustedSources = new Set<string>();

  // SHA256SUMS and its detached signature
  const sums = contents.metadata.get(CHECKSUMS_FILE);
  const sumsSig = contents.metadata.get(CHECKSUMS_SIGNATURE_FILE);
  if (contents.files.has(CHECKSUMS_FILE) && !sums) problems.push("SHA256SUMS is too large to read");
  const parsedSums = sums ? parseSha256Sums(sums.toString("utf8")) : null;
  if (parsedSums) {
    problems.push(...parsedSums.problems);
    for (const entry of parsedSums.entries) addToListing(listing, entry.name, entry.sha256, "SHA256SUMS");
  }
  if (sumsSig && !sums) problems.push("SHA256SUMS.sig is present but SHA256SUMS is not");
  let sumsSignatureOk = false;
  if (sums && sumsSig) {
    const check = checkChecksumsSignature(contents, sums, sumsSig, trustedKeys, { ...options, purpose }, now);
    signatures.push(check);
    sumsSignatureOk = check.ok;
  }

  // manifest.dsse
  const manifestBytes = contents.metadata.get(MANIFEST_FILE);
  let manifestVerified = false;
  let predicateType: string | null = null;
  let subjects = 0;
  if (manifestBytes) {
    let envelope: unknown = null;
    try {
      envelope = JSON.parse(manifestBytes.toString("utf8"));
    } catch {
      problems.push("manifest.dsse is not JSON");
    }
    if (envelope !== null) {
      const report = verifyEnvelope(envelope, trustedKeys, {
        ...options,
        purpose,
        clock: { now: () => now },
      });
      signatures.push(...report.signatures.map((check) => toReportSignature("manifest.dsse", check)));
      problems.push(...report.problems.map((problem) => `manifest.dsse: ${problem}`));
      manifestVerified = report.ok;
      const payload = decodeBase64((envelope as { payload?: unknown }).payload);
      const statement = payload ? parseStatement(payload) : null;
      if (!statement) {
        if (payload)
          problems.push("manifest.dsse does not hold an in-toto statement: its file list cannot be read");
      } else {
        predicateType = statement.predicateType;
        subjects = statement.subject.length;
        for (const subject of statement.subject) {
          const name = normaliseBundlePath(subject.name);
          if (!name)
            problems.push(`manifest.dsse names a path outside the bundle: ${JSON.stringify(subject.name)}`);
          else addToListing(listing, name, subject.digest.sha256.toLowerCase(), "manifest.dsse");
        }
      }
    }
  }
  if (manifestVerified) trustedSources.add("manifest.dsse");

  // SHA256SUMS is trusted through its own signature, or through a verified manifest that lists it
  const sumsFile = contents.files.get(CHECKSUMS_FILE);
  const sumsInManifest = listing.get(CHECKSUMS_FILE)?.find((entry) => entry.source === "manifest.dsse");
  const sumsTrusted =
    Boolean(sums) &&
    (sumsSignatureOk ||
      (manifestVerified && sumsInManifest !== undefined && sumsInManifest.sha256 === sumsFile?.sha256));
  if (sumsTrusted) trustedSources.add("SHA256SUMS");

  if (!sums && !manifestBytes) problems.push("the bundle has neither SHA256SUMS nor manifest.dsse");
  if (sums && !sumsSig && !manifestBytes) {
    signatures.push({
      source: "SHA256SUMS.sig",
      index: 0,
      status: "missing",
      ok: false,
      keyId: null,
      flags: [],
      reason: "SHA256SUMS is not signed: SHA256SUMS.sig is missing",
      signedAt: null,
      signedAtSource: null,
    });
  }

  const files: BundleFileCheck[] = [];
  for (const [name, entries] of [...listing.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const actual = contents.files.get(name) ?? null;
    const expected = entries[0]?.sha256 ?? null;
    const disagree = entries.some((entry) => entry.sha256 !== expected);
    if (disagree) problems.push(`SHA256SUMS and manifest.dsse disagree about ${name}`);
    const mismatch = actual && entries.some((entry) => entry.sha256 !== actual.sha256);
    files.push({
      name,
      status: !actual ? "missing" : mismatch ? "mismatch" : "ok",
      size: actual?.size ?? null,
      expectedSha256: expected,
      actualSha256: actual?.sha256 ?? null,
      listedIn: [...new Set(entries.map((entry) => entry.source))],
    });
  }
  for (const file of [...contents.files.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    if (listing.has(file.name) || VERIFICATION_FILES.has(file.name)) continue;
    files.push({
      name: file.name,
      status: "unlisted",
      size: file.size,
      expectedSha256: null,
      actualSha256: file.sha256,
      listedIn: [],
    });
  }

  const counts = { ok: 0, mismatch: 0, missing: 0, unlisted: 0 };
  for (const file of files) counts[file.status] += 1;
  // a file counts as covered only when a trusted listing names it
  const uncovered = files.filter(
    (file) => file.status !== "unlisted" && !file.listedIn.some((source) => trustedSources.has(source)),
  );
  const failedSignatures = signatures.filter((check) => !check.ok);
  const ok =
    problems.length === 0 &&
    trustedSources.size > 0 &&
    failedSignatures.length === 0 &&
    counts.mismatch === 0 &&
    counts.missing === 0 &&
    uncovered.length === 0 &&
    (options.allowUnlisted || counts.unlisted === 0);

  const summary = ((): string => {
    if (ok) {
      const signers = [...new Set(signatures.filter((s) => s.ok).map((s) => s.keyId))].join(", ");
      return `${counts.ok} file${counts.ok === 1 ? "" : "s"} verified; signed by ${signers}`;
    }
    const signature = failedSignatures[0];
    if (signature) return `${signature.source}: ${signature.reason}`;
    if (counts.mismatch > 0) return `${counts.mismatch} file(s) do not match their listed SHA-256`;
    if (counts.missing > 0) return `${counts.missing} listed file(s) are missing`;
    if (problems[0]) return problems[0];
    if (trustedSources.size === 0) return "no signed file list: SHA256SUMS is not signed by a trusted key";
    if (uncovered[0]) return `${uncovered[0].name} is listed only by an unsigned file list`;
    return `${counts.unlisted} file(s) are in the bundle but in no signed file list`;
  })();

  return ZReleaseBundleReport.parse({
    ok,
    flagged: ok && signatures.some((check) => check.ok && check.flags.length > 0),
    summary,
    verifiedAt: now.toISOString(),
    purpose,
    source: contents.source,
    checksums: { present: Boolean(sums), entries: parsedSums?.entries.length ?? 0, trusted: sumsTrusted },
    manifest: { present: Boolean(manifestBytes), verified: manifestVerified, predicateType, subjects },
    signatures,
    files,
    counts,
    problems,
  });
}
