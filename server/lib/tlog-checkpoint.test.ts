import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { leafHash, verifyInclusion } from "./merkle";
import { noteKeyFromPublicKey, noteKeyFromVkey } from "./signed-note";
import {
  checkpointTimestamp,
  formatCheckpointText,
  parseCheckpointText,
  timestampLine,
  verifyCheckpoint,
} from "./tlog-checkpoint";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/transparency");
const rekorPem = fs.readFileSync(path.join(FIXTURES, "rekor.sigstore.dev.pub.pem"), "utf8");
const bundle = JSON.parse(
  fs.readFileSync(path.join(FIXTURES, "sigstore-3.1.0-tlog-entry.sigstore.json"), "utf8"),
) as {
  verificationMaterial: {
    tlogEntries: {
      canonicalizedBody: string;
      inclusionProof: {
        logIndex: string;
        treeSize: string;
        rootHash: string;
        hashes: string[];
        checkpoint: { envelope: string };
      };
    }[];
  };
};

function rekorKey() {
  const made = noteKeyFromPublicKey("rekor.sigstore.dev", rekorPem);
  if (!made.ok) throw new Error(made.reason);
  return made.key;
}

describe("a real Rekor checkpoint and entry (sigstore@3.1.0 on npm)", () => {
  const [entry] = bundle.verificationMaterial.tlogEntries;
  if (!entry) throw new Error("fixture has no entry");
  const proof = entry.inclusionProof;

  it("verifies the checkpoint with the production Rekor key and reads its tree head", () => {
    const result = verifyCheckpoint(proof.checkpoint.envelope, [rekorKey()], {
      origin: "rekor.sigstore.dev - 1193050959916656506",
    });
    expect(result.ok).toBe(true);
    expect(result.checkpoint?.treeSize).toBe(46_800_506);
    expect(result.checkpoint?.rootHash.toString("base64")).toBe(proof.rootHash);
    expect(result.note.signatures[0]).toMatchObject({ keyHash: "c0d23d6a", status: "verified" });
  });

  it("proves the entry's canonicalized body is leaf 46,800,500 of that checkpoint", () => {
    const checkpoint = verifyCheckpoint(proof.checkpoint.envelope, [rekorKey()]).checkpoint;
    if (!checkpoint) throw new Error("checkpoint did not verify");
    const leaf = leafHash(Buffer.from(entry.canonicalizedBody, "base64"));
    const input = {
      leafIndex: Number(proof.logIndex),
      treeSize: checkpoint.treeSize,
      leafHash: leaf,
      proof: proof.hashes.map((hash) => Buffer.from(hash, "base64")),
      root: checkpoint.rootHash,
    };
    expect(verifyInclusion(input)).toEqual({ ok: true });
    expect(verifyInclusion({ ...input, leafIndex: input.leafIndex - 1 }).ok).toBe(false);
    expect(verifyInclusion({ ...input, proof: input.proof.slice(1) })).toMatchObject({
      ok: false,
      reason: /needs 16/,
    });
  });

  it("refuses it for another origin, or with only a key that did not sign it", () => {
    expect(
      verifyCheckpoint(proof.checkpoint.envelope, [rekorKey()], { origin: "rekor.sigstore.dev - 1" }),
    ).toMatchObject({ ok: false, reason: /is for "rekor.sigstore.dev - 1193050959916656506"/ });
    const goKey = noteKeyFromVkey("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8");
    if (!goKey.ok) throw new Error(goKey.reason);
    expect(verifyCheckpoint(proof.checkpoint.envelope, [goKey.key]).ok).toBe(false);
  });
});

describe("checkpoint text", () => {
  const root = Buffer.alloc(32, 7);

  it("formats and parses origin, size, root and extension lines, and Rekor's timestamp line", () => {
    const at = new Date("2026-11-30T12:00:00.123Z");
    const text = formatCheckpointText({
      origin: "portal.example/audit",
      treeSize: 42,
      rootHash: root,
      extensions: [timestampLine(at)],
    });
    expect(text).toBe(
      `portal.example/audit\n42\n${root.toString("base64")}\nTimestamp: 1796040000123000000\n`,
    );
    const parsed = parseCheckpointText(text);
    expect(parsed.ok && parsed.checkpoint.treeSize).toBe(42);
    expect(parsed.ok && checkpointTimestamp(parsed.checkpoint)?.toISOString()).toBe(at.toISOString());
  });

  it.each([
    ["no final newline", "o\n1\nAAAA", /end with a newline/],
    ["two lines", "o\n1\n", /at least three lines/],
    ["an empty origin", `\n1\n${root.toString("base64")}\n`, /origin line is empty/],
    ["a leading zero", `o\n01\n${root.toString("base64")}\n`, /without leading zeros/],
    ["a negative size", `o\n-1\n${root.toString("base64")}\n`, /not a decimal/],
    ["a huge size", `o\n99999999999999999999\n${root.toString("base64")}\n`, /too large/],
    ["a root that is not base64", "o\n1\nnot base64!\n", /not standard base64/],
    ["a 31-byte root", `o\n1\n${Buffer.alloc(31).toString("base64")}\n`, /32 bytes, got 31/],
    ["an empty extension line", `o\n1\n${root.toString("base64")}\nA\n\n`, /must not be empty/],
  ])("refuses %s", (_name, text, reason) => {
    expect(parseCheckpointText(text)).toMatchObject({ ok: false, reason });
  });

  it("accepts the empty tree (size 0) as a checkpoint: proofs against it are what fail", () => {
    expect(parseCheckpointText(`o\n0\n${root.toString("base64")}\n`).ok).toBe(true);
  });
});
