// The "checkpoints" check of the offline bundle verifier (verify-evidence-bundle.ts): the audit-log checkpoint an
// export carries (audit-proof-files.ts) is signed by a trusted audit-checkpoint key, and every inclusion proof
// leads from an upload event of a file of this bundle, with that file's SHA-256, to the checkpoint's signed root.
//
// Trust works as for the manifest's signature: the keys the caller pinned (their purpose, status and validity
// window judged as of the clock), else the audit-checkpoint key shipped in keys/, which proves integrity only and
// says so. A signature line of a signed note names its key by the first four bytes of SHA-256(SPKI), the first
// eight hex digits of the portal's `sha256:` key id. Pure: no server, no database.
import { verifyInclusionDocument } from "../../audit/checkpoints/proof-documents";
import type { Clock } from "../../lib/clock";
import {
  keyHashHex,
  type NoteVerifierKey,
  noteKeyFromPublicKey,
  parseSignedNote,
} from "../../lib/signed-note";
import { type Checkpoint, parseCheckpointText } from "../../lib/tlog-checkpoint";
import type { BundleContents } from "../../signing/bundle/read-bundle";
import {
  checkSignatureBytes,
  type ResolvedKey,
  resolveKeys,
  type TrustedKey,
} from "../../signing/signature-check";
import { UPLOAD_EVENT } from "./audit-proof-event";
import {
  AUDIT_CHECKPOINT_FILE,
  AUDIT_CHECKPOINT_KEY_PURPOSE,
  INCLUSION_PROOFS_DIR,
  inclusionProofFileName,
  KEYS_DIR,
} from "./layout";
import type { BundleManifest } from "./manifest";
import type { BundleCheck, BundleProblem } from "./verify-evidence-bundle";

export type CheckpointsCheckInput = {
  contents: BundleContents;
  /** the parsed manifest, when it parsed: each proof must be the upload of one of its files */
  manifest: BundleManifest | null;
  /** the keys the caller pinned (none: the bundle's own keys/audit-checkpoint-*.pem) */
  trustedKeys: readonly TrustedKey[];
  clock: Clock;
};

/** Checkpoint keys shipped in keys/: not trusted by themselves (unreadable ones are the signature check's to report). */
function shippedCheckpointKeys(contents: BundleContents): TrustedKey[] {
  const prefix = `${KEYS_DIR}/${AUDIT_CHECKPOINT_KEY_PURPOSE}-`;
  return [...contents.metadata]
    .filter(([name]) => name.startsWith(prefix) && name.endsWith(".pem"))
    .map(([, bytes]) => ({ publicKeyPem: bytes.toString("utf8") }));
}

type SignedCheckpoint = { checkpoint: Checkpoint; noteKeys: NoteVerifierKey[]; signedBy: string[] };

