// A consistency proof as people paste or upload it: Rekor's answer {"rootHash", "hashes": [hex...]}, a portal
// consistency proof {size1, size2, hashes}, {firstSize, lastSize, hashes}, or one hash per line (hex or base64).
// When the file says which sizes it is for, those must be the sizes the mirror needs: a proof for other trees
// proves nothing about these. Pure.
import { decodeHash32 } from "../../lib/hash-text";

export type ProofText = { hashes: Buffer[]; sizes: { size1: number; size2: number } | null };

export type ProofParse = { ok: true; proof: ProofText } | { ok: false; reason: string };

export function parseConsistencyProof(text: string): ProofParse {
  const trimmed = text.trim();
  let list: unknown[];
  let sizes: ProofText["sizes"] = null;
  if (trimmed.startsWith("{")) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      return { ok: false, reason: "the consistency proof is not valid JSON" };
    }
    if (!Array.isArray(json.hashes))
      return { ok: false, reason: 'the consistency proof has no "hashes" list' };
    list = json.hashes;
    const size1 = json.size1 ?? json.firstSize;
    const size2 = json.size2 ?? json.lastSize;
    if (size1 !== undefined || size2 !== undefined) {
      if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2)) {
        return { ok: false, reason: "the consistency proof's sizes are not whole numbers" };
      }
      sizes = { size1: size1 as number, size2: size2 as number };
    }
  } else {
    list = trimmed.length === 0 ? [] : trimmed.split(/\s+/);
  }
  const hashes: Buffer[] = [];
  for (const [index, entry] of list.entries()) {
    const hash = decodeHash32(entry);
    if (!hash)
      return {
        ok: false,
        reason: `hash ${index + 1} of the consistency proof is not a 32-byte hash (hex or base64)`,
      };
    hashes.push(hash);
  }
  return { ok: true, proof: { hashes, sizes } };
}
