// Proofs checked in the auditor's browser, not only on the server: the same RFC 9162 steps the server and the CLI
// run (server/lib/merkle-verify.ts), with a JavaScript SHA-256 (@noble/hashes, audited, no dependencies), so the
// page's "verified" is computed from the hashes it shows. The root is read from the signed checkpoint text itself.
// (The checkpoint's signature is checked by the server against the key registry and by the CLI offline.)
import { sha256 } from "@noble/hashes/sha2";
import {
  type ConsistencyOutcome,
  type InclusionOutcome,
  verifyConsistencyWith,
  verifyInclusionWith,
} from "@/server/lib/merkle-verify";

export function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new Error("not hex");
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export const browserNodeHash = (left: Uint8Array, right: Uint8Array) =>
  sha256(concat(Uint8Array.of(1), left, right));
export const browserLeafHash = (data: Uint8Array) => sha256(concat(Uint8Array.of(0), data));

/** The tree size and root a signed checkpoint states (its second and third lines), or null if it has none. */
export function checkpointHead(signedNote: string): { treeSize: number; rootHash: string } | null {
  const [, size, root] = signedNote.split("\n");
  if (!size || !root || !/^(0|[1-9][0-9]*)$/.test(size)) return null;
  try {
    const binary = atob(root);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return bytes.length === 32 ? { treeSize: Number(size), rootHash: bytesToHex(bytes) } : null;
  } catch {
    return null;
  }
}

export type BrowserInclusionCheck = {
  ok: boolean;
  reason: string;
  computedEventHash: string;
  leafHash: string;
  /** the root read from the signed checkpoint text */
  signedRoot: string | null;
  outcome: InclusionOutcome | null;
};

export function checkAuditInclusion(proof: {
  seq: number;
  leafIndex: number;
  treeSize: number;
  eventHash: string;
  canonicalEvent: string;
  hashes: string[];
  checkpoint: { signedNote: string };
}): BrowserInclusionCheck {
  const eventHash = sha256(new TextEncoder().encode(proof.canonicalEvent));
  const computedEventHash = bytesToHex(eventHash);
  const leaf = browserLeafHash(eventHash);
  const head = checkpointHead(proof.checkpoint.signedNote);
  const base = { computedEventHash, leafHash: bytesToHex(leaf), signedRoot: head?.rootHash ?? null };
  if (computedEventHash !== proof.eventHash) {
    return {
      ...base,
      ok: false,
      reason: "the event's content does not hash to its stored hash",
      outcome: null,
    };
  }
  if (!head || head.treeSize !== proof.treeSize) {
    return { ...base, ok: false, reason: "the signed checkpoint does not state this tree", outcome: null };
  }
  const outcome = verifyInclusionWith(browserNodeHash, {
    leafIndex: proof.leafIndex,
    treeSize: proof.treeSize,
    leafHash: leaf,
    proof: proof.hashes.map(hexToBytes),
    root: hexToBytes(head.rootHash),
  });
  return {
    ...base,
    ok: outcome.ok,
    reason: outcome.ok
      ? `event #${proof.seq} is in the signed tree of ${proof.treeSize} events`
      : outcome.reason,
    outcome,
  };
}

export type BrowserConsistencyCheck = {
  ok: boolean;
  reason: string;
  roots: { first: string | null; second: string | null };
  outcome: ConsistencyOutcome | null;
};

export function checkConsistency(proof: {
  hashes: string[];
  checkpoint1: { signedNote: string };
  checkpoint2: { signedNote: string };
}): BrowserConsistencyCheck {
  const first = checkpointHead(proof.checkpoint1.signedNote);
  const second = checkpointHead(proof.checkpoint2.signedNote);
  const roots = { first: first?.rootHash ?? null, second: second?.rootHash ?? null };
  if (!first || !second) return { ok: false, reason: "a checkpoint states no tree", roots, outcome: null };
  const outcome = verifyConsistencyWith(browserNodeHash, {
    size1: first.treeSize,
    size2: second.treeSize,
    proof: proof.hashes.map(hexToBytes),
    root1: hexToBytes(first.rootHash),
    root2: hexToBytes(second.rootHash),
  });
  return {
    ok: outcome.ok,
    reason: outcome.ok
      ? `the first ${first.treeSize} events are unchanged in the tree of ${second.treeSize}`
      : outcome.reason,
    roots,
    outcome,
  };
}
