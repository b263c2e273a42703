import { generateKeyPairSync, sign, verify } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derToP1363, isDerEcdsaSignature, p1363ToDer } from "./ecdsa-der";

describe("ECDSA signature encodings", () => {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });

  it("converts node's P1363 signatures to DER that node verifies as DER, and back", () => {
    for (let i = 0; i < 50; i++) {
      const data = Buffer.from(`message ${i}`);
      const raw = sign("sha256", data, { key: privateKey, dsaEncoding: "ieee-p1363" });
      const der = p1363ToDer(raw);
      expect(verify("sha256", data, publicKey, der)).toBe(true);
      expect(Buffer.from(derToP1363(der))).toEqual(raw);
    }
  });

  it("round-trips any 64-byte value with non-zero halves", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (raw) => {
        fc.pre(raw.subarray(0, 32).some((b) => b !== 0) && raw.subarray(32).some((b) => b !== 0));
        expect(Buffer.from(derToP1363(p1363ToDer(raw)))).toEqual(Buffer.from(raw));
      }),
    );
  });

  it("rejects P1363 bytes, trailing garbage and truncation when DER is required", () => {
    const raw = sign("sha256", Buffer.from("x"), { key: privateKey, dsaEncoding: "ieee-p1363" });
    const der = Buffer.from(p1363ToDer(raw));
    expect(isDerEcdsaSignature(raw)).toBe(false);
    expect(isDerEcdsaSignature(Buffer.concat([der, Buffer.from([0])]))).toBe(false);
    expect(isDerEcdsaSignature(der.subarray(0, der.length - 1))).toBe(false);
    expect(isDerEcdsaSignature(der)).toBe(true);
    expect(() => p1363ToDer(raw.subarray(1))).toThrow(/64 bytes/);
  });
});
