// What an evidence bundle holds and where, said once for the exporter, VERIFY.md and the offline verifier:
//
//   SHA256SUMS      sha256sum lines for every other file in the bundle (`sha256sum --strict -c SHA256SUMS`)
//   manifest.json   an in-toto Statement: every file but SHA256SUMS, manifest.json and manifest.dsse as a subject
//                   with its SHA-256; the predicate describes each evidence file and carries the Merkle root
//   manifest.dsse   a DSSE envelope whose payload is exactly the bytes of manifest.json, signed by the portal
//   VERIFY.md       how to check all of this with sha256sum, openssl and portal-verify
//   files/<kind>/   the evidence
//   keys/           the public keys (PEM) of the signatures in the bundle
//   checkpoints/    audit-log checkpoints and proofs (signed notes), when the export includes them
export const CHECKSUMS_FILE = "SHA256SUMS";
export const MANIFEST_FILE = "manifest.json";
export const ENVELOPE_FILE = "manifest.dsse";
export const INSTRUCTIONS_FILE = "VERIFY.md";
export const FILES_DIR = "files";
export const KEYS_DIR = "keys";
export const CHECKPOINTS_DIR = "checkpoints";
/** the signed audit-log checkpoint of the export (c2sp.org/tlog-checkpoint signed note) */
export const AUDIT_CHECKPOINT_FILE = `${CHECKPOINTS_DIR}/audit-checkpoint.txt`;
/** one inclusion proof per exported evidence item, of its `evidence.uploaded` audit event, against that checkpoint */
export const INCLUSION_PROOFS_DIR = `${CHECKPOINTS_DIR}/inclusion`;
export const AUDIT_CHECKPOINT_KEY_PURPOSE = "audit-checkpoint";

/** Files that the signed manifest cannot list (it is one of them, or they are made from it). */
export const UNLISTED_FILES: ReadonlySet<string> = new Set([CHECKSUMS_FILE, MANIFEST_FILE, ENVELOPE_FILE]);

export const EVIDENCE_BUNDLE_PREDICATE_TYPE = "https://release-governance-portal.dev/evidence-bundle/v1";

export const MERKLE_ALGORITHM = "RFC 9162 Merkle tree hash, SHA-256";
export const MERKLE_LEAF_ENCODING =
  'leaf i = RFC 8785 canonical JSON of {"path","sha256","size"} of predicate.files[i]; files sorted by path';

export function inclusionProofFileName(seq: number): string {
  return `${INCLUSION_PROOFS_DIR}/event-${seq}.json`;
}

/** A public key shipped in the bundle, named by purpose and key id so a reader can match it without tools. */
export function keyFileName(purpose: string, keyId: string): string {
  return `${KEYS_DIR}/${purpose}-${keyId.replace(/^sha256:/, "").slice(0, 16)}.pem`;
}