/** The note's signatures against the keys, with the registry's rules: a trusted key's bad signature rejects it. */
function verifyCheckpointNote(
  note: Buffer,
  keys: readonly ResolvedKey[],
  now: Date,
): { ok: true; signed: SignedCheckpoint } | { ok: false; reason: string } {
  const parsed = parseSignedNote(note);
  if (!parsed.ok) return { ok: false, reason: `not a signed note: ${parsed.reason}` };
  const checkpoint = parseCheckpointText(parsed.note.text);
  if (!checkpoint.ok) return { ok: false, reason: `not a checkpoint: ${checkpoint.reason}` };
  const message = Buffer.from(parsed.note.text, "utf8");
  const checks = parsed.note.signatures.map((line, index) => {
    const hash = keyHashHex(line.keyHash);
    const candidates = keys.filter((key) => key.keyId.startsWith(`sha256:${hash}`));
    const check =
      candidates.length === 0
        ? null
        : checkSignatureBytes({
            index,
            keyid: "",
            sig: line.signature,
            message,
            keys: candidates,
            context: { purpose: AUDIT_CHECKPOINT_KEY_PURPOSE, now },
            changed: "the checkpoint text or the signature changed",
          });
    return { line, hash, check };
  });
  const failure = checks.find(({ check }) => check && !check.ok && check.status !== "unknown_key");
  if (failure?.check)
    return { ok: false, reason: `signature ${failure.check.index + 1}: ${failure.check.reason}` };
  // the portal's log signs as its origin (sign-audit-checkpoint.ts); the name on a signature line is not signed
  const valid = checks.filter(({ line, check }) => check?.ok && line.name === checkpoint.checkpoint.origin);
  if (valid.length === 0 && checks.some(({ check }) => check?.ok)) {
    return {
      ok: false,
      reason: `the trusted key's signature names "${checks.find(({ check }) => check?.ok)?.line.name}", not the checkpoint's origin "${checkpoint.checkpoint.origin}"`,
    };
  }
  if (valid.length === 0) {
    const names = checks.map(({ line, hash }) => `${line.name} ${hash}`).join(", ");
    return {
      ok: false,
      reason: `signed by no trusted audit-checkpoint key (the note names ${names || "no key"})`,
    };
  }
  const noteKeys: NoteVerifierKey[] = [];
  for (const { line, check } of valid) {
    const key = keys.find((candidate) => candidate.keyId === check?.matchedKeyId);
    const made = key ? noteKeyFromPublicKey(line.name, key.object) : null;
    if (made?.ok) noteKeys.push(made.key);
  }
  return {
    ok: true,
    signed: {
      checkpoint: checkpoint.checkpoint,
      noteKeys,
      signedBy: [...new Set(valid.map(({ check }) => check?.matchedKeyId ?? ""))],
    },
  };
}

type CanonicalEvent = {
  seq?: unknown;
  action?: unknown;
  subject?: { type?: unknown; id?: unknown };
  payload?: { sha256?: unknown };
};

/** Which file of the bundle the proven event uploaded, or why it is not one of them. */
function provenFile(
  name: string,
  doc: { seq: number; canonicalEvent: string },
  manifest: BundleManifest,
): { ok: true; path: string } | { ok: false; reason: string } {
  if (name !== inclusionProofFileName(doc.seq)) {
    return { ok: false, reason: `proves audit event #${doc.seq}, not the event its name says` };
  }
  let event: CanonicalEvent | null;
  try {
    event = JSON.parse(doc.canonicalEvent) as CanonicalEvent | null;
  } catch {
    return { ok: false, reason: "its canonical event is not JSON" };
  }
  if (!event || typeof event !== "object" || event.seq !== doc.seq) {
    return { ok: false, reason: `its canonical event is not audit event #${doc.seq}` };
  }
  if (event.action !== UPLOAD_EVENT.action || event.subject?.type !== UPLOAD_EVENT.subjectType) {
    return { ok: false, reason: `event #${doc.seq} is ${String(event.action)}, not ${UPLOAD_EVENT.action}` };
  }
  const file = manifest.predicate.files.find((entry) => entry.evidenceId === event.subject?.id);
  if (!file) return { ok: false, reason: `event #${doc.seq} uploaded evidence that is not in this bundle` };
  if (event.payload?.sha256 !== file.sha256) {
    return {
      ok: false,
      reason: `event #${doc.seq} recorded SHA-256 ${String(event.payload?.sha256)} for ${file.path}, which the manifest gives as ${file.sha256}`,
    };
  }
  return { ok: true, path: file.path };
}

