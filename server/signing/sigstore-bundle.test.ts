// Independence check: sigstore-js's own verifier (not our code) accepts our envelopes, with the public key given
// as trust material offline, and refuses the P1363-encoded, tampered and wrong-key variants.

import { createPublicKey } from "node:crypto";
import { bundleFromJSON } from "@sigstore/bundle";
import { type TrustMaterial, toSignedEntity, Verifier } from "@sigstore/verify";
import { describe, expect, it } from "vitest";
import { testSigner } from "@/test/signing";
import { type DsseEnvelope, signEnvelope } from "./dsse";
import { derToP1363 } from "./ecdsa-der";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, statementPayload } from "./in-toto";
import { toSigstoreBundle } from "./sigstore-bundle";

function trustMaterial(keys: Record<string, string>): TrustMaterial {
  return {
    certificateAuthorities: [],
    timestampAuthorities: [],
    tlogs: [],
    ctlogs: [],
    publicKey: (hint) => {
      const pem = keys[hint];
      if (!pem) throw new Error(`no trusted key for hint ${hint}`);
      return { publicKey: createPublicKey(pem), validFor: () => true };
    },
  };
}

// keyful and offline: no transparency log entry, no timestamp authority
const verifier = (keys: Record<string, string>) =>
  new Verifier(trustMaterial(keys), { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });

const verifyBundle = (json: unknown, keys: Record<string, string>) =>
  verifier(keys).verify(toSignedEntity(bundleFromJSON(json)));

const statement = inTotoStatement({
  subject: [{ name: "portal-2.0.0.tar.gz", digest: { sha256: "ab".repeat(32) } }],
  predicateType: "https://slsa.dev/provenance/v1",
  predicate: { buildType: "test" },
});

describe("our envelopes as sigstore v0.3 bundles", () => {
  it("are accepted by @sigstore/verify's Verifier with our key as trust material", async () => {
    const { signer } = testSigner();
    const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, statementPayload(statement), [signer]);
    const bundle = toSigstoreBundle(envelope, signer.keyId);
    const result = verifyBundle(bundle, { [signer.keyId]: signer.publicKeyPem });
    expect(result.key.export({ type: "spki", format: "pem" })).toBe(signer.publicKeyPem);
  });

  it("each signature of a multi-signature envelope verifies as its own bundle", async () => {
    const a = testSigner().signer;
    const b = testSigner().signer;
    const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, statementPayload(statement), [a, b]);
    const keys = { [a.keyId]: a.publicKeyPem, [b.keyId]: b.publicKeyPem };
    expect(() => verifyBundle(toSigstoreBundle(envelope, a.keyId), keys)).not.toThrow();
    expect(() => verifyBundle(toSigstoreBundle(envelope, b.keyId), keys)).not.toThrow();
  });

  it("are refused when P1363-encoded, tampered, or checked against another key", async () => {
    const { signer } = testSigner();
    const other = testSigner().signer;
    const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, statementPayload(statement), [signer]);
    const keys = { [signer.keyId]: signer.publicKeyPem };
    const withSig = (sig: Buffer): DsseEnvelope => ({
      ...envelope,
      signatures: [{ keyid: signer.keyId, sig: sig.toString("base64") }],
    });
    const der = Buffer.from(envelope.signatures[0]?.sig ?? "", "base64");

    const p1363 = toSigstoreBundle(withSig(Buffer.from(derToP1363(der))), signer.keyId);
    expect(() => verifyBundle(p1363, keys)).toThrow(/signature verification failed/);

    const tampered = toSigstoreBundle(
      { ...envelope, payload: Buffer.from('{"_type":"forged"}').toString("base64") },
      signer.keyId,
    );
    expect(() => verifyBundle(tampered, keys)).toThrow(/signature verification failed/);

    const wrongKey = { [signer.keyId]: other.publicKeyPem };
    expect(() => verifyBundle(toSigstoreBundle(envelope, signer.keyId), wrongKey)).toThrow(
      /signature verification failed/,
    );
  });
});
