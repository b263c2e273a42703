// Verifies an evidence bundle that has been read (server/signing/bundle/read-bundle.ts), with no server and no
// database: the offline CLI and the tests run exactly this. Each check names the files it fails on:
//   checksums  every file matches SHA256SUMS, and SHA256SUMS lists every file
//   manifest   manifest.json is an evidence-bundle manifest
//   signature  manifest.dsse signs exactly manifest.json, with a trusted key (pinned, or the bundle's own keys)
//   contents   every file is a subject of the signed manifest with that digest and size, and no file is not;
//              SHA256SUMS agrees with the signed manifest
//   merkle     the Merkle root recomputed over predicate.files is the one the manifest states
//   checkpoints the audit-log checkpoint in checkpoints/ is signed by a trusted key, and every inclusion proof
//              leads from the upload event of a file of the bundle to its root (verify-bundle-checkpoints.ts)
// Never throws on a bad bundle: everything wrong is a problem in the report.

import { createPublicKey } from "node:crypto";
import { type Clock, systemClock } from "../../lib/clock";
import type { BundleContents } from "../../signing/bundle/read-bundle";
import { parseSha256Sums } from "../../signing/bundle/sha256sums";
import { verifyEnvelope } from "../../signing/dsse";
import { IN_TOTO_PAYLOAD_TYPE } from "../../signing/in-toto";
import { keyIdOf } from "../../signing/key-id";
import { decodeBase64, type TrustedKey } from "../../signing/signature-check";
import {
  CHECKPOINTS_DIR,
  CHECKSUMS_FILE,
  ENVELOPE_FILE,
  KEYS_DIR,
  MANIFEST_FILE,
  UNLISTED_FILES,
} from "./layout";
import { type BundleManifest, filesMerkleRoot, parseManifest, sortByPath } from "./manifest";
import { checkBundleCheckpoints } from "./verify-bundle-checkpoints";

export const BUNDLE_CHECKS = [
  "archive",
  "checksums",
  "manifest",
  "signature",
  "contents",
  "merkle",
  "checkpoints",
] as const;
export type BundleCheckName = (typeof BUNDLE_CHECKS)[number];

export type BundleProblem = { file: string | null; message: string };
export type BundleCheck = {
  name: BundleCheckName;
  status: "ok" | "failed" | "warning" | "skipped";
  summary: string;
  problems: BundleProblem[];
};

export type EvidenceBundleReport = {
  verdict: "verified" | "failed" | "unreadable";
  ok: boolean;
  source: BundleContents["source"];
  bundle: BundleManifest["predicate"]["bundle"] | null;
  evidenceFiles: number;
  totalFiles: number;
  merkleRoot: string | null;
  signedBy: string[];
  /** where the keys that verified the signature came from */
  trust: "pinned" | "bundle" | "none";
  checks: BundleCheck[];
  /** every failure of every check, in order */
  problems: BundleProblem[];
  warnings: string[];
};

export type VerifyEvidenceBundleOptions = {
  /** keys the caller trusts (--key, --trust-root); without them the bundle's own keys/ are used, with a warning */
  trustedKeys?: readonly TrustedKey[];
  clock?: Clock;
};

const short = (hex: string) => `${hex.slice(0, 12)}…`;

/** Keys shipped in keys/: not trusted by themselves, the fallback when the caller pinned none. */
function bundleKeys(contents: BundleContents, problems: BundleProblem[]): TrustedKey[] {
  const keys: TrustedKey[] = [];
  for (const [name, bytes] of contents.metadata) {
    if (!name.startsWith(`${KEYS_DIR}/`) || !name.endsWith(".pem")) continue;
    try {
      const pem = bytes.toString("utf8");
      keys.push({ publicKeyPem: pem, keyId: keyIdOf(createPublicKey(pem)) });
    } catch {
      problems.push({ file: name, message: `${name} is not a PEM public key` });
    }
  }
  return keys;
}

function checkArchive(contents: BundleContents): BundleCheck {
  const problems = contents.problems.map((message) => ({ file: null, message }));
  return {
    name: "archive",
    status: problems.length ? "failed" : "ok",
    summary: `${contents.files.size} files read (${contents.source.kind})`,
    problems,
  };
}