export function checkBundleCheckpoints(input: CheckpointsCheckInput): {
  check: BundleCheck;
  warnings: string[];
} {
  const { contents, manifest } = input;
  const proofNames = [...contents.files.keys()]
    .filter((name) => name.startsWith(`${INCLUSION_PROOFS_DIR}/`))
    .sort();
  const note = contents.metadata.get(AUDIT_CHECKPOINT_FILE);
  const problems: BundleProblem[] = [];
  const result = (status: BundleCheck["status"], summary: string, warnings: string[] = []) => ({
    check: { name: "checkpoints" as const, status, summary, problems },
    warnings,
  });
  if (!note) {
    if (proofNames.length === 0) return result("skipped", "no audit-log checkpoint in this bundle");
    problems.push({
      file: AUDIT_CHECKPOINT_FILE,
      message: `${AUDIT_CHECKPOINT_FILE} is missing; ${proofNames.length} inclusion proofs need it`,
    });
    return result("failed", `${AUDIT_CHECKPOINT_FILE} is missing`);
  }

  const pinned = input.trustedKeys.length > 0;
  const keyProblems: string[] = [];
  const keys = resolveKeys(pinned ? input.trustedKeys : shippedCheckpointKeys(contents), keyProblems);
  const verified = verifyCheckpointNote(note, keys, input.clock.now());
  if (!verified.ok) {
    const extra =
      !pinned && keys.length === 0
        ? ` (no ${AUDIT_CHECKPOINT_KEY_PURPOSE} key in ${KEYS_DIR}/; pass --key or --trust-root)`
        : "";
    problems.push({
      file: AUDIT_CHECKPOINT_FILE,
      message: `${AUDIT_CHECKPOINT_FILE}: ${verified.reason}${extra}`,
    });
    for (const name of proofNames) {
      problems.push({ file: name, message: `${name} cannot be checked: its checkpoint does not verify` });
    }
    return result("failed", `the checkpoint does not verify: ${verified.reason}`);
  }

  const { checkpoint, noteKeys, signedBy } = verified.signed;
  const checkpointText = note.toString("utf8");
  const proven: string[] = [];
  for (const name of proofNames) {
    const fail = (reason: string) => problems.push({ file: name, message: `${name}: ${reason}` });
    let doc: unknown;
    try {
      doc = JSON.parse((contents.metadata.get(name) ?? Buffer.alloc(0)).toString("utf8"));
    } catch (error) {
      fail(`not JSON (${(error as Error).message})`);
      continue;
    }
    if (!doc || typeof doc !== "object") {
      fail("not an audit inclusion proof");
      continue;
    }
    const embedded = (doc as { checkpoint?: unknown }).checkpoint;
    if (embedded !== checkpointText) {
      fail(`it carries another checkpoint than ${AUDIT_CHECKPOINT_FILE}`);
      continue;
    }
    const report = verifyInclusionDocument(doc, noteKeys);
    if (!report.ok) {
      const step = report.steps.find((candidate) => !candidate.ok);
      fail(step ? `${step.check}: ${step.detail}` : "the proof does not verify");
      continue;
    }
    if (manifest) {
      const file = provenFile(name, doc as { seq: number; canonicalEvent: string }, manifest);
      if (!file.ok) {
        fail(file.reason);
        continue;
      }
      proven.push(file.path);
    }
  }
  if (problems.length > 0) {
    return result("failed", `${problems.length} problem${problems.length === 1 ? "" : "s"}`);
  }
  const evidenceCount = manifest?.predicate.files.length ?? proven.length;
  const summary = `${AUDIT_CHECKPOINT_FILE}: ${checkpoint.origin} at size ${checkpoint.treeSize}, signed by ${signedBy.join(", ")} (${pinned ? "a key you pinned" : `a key from ${KEYS_DIR}/ of the bundle`}); ${proofNames.length} inclusion proof${proofNames.length === 1 ? "" : "s"} verify (uploads of ${proven.length} of ${evidenceCount} evidence files)`;
  const warnings = pinned
    ? []
    : [
        `the audit-checkpoint key ${signedBy.join(", ")} came with the bundle (${KEYS_DIR}/): compare it with the portal's trust root, or pass --key / --trust-root.`,
      ];
  return result(pinned ? "ok" : "warning", summary, warnings);
}
