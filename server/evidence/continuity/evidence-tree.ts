// The Merkle tree over a snapshot's evidence, so two snapshots (and an auditor with the report) can compare all of
// it through one 32-byte root.
//
// Leaf encoding (documented in the README and carried in every report):
//   leaf data  = ASCII "<evidence id> <sha256 hex>"   (lower-case UUID, one space, the 64 hex digits seen on disk)
//   leaf hash  = SHA-256(0x00 || leaf data)            (RFC 6962 / 9162 leaf hash)
//   order      = leaves sorted by evidence id (byte order of the lower-case UUID text)
//   root       = RFC 6962 Merkle tree hash over the leaf hashes; SHA-256("") for no leaves
// Evidence whose bytes could not be read (missing) has no digest and is left out: the root says what was there.
import { leafHash, merkleRoot } from "../../lib/merkle";

export const EVIDENCE_LEAF_ENCODING =
  'RFC 6962 leaf hash SHA-256(0x00 || ASCII("<evidence id> <sha256 hex>")), leaves sorted by evidence id, evidence without readable bytes left out';

export type EvidenceLeaf = { evidenceId: string; sha256: string };

export function evidenceLeafData(leaf: EvidenceLeaf): Buffer {
  return Buffer.from(`${leaf.evidenceId.toLowerCase()} ${leaf.sha256}`, "ascii");
}

export function evidenceLeafHash(leaf: EvidenceLeaf): Buffer {
  return leafHash(evidenceLeafData(leaf));
}

const byId = (a: EvidenceLeaf, b: EvidenceLeaf) => {
  const left = a.evidenceId.toLowerCase();
  const right = b.evidenceId.toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
};

/** The root (hex) and leaf count over these digests; the order they come in does not matter. */
export function evidenceRoot(leaves: readonly EvidenceLeaf[]): { root: string; leaves: number } {
  const sorted = [...leaves].sort(byId);
  return { root: merkleRoot(sorted.map(evidenceLeafHash)).toString("hex"), leaves: sorted.length };
}
