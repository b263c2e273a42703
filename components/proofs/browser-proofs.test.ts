// The browser's proof checks: the transparency-dev vectors pass with the JavaScript SHA-256 exactly as with
// node:crypto, and proofs built the way the server builds them verify, while an edited event, a flipped proof hash
// or a checkpoint of another tree do not.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { consistencyProof, inclusionProof, leafHash, merkleRoot, verifyInclusion } from "@/server/lib/merkle";
import { verifyInclusionWith } from "@/server/lib/merkle-verify";
import { formatCheckpointText } from "@/server/lib/tlog-checkpoint";
import { browserNodeHash, checkAuditInclusion, checkConsistency, checkpointHead } from "./browser-proofs";

const VECTORS = path.resolve(import.meta.dirname, "../../test/fixtures/merkle/inclusion");

function vectorFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? vectorFiles(full) : entry.name.endsWith(".json") ? [full] : [];
  });
}

describe("the JavaScript SHA-256 agrees with node:crypto on every inclusion vector", () => {
  const b64 = (value: unknown) => Buffer.from((value as string | null) ?? "", "base64");
  it.each(vectorFiles(VECTORS).map((file) => path.relative(VECTORS, file)))("%s", (name) => {
    const data = JSON.parse(fs.readFileSync(path.join(VECTORS, name), "utf8")) as Record<string, unknown>;
    const input = {
      leafIndex: data.leafIdx as number,
      treeSize: data.treeSize as number,
      leafHash: b64(data.leafHash),
      proof: ((data.proof as string[] | null) ?? []).map(b64),
      root: b64(data.root),
    };
    expect(verifyInclusionWith(browserNodeHash, input).ok).toBe(verifyInclusion(input).ok);
  });
});

const events = Array.from({ length: 13 }, (_, i) => JSON.stringify({ seq: i + 1, action: "auth.sign_out" }));
const eventHashes = events.map((event) => createHash("sha256").update(event).digest());
const leaves = eventHashes.map((hash) => leafHash(hash));
const note = (size: number) =>
  `${formatCheckpointText({ origin: "portal.test/audit-log", treeSize: size, rootHash: merkleRoot(leaves.slice(0, size)), extensions: [] })}\n\u2014 portal.test/audit-log AAAAAAE=\n`;

function auditProof(seq: number, size: number) {
  return {
    seq,
    leafIndex: seq - 1,
    treeSize: size,
    eventHash: (eventHashes[seq - 1] as Buffer).toString("hex"),
    canonicalEvent: events[seq - 1] as string,
    hashes: inclusionProof(leaves.slice(0, size), seq - 1).map((hash) => hash.toString("hex")),
    checkpoint: { signedNote: note(size) },
  };
}

describe("audit proofs checked in the browser", () => {
  it("verifies every event of a checkpoint and lists each step", () => {
    for (let seq = 1; seq <= 13; seq += 1) {
      const check = checkAuditInclusion(auditProof(seq, 13));
      expect(check.ok).toBe(true);
      expect(check.outcome?.steps).toHaveLength(auditProof(seq, 13).hashes.length);
      expect(check.signedRoot).toBe(merkleRoot(leaves).toString("hex"));
    }
  });

  it("catches an edited event, a flipped hash and a checkpoint of another size", () => {
    const proof = auditProof(5, 13);
    expect(
      checkAuditInclusion({ ...proof, canonicalEvent: proof.canonicalEvent.replace("out", "in") }),
    ).toMatchObject({
      ok: false,
      reason: /does not hash to its stored hash/,
    });
    const flipped = [
      `${proof.hashes[0]?.startsWith("0") ? "1" : "0"}${proof.hashes[0]?.slice(1)}`,
      ...proof.hashes.slice(1),
    ];
    expect(checkAuditInclusion({ ...proof, hashes: flipped })).toMatchObject({
      ok: false,
      reason: /does not lead/,
    });
    expect(checkAuditInclusion({ ...proof, checkpoint: { signedNote: note(12) } })).toMatchObject({
      ok: false,
    });
    expect(checkpointHead("garbage")).toBeNull();
  });

  it("verifies consistency between two checkpoints and refuses them swapped", () => {
    const hashes = consistencyProof(leaves, 6).map((hash) => hash.toString("hex"));
    const proof = { hashes, checkpoint1: { signedNote: note(6) }, checkpoint2: { signedNote: note(13) } };
    expect(checkConsistency(proof)).toMatchObject({ ok: true, reason: /first 6 events are unchanged/ });
    expect(
      checkConsistency({ ...proof, checkpoint1: proof.checkpoint2, checkpoint2: proof.checkpoint1 }).ok,
    ).toBe(false);
  });
});
