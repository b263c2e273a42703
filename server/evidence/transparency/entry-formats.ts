// Log entries with inclusion proofs, as the files people actually have them, read into one shape:
//   - a Sigstore bundle (v0.1-v0.3): verificationMaterial.tlogEntries[] with canonicalizedBody and an inclusionProof
//     (base64 hashes, the checkpoint's signed note in checkpoint.envelope);
//   - a Rekor API answer (GET /api/v1/log/entries?logIndex=N): { "<uuid>": { body, logIndex, verification:
//     { inclusionProof: { logIndex, treeSize, rootHash, hashes (hex), checkpoint } } } };
//   - the portal's own: { leafIndex, treeSize, hashes, leafHash | body, checkpoint?, logIndex? }.
// Rekor shards its log: the proof's logIndex is the leaf's index in the shard's tree, not the entry's global index,
// and the proof is what the tree is checked against. The leaf hash is SHA-256(0x00 || body) when a body is given.
// Pure; never throws on bad input.
import { decodeHash32 } from "../../lib/hash-text";
import { leafHash } from "../../lib/merkle";
import { decodeStrictBase64 } from "../../lib/signed-note";

export type EntryFormat = "sigstore-bundle" | "rekor-entry" | "portal-entry";

export type LogEntryProof = {
  format: EntryFormat;
  /** the leaf's index in the tree the proof is for */
  leafIndex: number;
  treeSize: number;
  /** the log's own index for the entry when it differs (Rekor's global index) */
  logIndex: string | null;
  leafHash: Buffer;
  body: Buffer | null;
  kind: string | null;
  hashes: Buffer[];
  /** the root the file states (it must match the checkpoint's) */
  statedRoot: Buffer | null;
  /** the signed checkpoint the file carries, if any */
  checkpoint: string | null;
};

export type EntryRead = { ok: true; entries: LogEntryProof[] } | { ok: false; reason: string };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function integer(value: unknown): number | null {
  const number = typeof value === "string" && /^(0|[1-9][0-9]*)$/.test(value) ? Number(value) : value;
  return typeof number === "number" && Number.isSafeInteger(number) && number >= 0 ? number : null;
}

function bodyBytes(value: unknown): Buffer | null {
  return typeof value === "string" ? decodeStrictBase64(value) : null;
}

function kindOf(body: Buffer | null, fallback: unknown): string | null {
  if (typeof fallback === "string") return fallback;
  if (!body) return null;
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { kind?: unknown };
    return typeof parsed.kind === "string" ? parsed.kind : null;
  } catch {
    return null;
  }
}

function build(
  format: EntryFormat,
  fields: {
    leafIndex: unknown;
    treeSize: unknown;
    hashes: unknown;
    body: Buffer | null;
    leafHash?: unknown;
    rootHash?: unknown;
    checkpoint?: unknown;
    logIndex?: unknown;
    kind?: unknown;
  },
  where: string,
): LogEntryProof | string {
  const leafIndex = integer(fields.leafIndex);
  const treeSize = integer(fields.treeSize);
  if (leafIndex === null) return `${where}: the proof's leaf index is missing or not a whole number`;
  if (treeSize === null) return `${where}: the proof's tree size is missing or not a whole number`;
  if (!Array.isArray(fields.hashes)) return `${where}: the proof's hashes are missing`;
  const hashes: Buffer[] = [];
  for (const [index, text] of fields.hashes.entries()) {
    const hash = decodeHash32(text);
    if (!hash) return `${where}: proof hash ${index + 1} is not a 32-byte hash (hex or base64)`;
    hashes.push(hash);
  }
  let leaf: Buffer | null = null;
  if (fields.leafHash !== undefined) {
    leaf = decodeHash32(fields.leafHash);
    if (!leaf) return `${where}: the leaf hash is not a 32-byte hash (hex or base64)`;
  }
  if (fields.body) {
    const fromBody = leafHash(fields.body);
    if (leaf && !leaf.equals(fromBody)) return `${where}: the leaf hash does not match the entry's body`;
    leaf = fromBody;
  }
  if (!leaf) return `${where}: neither the entry's body nor its leaf hash is given`;
  let statedRoot: Buffer | null = null;
  if (fields.rootHash !== undefined) {
    statedRoot = decodeHash32(fields.rootHash);
    if (!statedRoot) return `${where}: the root hash is not a 32-byte hash (hex or base64)`;
  }
  const checkpoint = isObject(fields.checkpoint) ? fields.checkpoint.envelope : fields.checkpoint;
  return {
    format,
    leafIndex,
    treeSize,
    logIndex: fields.logIndex === undefined || fields.logIndex === null ? null : String(fields.logIndex),
    leafHash: leaf,
    body: fields.body,
    kind: kindOf(fields.body, fields.kind),
    hashes,
    statedRoot,
    checkpoint: typeof checkpoint === "string" && checkpoint.length > 0 ? checkpoint : null,
  };
}