function checkChecksums(contents: BundleContents): {
  check: BundleCheck;
  listed: Map<string, { sha256: string; line: number }>;
} {
  const listed = new Map<string, { sha256: string; line: number }>();
  const text = contents.metadata.get(CHECKSUMS_FILE);
  if (!text) {
    return {
      check: {
        name: "checksums",
        status: "failed",
        summary: `${CHECKSUMS_FILE} is missing`,
        problems: [{ file: CHECKSUMS_FILE, message: `${CHECKSUMS_FILE} is missing` }],
      },
      listed,
    };
  }
  const parsed = parseSha256Sums(text.toString("utf8"));
  const problems: BundleProblem[] = parsed.problems.map((message) => ({ file: CHECKSUMS_FILE, message }));
  for (const entry of parsed.entries) {
    listed.set(entry.name, { sha256: entry.sha256, line: entry.line });
    const file = contents.files.get(entry.name);
    if (!file)
      problems.push({
        file: entry.name,
        message: `${entry.name} is listed in ${CHECKSUMS_FILE} but missing`,
      });
    else if (file.sha256 !== entry.sha256) {
      problems.push({
        file: entry.name,
        message: `${entry.name} does not match ${CHECKSUMS_FILE} (listed ${short(entry.sha256)}, file is ${short(file.sha256)})`,
      });
    }
  }
  for (const name of contents.files.keys()) {
    if (name !== CHECKSUMS_FILE && !listed.has(name)) {
      problems.push({ file: name, message: `${name} is not listed in ${CHECKSUMS_FILE}` });
    }
  }
  return {
    check: {
      name: "checksums",
      status: problems.length ? "failed" : "ok",
      summary: problems.length
        ? `${problems.length} problem${problems.length === 1 ? "" : "s"}`
        : `${parsed.entries.length} files match`,
      problems,
    },
    listed,
  };
}

function checkSignature(
  contents: BundleContents,
  options: VerifyEvidenceBundleOptions,
): { check: BundleCheck; signedBy: string[]; trust: EvidenceBundleReport["trust"]; warnings: string[] } {
  const problems: BundleProblem[] = [];
  const fail = (summary: string) => ({
    check: { name: "signature" as const, status: "failed" as const, summary, problems },
    signedBy: [],
    trust: "none" as const,
    warnings: [],
  });
  const envelopeBytes = contents.metadata.get(ENVELOPE_FILE);
  const manifestBytes = contents.metadata.get(MANIFEST_FILE);
  if (!envelopeBytes) {
    problems.push({ file: ENVELOPE_FILE, message: `${ENVELOPE_FILE} is missing` });
    return fail(`${ENVELOPE_FILE} is missing`);
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(envelopeBytes.toString("utf8"));
  } catch (error) {
    problems.push({
      file: ENVELOPE_FILE,
      message: `${ENVELOPE_FILE} is not JSON (${(error as Error).message})`,
    });
    return fail(`${ENVELOPE_FILE} is not a DSSE envelope`);
  }
  const object = envelope && typeof envelope === "object" ? (envelope as Record<string, unknown>) : {};
  const payload = decodeBase64(object.payload);
  if (object.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    problems.push({
      file: ENVELOPE_FILE,
      message: `${ENVELOPE_FILE} has payload type ${String(object.payloadType)}, not ${IN_TOTO_PAYLOAD_TYPE}`,
    });
  }
  if (manifestBytes && payload && !payload.equals(manifestBytes)) {
    problems.push({
      file: MANIFEST_FILE,
      message: `${MANIFEST_FILE} differs from the payload signed in ${ENVELOPE_FILE}`,
    });
  }
  const pinned = options.trustedKeys && options.trustedKeys.length > 0;
  const keys = pinned ? [...(options.trustedKeys ?? [])] : bundleKeys(contents, problems);
  const purposeKnown = keys.some((key) => key.purpose !== undefined);
  const verification = verifyEnvelope(envelope, keys, {
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    ...(purposeKnown ? { purpose: "attestation" as const } : {}),
    clock: options.clock ?? systemClock,
  });
  if (!verification.ok) {
    const extra = !pinned && keys.length === 0 ? ` (no key in ${KEYS_DIR}/; pass --key or --trust-root)` : "";
    // the summary says that nothing verified; each signature says why (unknown key, changed payload, revoked…)
    const why = verification.signatures
      .filter((check) => !check.ok)
      .map((check) => `signature ${check.index + 1}: ${check.reason}`);
    problems.push({
      file: ENVELOPE_FILE,
      message: `${ENVELOPE_FILE}: ${verification.reason}${extra}${why.length ? ` (${why.join("; ")})` : ""}`,
    });
  }
  const signedBy = [
    ...new Set(
      verification.signatures.filter((check) => check.ok).map((check) => check.matchedKeyId ?? check.keyid),
    ),
  ];
  if (problems.length > 0)
    return {
      ...fail(verification.ok ? "the signed payload is not this manifest" : verification.reason),
      signedBy,
    };
  const warnings = pinned
    ? []
    : [
        `the signing key ${signedBy.join(", ")} came with the bundle (${KEYS_DIR}/): this shows the bundle is intact and consistent, not who made it. Compare the key id with the portal's trust root, or pass --key / --trust-root.`,
      ];
  return {
    check: {
      name: "signature",
      status: pinned ? "ok" : "warning",
      summary: `${ENVELOPE_FILE} signs ${MANIFEST_FILE}; ${verification.reason} (${pinned ? "a key you pinned" : `a key from ${KEYS_DIR}/ of the bundle`})`,
      problems,
    },
    signedBy,
    trust: pinned ? "pinned" : "bundle",
    warnings,
  };
}

