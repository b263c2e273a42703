import { spawnSync } from "node:child_process";
import { sign } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { testSigner } from "@/test/signing";
import { manualClock } from "../lib/clock";
import { type DsseEnvelope, pae, signEnvelope, verifyEnvelope } from "./dsse";
import { derToP1363 } from "./ecdsa-der";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, parseStatement, statementPayload } from "./in-toto";

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "dsse-test-"));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

const payload = Buffer.from('{"hello":"world"}');
const TYPE = "application/vnd.portal.test+json";

function tamperSig(envelope: DsseEnvelope, index: number, change: (sig: Buffer) => Buffer): DsseEnvelope {
  return {
    ...envelope,
    signatures: envelope.signatures.map((entry, at) =>
      at === index ? { ...entry, sig: change(Buffer.from(entry.sig, "base64")).toString("base64") } : entry,
    ),
  };
}

describe("pae", () => {
  it("is the DSSE spec's encoding (the spec's own example)", () => {
    expect(pae("http://example.com/HelloWorld", Buffer.from("hello world")).toString()).toBe(
      "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
    );
  });
  it("counts bytes, not characters", () => {
    expect(pae("t\u00e9", Buffer.from("\u20ac")).toString("utf8")).toBe("DSSEv1 3 t\u00e9 3 \u20ac");
    expect(pae("", new Uint8Array()).toString()).toBe("DSSEv1 0  0 ");
  });
});