export function readLogEntries(input: unknown): EntryRead {
  if (!isObject(input))
    return {
      ok: false,
      reason: "expected a JSON object (a Sigstore bundle, a Rekor entry or a portal entry)",
    };
  const results: (LogEntryProof | string)[] = [];
  const material = input.verificationMaterial;
  if (isObject(material) && Array.isArray(material.tlogEntries)) {
    for (const [index, entry] of material.tlogEntries.entries()) {
      const where = `tlog entry ${index + 1}`;
      if (!isObject(entry) || !isObject(entry.inclusionProof)) {
        results.push(`${where} has no inclusion proof`);
        continue;
      }
      const proof = entry.inclusionProof;
      const kindVersion = isObject(entry.kindVersion) ? entry.kindVersion.kind : undefined;
      results.push(
        build(
          "sigstore-bundle",
          {
            leafIndex: proof.logIndex,
            treeSize: proof.treeSize,
            hashes: proof.hashes,
            rootHash: proof.rootHash,
            checkpoint: proof.checkpoint,
            body: bodyBytes(entry.canonicalizedBody),
            logIndex: entry.logIndex,
            kind: kindVersion,
          },
          where,
        ),
      );
    }
  } else if ("leafIndex" in input || "hashes" in input) {
    results.push(
      build(
        "portal-entry",
        {
          leafIndex: input.leafIndex,
          treeSize: input.treeSize,
          hashes: input.hashes,
          leafHash: input.leafHash,
          rootHash: input.rootHash,
          checkpoint: input.checkpoint,
          body: input.body === undefined ? null : bodyBytes(input.body),
          logIndex: input.logIndex,
        },
        "entry",
      ),
    );
    if (input.body !== undefined && bodyBytes(input.body) === null)
      results.splice(0, 1, "entry: the body is not base64");
  } else {
    for (const [uuid, entry] of Object.entries(input)) {
      const where = `entry ${uuid.slice(0, 16)}`;
      const verification = isObject(entry) ? entry.verification : undefined;
      const proof = isObject(verification) ? verification.inclusionProof : undefined;
      if (!isObject(entry) || !isObject(proof)) {
        results.push(`${where} is not a Rekor entry with an inclusion proof`);
        continue;
      }
      results.push(
        build(
          "rekor-entry",
          {
            leafIndex: proof.logIndex,
            treeSize: proof.treeSize,
            hashes: proof.hashes,
            rootHash: proof.rootHash,
            checkpoint: proof.checkpoint,
            body: bodyBytes(entry.body),
            logIndex: entry.logIndex,
          },
          where,
        ),
      );
    }
  }
  const problem = results.find((result): result is string => typeof result === "string");
  if (problem) return { ok: false, reason: problem };
  if (results.length === 0) return { ok: false, reason: "the file holds no log entry" };
  return { ok: true, entries: results as LogEntryProof[] };
}