function checkContents(
  contents: BundleContents,
  manifest: BundleManifest,
  listed: Map<string, { sha256: string; line: number }>,
): BundleCheck {
  const problems: BundleProblem[] = [];
  const subjects = new Map(manifest.subject.map((subject) => [subject.name, subject.digest.sha256]));
  for (const [name, sha256] of subjects) {
    const file = contents.files.get(name);
    if (UNLISTED_FILES.has(name)) {
      problems.push({
        file: MANIFEST_FILE,
        message: `${MANIFEST_FILE} lists ${name}, which it cannot cover`,
      });
    } else if (!file)
      problems.push({ file: name, message: `${name} is named in the signed manifest but missing` });
    else if (file.sha256 !== sha256) {
      problems.push({
        file: name,
        message: `${name} does not match the signed manifest (signed ${short(sha256)}, file is ${short(file.sha256)})`,
      });
    }
    const sums = listed.get(name);
    if (sums && sums.sha256 !== sha256) {
      problems.push({
        file: CHECKSUMS_FILE,
        message: `${CHECKSUMS_FILE} line ${sums.line} gives ${name} another digest than the signed manifest`,
      });
    }
  }
  for (const name of contents.files.keys()) {
    if (!UNLISTED_FILES.has(name) && !subjects.has(name)) {
      problems.push({ file: name, message: `${name} is not listed in the signed manifest` });
    }
  }
  for (const entry of [...manifest.predicate.files, ...manifest.predicate.supporting]) {
    const subject = subjects.get(entry.path);
    if (subject !== entry.sha256) {
      problems.push({
        file: MANIFEST_FILE,
        message: `${MANIFEST_FILE}: ${entry.path} is described but not a subject with that digest`,
      });
    }
    const file = contents.files.get(entry.path);
    if (file && file.sha256 === entry.sha256 && file.size !== entry.size) {
      problems.push({
        file: entry.path,
        message: `${entry.path} is ${file.size} bytes; the manifest says ${entry.size}`,
      });
    }
  }
  const described = new Set(
    [...manifest.predicate.files, ...manifest.predicate.supporting].map((entry) => entry.path),
  );
  for (const name of subjects.keys()) {
    if (!described.has(name))
      problems.push({
        file: MANIFEST_FILE,
        message: `${MANIFEST_FILE}: subject ${name} is not described in the predicate`,
      });
  }
  return {
    name: "contents",
    status: problems.length ? "failed" : "ok",
    summary: problems.length
      ? `${problems.length} problem${problems.length === 1 ? "" : "s"}`
      : `${subjects.size} files match the signed manifest; no unlisted files`,
    problems,
  };
}