describe("signEnvelope and verifyEnvelope", () => {
  it("signs with the keyid sha256:<SPKI DER hex> and verifies", async () => {
    const { signer } = testSigner();
    const envelope = await signEnvelope(TYPE, payload, [signer]);
    expect(envelope.payloadType).toBe(TYPE);
    expect(Buffer.from(envelope.payload, "base64").equals(payload)).toBe(true);
    expect(envelope.signatures).toHaveLength(1);
    expect(envelope.signatures[0]?.keyid).toMatch(/^sha256:[0-9a-f]{64}$/);
    const report = verifyEnvelope(envelope, [{ publicKeyPem: signer.publicKeyPem }]);
    expect(report).toMatchObject({ ok: true, validSignatures: 1, flagged: false });
    expect(report.signatures[0]).toMatchObject({ status: "ok", matchedKeyId: signer.keyId });
  });

  it("openssl accepts our signature over the PAE (independent verifier)", async () => {
    const { signer } = testSigner();
    const envelope = await signEnvelope(TYPE, payload, [signer]);
    const files = {
      pub: path.join(workDir, "pub.pem"),
      sig: path.join(workDir, "sig.der"),
      pae: path.join(workDir, "pae.bin"),
    };
    fs.writeFileSync(files.pub, signer.publicKeyPem);
    fs.writeFileSync(files.sig, Buffer.from(envelope.signatures[0]?.sig ?? "", "base64"));
    fs.writeFileSync(files.pae, pae(TYPE, payload));
    const ok = spawnSync("openssl", [
      "dgst",
      "-sha256",
      "-verify",
      files.pub,
      "-signature",
      files.sig,
      files.pae,
    ]);
    expect(ok.stdout.toString().trim()).toBe("Verified OK");
    expect(ok.status).toBe(0);

    // and refuses it over the payload alone (DSSE signs the PAE, never the bare payload)
    fs.writeFileSync(files.pae, payload);
    const bare = spawnSync("openssl", [
      "dgst",
      "-sha256",
      "-verify",
      files.pub,
      "-signature",
      files.sig,
      files.pae,
    ]);
    expect(bare.status).not.toBe(0);
  });

  it("verifies a signature that openssl made over the PAE", async () => {
    const { signer, privateKey } = testSigner();
    const keyFile = path.join(workDir, "key.pem");
    fs.writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }));
    fs.writeFileSync(path.join(workDir, "pae2.bin"), pae(TYPE, payload));
    const made = spawnSync("openssl", ["dgst", "-sha256", "-sign", keyFile, path.join(workDir, "pae2.bin")]);
    expect(made.status).toBe(0);
    const envelope: DsseEnvelope = {
      payloadType: TYPE,
      payload: payload.toString("base64"),
      signatures: [{ keyid: signer.keyId, sig: made.stdout.toString("base64") }],
    };
    expect(verifyEnvelope(envelope, [{ publicKeyPem: signer.publicKeyPem }]).ok).toBe(true);
  });

  it("makes and checks multi-signature envelopes with a threshold of distinct keys", async () => {
    const a = testSigner().signer;
    const b = testSigner().signer;
    const envelope = await signEnvelope(TYPE, payload, [a, b]);
    expect(envelope.signatures.map((s) => s.keyid)).toEqual([a.keyId, b.keyId]);
    const both = [{ publicKeyPem: a.publicKeyPem }, { publicKeyPem: b.publicKeyPem }];
    expect(verifyEnvelope(envelope, both, { threshold: 2 })).toMatchObject({ ok: true, validSignatures: 2 });
    // only one of them trusted: the other is an unknown key, ignored, and one signature is not two
    const onlyA = verifyEnvelope(envelope, [{ publicKeyPem: a.publicKeyPem }], { threshold: 2 });
    expect(onlyA.ok).toBe(false);
    expect(onlyA.signatures[1]?.status).toBe("unknown_key");
    expect(onlyA.reason).toBe("1 of the required 2 trusted signatures verify");
    expect(verifyEnvelope(envelope, [{ publicKeyPem: a.publicKeyPem }]).ok).toBe(true);
    // the same key twice counts once
    const twice = {
      ...envelope,
      signatures: [envelope.signatures[0], envelope.signatures[0]],
    } as DsseEnvelope;
    expect(verifyEnvelope(twice, both, { threshold: 2 }).ok).toBe(false);
    await expect(signEnvelope(TYPE, payload, [a, a])).rejects.toThrow(/same key/);
  });

  it("rejects a P1363 (r||s) signature with a reason that says so", async () => {
    const { signer } = testSigner();
    const envelope = await signEnvelope(TYPE, payload, [signer]);
    const p1363 = tamperSig(envelope, 0, (der) => Buffer.from(derToP1363(der)));
    const report = verifyEnvelope(p1363, [{ publicKeyPem: signer.publicKeyPem }]);
    expect(report.ok).toBe(false);
    expect(report.signatures[0]?.status).toBe("not_der");
    expect(report.signatures[0]?.reason).toMatch(/IEEE P1363 \(r\|\|s\), not DER/);
  });

  it("rejects a tampered payload, payload type or signature as a bad signature", async () => {
    const { signer } = testSigner();
    const keys = [{ publicKeyPem: signer.publicKeyPem }];
    const envelope = await signEnvelope(TYPE, payload, [signer]);
    const payloadChanged = { ...envelope, payload: Buffer.from('{"hello":"w0rld"}').toString("base64") };
    const typeChanged = { ...envelope, payloadType: "application/vnd.other+json" };
    const sigChanged = tamperSig(envelope, 0, (der) => {
      const copy = Buffer.from(der);
      copy[copy.length - 1] = (copy.at(-1) ?? 0) ^ 1;
      return copy;
    });
    for (const tampered of [payloadChanged, typeChanged, sigChanged]) {
      const report = verifyEnvelope(tampered, keys);
      expect(report.ok).toBe(false);
      expect(report.signatures[0]?.status).toBe("bad_signature");
      expect(report.reason).toMatch(/does not verify with key sha256:/);
    }
  });

  it("rejects a wrong key: unknown when the keyid is not trusted, bad when the keyid is lied about", async () => {
    const signer = testSigner().signer;
    const other = testSigner().signer;
    const envelope = await signEnvelope(TYPE, payload, [signer]);
    const unknown = verifyEnvelope(envelope, [{ publicKeyPem: other.publicKeyPem }]);
    expect(unknown).toMatchObject({ ok: false, validSignatures: 0 });
    expect(unknown.signatures[0]).toMatchObject({ status: "unknown_key" });
    expect(unknown.reason).toBe("no signature verifies with a trusted key");
    const lying = {
      ...envelope,
      signatures: [{ keyid: other.keyId, sig: envelope.signatures[0]?.sig ?? "" }],
    };
    const report = verifyEnvelope(lying, [{ publicKeyPem: other.publicKeyPem }]);
    expect(report.signatures[0]?.status).toBe("bad_signature");
  });

  it("tries every trusted key when a signature names no keyid", async () => {
    const signer = testSigner().signer;
    const other = testSigner().signer;
    const envelope = await signEnvelope(TYPE, payload, [signer]);
    const anonymous = { ...envelope, signatures: [{ keyid: "", sig: envelope.signatures[0]?.sig ?? "" }] };
    const keys = [{ publicKeyPem: other.publicKeyPem }, { publicKeyPem: signer.publicKeyPem }];
    expect(verifyEnvelope(anonymous, keys).signatures[0]).toMatchObject({
      ok: true,
      matchedKeyId: signer.keyId,
    });
  });

  it("refuses an unexpected payload type and keys of another purpose", async () => {
    const { signer } = testSigner();
    const envelope = await signEnvelope(TYPE, payload, [signer]);
    const keys = [{ publicKeyPem: signer.publicKeyPem, purpose: "dev" as const }];
    const wrongType = verifyEnvelope(envelope, keys, { payloadType: IN_TOTO_PAYLOAD_TYPE });
    expect(wrongType).toMatchObject({
      ok: false,
      reason: `payload type is ${TYPE}; expected ${IN_TOTO_PAYLOAD_TYPE}`,
    });
    const wrongPurpose = verifyEnvelope(envelope, keys, { purpose: "release" });
    expect(wrongPurpose.signatures[0]).toMatchObject({ status: "wrong_purpose", ok: false });
    expect(wrongPurpose.reason).toMatch(/is a dev key; a release key is required/);
  });

  it("applies the key's validity window with the signing time it is given", async () => {
    const { signer } = testSigner();
    const envelope = await signEnvelope(TYPE, payload, [signer]);
    const clock = manualClock("2026-06-01T00:00:00Z");
    const revoked = {
      publicKeyPem: signer.publicKeyPem,
      status: "revoked" as const,
      activatedAt: new Date("2026-01-01T00:00:00Z"),
      retiredAt: null,
      revokedAt: new Date("2026-05-01T00:00:00Z"),
      revocationReason: "laptop stolen",
    };
    const before = verifyEnvelope(envelope, [revoked], {
      clock,
      observedAt: new Date("2026-04-01T00:00:00Z"),
    });
    expect(before).toMatchObject({ ok: true, flagged: true });
    expect(before.signatures[0]?.flags).toEqual(["signed_before_revocation"]);
    const unknownTime = verifyEnvelope(envelope, [revoked], { clock });
    expect(unknownTime.ok).toBe(false);
    expect(unknownTime.signatures[0]).toMatchObject({ status: "revoked_key" });
    expect(unknownTime.reason).toMatch(/laptop stolen/);
  });

  it("never throws on malformed envelopes, and says what is wrong", () => {
    const { signer } = testSigner();
    const keys = [{ publicKeyPem: signer.publicKeyPem }];
    expect(verifyEnvelope(null, keys).reason).toMatch(/not a DSSE envelope/);
    expect(verifyEnvelope({ payloadType: TYPE, payload: "%%%", signatures: [] }, keys).problems).toEqual([
      "payload is missing or not base64",
      "the envelope has no signatures",
    ]);
    const badSig = verifyEnvelope(
      { payloadType: TYPE, payload: "e30=", signatures: [{ keyid: "x", sig: "!" }] },
      keys,
    );
    expect(badSig.signatures[0]).toMatchObject({ status: "malformed", reason: "sig is not base64" });
    expect(
      verifyEnvelope(
        { payloadType: TYPE, payload: "e30=", signatures: [{ keyid: signer.keyId, sig: "AAAA" }] },
        keys,
      ).signatures[0]?.status,
    ).toBe("not_der");
    expect(verifyEnvelope(payload, [{ publicKeyPem: "not a key" }]).problems).toContain(
      "a trusted key is not a valid public key; ignored",
    );
    fc.assert(
      fc.property(fc.anything(), (input) => {
        const report = verifyEnvelope(input, keys);
        expect(report.ok).toBe(false);
        expect(typeof report.reason).toBe("string");
      }),
      { numRuns: 300 },
    );
  });

  it("refuses to emit a signature its backend made wrongly", async () => {
    const { signer, privateKey } = testSigner();
    const other = testSigner().privateKey;
    const rawBackend = {
      ...signer,
      sign: async (data: Uint8Array) => sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" }),
    };
    await expect(signEnvelope(TYPE, payload, [rawBackend])).rejects.toThrow(/not DER/);
    const wrongKey = { ...signer, sign: async (data: Uint8Array) => sign("sha256", data, other) };
    await expect(signEnvelope(TYPE, payload, [wrongKey])).rejects.toThrow(/does not verify/);
  });
});

describe("in-toto statements", () => {
  it("are canonical JSON with the v1 statement type, and read back", async () => {
    const statement = inTotoStatement({
      subject: [{ name: "portal-1.2.3.tar.gz", digest: { sha256: "a".repeat(64) } }],
      predicateType: "https://slsa.dev/provenance/v1",
      predicate: { z: 1, a: [true, null] },
    });
    const bytes = statementPayload(statement);
    expect(bytes.toString()).toBe(
      `{"_type":"https://in-toto.io/Statement/v1","predicate":{"a":[true,null],"z":1},"predicateType":"https://slsa.dev/provenance/v1","subject":[{"digest":{"sha256":"${"a".repeat(64)}"},"name":"portal-1.2.3.tar.gz"}]}`,
    );
    expect(parseStatement(bytes)).toEqual(statement);
    expect(parseStatement(Buffer.from("{}"))).toBeNull();
    expect(() =>
      inTotoStatement({
        subject: [{ name: "x", digest: { sha256: "ABC" } }],
        predicateType: "p",
        predicate: {},
      }),
    ).toThrow(/64 lower-case hex/);
  });
});
