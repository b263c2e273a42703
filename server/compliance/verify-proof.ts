// Whether a proof artifact is "verified": its evidence bytes are in the blob store, hash to the linked digest, and
// a DSSE envelope from a trusted key names that digest as a subject. Anything less is reported as what it is.
import type { PortalTx } from "../db/connection";
import { type BlobStore, sha256Hex } from "../evidence/blob-store";
import type { Clock } from "../lib/clock";
import type { DsseEnvelope } from "../signing/dsse";
import { envelopePayload } from "../signing/dsse";
import { parseStatement } from "../signing/in-toto";
import { verifyEnvelopeWithRegistry } from "../signing/verify-with-registry";
import type { ProofState } from "./vocabulary";

export type ProofCheck = { state: ProofState; detail: string; keyId: string | null };

export async function verifyProof(
  db: PortalTx,
  proof: { evidenceSha256: string | null; signature: unknown },
  deps: { blobs: BlobStore; clock: Clock },
): Promise<ProofCheck> {
  if (!proof.evidenceSha256)
    return { state: "not-linked", detail: "No evidence is linked yet.", keyId: null };
  const bytes = await deps.blobs.get(proof.evidenceSha256);
  if (!bytes) {
    return { state: "missing-bytes", detail: "The evidence bytes are not in the store.", keyId: null };
  }
  const actual = sha256Hex(bytes);
  if (actual !== proof.evidenceSha256) {
    return { state: "digest-mismatch", detail: `The stored bytes hash to ${actual}.`, keyId: null };
  }
  if (proof.signature === null || proof.signature === undefined) {
    return { state: "unsigned", detail: "The SHA-256 matches the stored bytes; no signature.", keyId: null };
  }
  const verification = await verifyEnvelopeWithRegistry(db, proof.signature, { clock: deps.clock });
  const keyId = verification.signatures.find((signature) => signature.ok)?.matchedKeyId ?? null;
  if (!verification.ok) return { state: "bad-signature", detail: verification.reason, keyId };
  const statement = parseStatement(envelopePayload(proof.signature as DsseEnvelope));
  const names = statement?.subject.some((subject) => subject.digest.sha256 === proof.evidenceSha256) ?? false;
  if (!names) {
    return {
      state: "bad-signature",
      detail: "The signature verifies but its statement does not name this evidence digest.",
      keyId,
    };
  }
  return { state: "verified", detail: "SHA-256 matches the stored bytes and the signature verifies.", keyId };
}
