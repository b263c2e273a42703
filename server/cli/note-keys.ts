// Trusted keys for checkpoints, from the files an auditor has: a PEM file (one key or a bundle, as /keys exports
// trusted-keys.pem), the portal's JSON trust root (its audit-checkpoint keys that are not revoked), or verifier keys
// in the "name+hash+base64" form Go and transparency-dev use (one per line, e.g. for Rekor or sum.golang.org).
//
// A PEM key carries no name, and signed notes match keys by (name, key ID). With --name the key gets that name;
// without it, the key is tried under each name the note's signature lines use: for ECDSA (Rekor's and the portal's
// keys) the key ID does not depend on the name anyway, and for Ed25519 it is what lets a bare key file verify.
import { createPublicKey, type KeyObject } from "node:crypto";
import {
  type NoteVerifierKey,
  noteKeyFromPublicKey,
  noteKeyFromVkey,
  parseSignedNote,
} from "../lib/signed-note";
import { UsageError } from "./command";
import { readTextFile } from "./read-input";

export type KeySource =
  | { kind: "named"; label: string; key: NoteVerifierKey }
  | { kind: "unnamed"; label: string; publicKey: KeyObject };

const PEM_BLOCK = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g;

function fromPem(pem: string, label: string, name: string | undefined): KeySource {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem);
  } catch {
    throw new UsageError(`${label}: not a valid public key`);
  }
  if (!name) return { kind: "unnamed", label, publicKey };
  const made = noteKeyFromPublicKey(name, publicKey);
  if (!made.ok) throw new UsageError(`${label}: ${made.reason}`);
  return { kind: "named", label, key: made.key };
}

function fromTrustRoot(json: unknown, path: string, name: string | undefined): KeySource[] | null {
  const root = json as { mediaType?: unknown; keys?: unknown } | null;
  if (
    typeof root?.mediaType !== "string" ||
    !root.mediaType.startsWith("application/vnd.portal.trust-root+json")
  ) {
    return null;
  }
  if (!Array.isArray(root.keys)) throw new UsageError(`${path}: the trust root has no keys`);
  return root.keys.flatMap((entry: unknown, index: number) => {
    const key = entry as { publicKeyPem?: unknown; purpose?: unknown; status?: unknown; keyId?: unknown };
    if (
      key.purpose !== "audit-checkpoint" ||
      key.status === "revoked" ||
      typeof key.publicKeyPem !== "string"
    ) {
      return [];
    }
    return [
      fromPem(key.publicKeyPem, `${path} key ${typeof key.keyId === "string" ? key.keyId : index + 1}`, name),
    ];
  });
}

export function loadKeySources(paths: readonly string[], name?: string): KeySource[] {
  if (paths.length === 0)
    throw new UsageError("give the trusted key with --key <file> (PEM, vkey or trust root)");
  const sources: KeySource[] = [];
  for (const path of paths) {
    const text = readTextFile(path, "key file");
    const trimmed = text.trim();
    if (trimmed.startsWith("{")) {
      let json: unknown;
      try {
        json = JSON.parse(trimmed);
      } catch {
        throw new UsageError(`${path}: not JSON, not PEM and not a verifier key`);
      }
      const fromRoot = fromTrustRoot(json, path, name);
      if (!fromRoot) throw new UsageError(`${path}: a JSON key file must be the portal's trust root`);
      if (fromRoot.length === 0) throw new UsageError(`${path}: the trust root has no audit-checkpoint key`);
      sources.push(...fromRoot);
      continue;
    }
    const pems = trimmed.match(PEM_BLOCK);
    if (pems) {
      for (const [index, pem] of pems.entries()) {
        sources.push(fromPem(pem, pems.length > 1 ? `${path} key ${index + 1}` : path, name));
      }
      continue;
    }
    const lines = trimmed
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    if (lines.length === 0) throw new UsageError(`${path}: no key in the file`);
    for (const line of lines) {
      const made = noteKeyFromVkey(line);
      if (!made.ok) throw new UsageError(`${path}: not a PEM public key or verifier key (${made.reason})`);
      sources.push({ kind: "named", label: path, key: made.key });
    }
  }
  return sources;
}

/** The verifier keys for some notes: named keys as they are, unnamed ones under every name the notes use. */
export function keysForNotes(sources: readonly KeySource[], notes: readonly string[]): NoteVerifierKey[] {
  const names = new Set<string>();
  for (const note of notes) {
    const parsed = parseSignedNote(note);
    if (parsed.ok) for (const signature of parsed.note.signatures) names.add(signature.name);
  }
  return sources.flatMap((source) => {
    if (source.kind === "named") return [source.key];
    return [...names].flatMap((name) => {
      const made = noteKeyFromPublicKey(name, source.publicKey);
      return made.ok ? [made.key] : [];
    });
  });
}