function checkMerkle(manifest: BundleManifest): BundleCheck {
  const { files, merkle } = manifest.predicate;
  const problems: BundleProblem[] = [];
  const sorted = sortByPath(files);
  if (sorted.some((file, index) => file.path !== files[index]?.path)) {
    problems.push({
      file: MANIFEST_FILE,
      message: `${MANIFEST_FILE}: predicate.files is not sorted by path`,
    });
  }
  if (merkle.treeSize !== files.length) {
    problems.push({
      file: MANIFEST_FILE,
      message: `${MANIFEST_FILE}: tree size ${merkle.treeSize} but ${files.length} files`,
    });
  }
  const root = filesMerkleRoot(files);
  if (root !== merkle.root) {
    problems.push({
      file: MANIFEST_FILE,
      message: `Merkle root is ${root}; ${MANIFEST_FILE} states ${merkle.root}`,
    });
  }
  return {
    name: "merkle",
    status: problems.length ? "failed" : "ok",
    summary: problems.length
      ? "the Merkle root does not match"
      : `${root} over ${files.length} evidence files (RFC 9162)`,
    problems,
  };
}

const skipped = (name: BundleCheckName, summary: string): BundleCheck => ({
  name,
  status: "skipped",
  summary,
  problems: [],
});

export function verifyEvidenceBundle(
  contents: BundleContents,
  options: VerifyEvidenceBundleOptions = {},
): EvidenceBundleReport {
  const base = {
    source: contents.source,
    totalFiles: contents.files.size,
  };
  if (contents.files.size === 0) {
    const problems = (
      contents.problems.length ? contents.problems : [`${contents.source.name} holds no files`]
    ).map((message) => ({ file: null, message }));
    return {
      ...base,
      verdict: "unreadable",
      ok: false,
      bundle: null,
      evidenceFiles: 0,
      merkleRoot: null,
      signedBy: [],
      trust: "none",
      checks: [{ name: "archive", status: "failed", summary: "nothing could be read", problems }],
      problems,
      warnings: [],
    };
  }
  const checks: BundleCheck[] = [checkArchive(contents)];
  const sums = checkChecksums(contents);
  checks.push(sums.check);
  const manifestBytes = contents.metadata.get(MANIFEST_FILE);
  const parsed = manifestBytes
    ? parseManifest(manifestBytes)
    : ({ ok: false, problem: `${MANIFEST_FILE} is missing` } as const);
  checks.push(
    parsed.ok
      ? {
          name: "manifest",
          status: "ok",
          summary: `${parsed.manifest.subject.length} files listed, ${parsed.manifest.predicate.files.length} of them evidence`,
          problems: [],
        }
      : {
          name: "manifest",
          status: "failed",
          summary: parsed.problem,
          problems: [{ file: MANIFEST_FILE, message: parsed.problem }],
        },
  );
  const signature = checkSignature(contents, options);
  checks.push(signature.check);
  if (parsed.ok) {
    checks.push(checkContents(contents, parsed.manifest, sums.listed));
    checks.push(checkMerkle(parsed.manifest));
  } else {
    checks.push(
      skipped("contents", "no manifest to compare with"),
      skipped("merkle", "no manifest to recompute"),
    );
  }
  const checkpoints = checkBundleCheckpoints({
    contents,
    manifest: parsed.ok ? parsed.manifest : null,
    trustedKeys: options.trustedKeys ?? [],
    clock: options.clock ?? systemClock,
  });
  checks.push(checkpoints.check);
  const problems = checks.flatMap((check) => check.problems);
  // "skipped" fails nothing by itself: contents and merkle are skipped only when the manifest already failed, and a
  // bundle without a checkpoint is a bundle exported before the portal had an audit-checkpoint key
  const ok = checks.every((check) => check.status !== "failed");
  return {
    ...base,
    verdict: ok ? "verified" : "failed",
    ok,
    bundle: parsed.ok ? parsed.manifest.predicate.bundle : null,
    evidenceFiles: parsed.ok ? parsed.manifest.predicate.files.length : 0,
    merkleRoot: parsed.ok ? parsed.manifest.predicate.merkle.root : null,
    signedBy: signature.signedBy,
    trust: signature.trust,
    checks,
    problems,
    warnings: [...signature.warnings, ...checkpoints.warnings],
  };
}

const KEPT_FILES = new RegExp(
  `^([^/]+/)?(${MANIFEST_FILE.replace(".", "\\.")}|${KEYS_DIR}/[^/]+\\.pem|${CHECKPOINTS_DIR}/.+)$`,
);

/** Which entries' bytes the verifier needs besides the standard verification files (with or without a top folder). */
export function keepForEvidenceBundle(name: string): boolean {
  return KEPT_FILES.test(name);
}
