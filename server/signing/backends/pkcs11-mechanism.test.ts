// Which mechanism the adapter asks for. SoftHSM offers raw CKM_ECDSA only, so the CKM_ECDSA_SHA256 branch (tokens
// that hash themselves) cannot run on it; here a stand-in token records what it is asked and signs like a token
// would (r||s), to show the data goes to such a token unhashed and to a raw-ECDSA token as its SHA-256 digest.
import { createHash, generateKeyPairSync, verify } from "node:crypto";
import { p256 } from "@noble/curves/nist";
import pkcs11js from "pkcs11js";
import { describe, expect, it } from "vitest";
import { p1363ToDer } from "../ecdsa-der";
import { signOnSession } from "./pkcs11";
import type { Pkcs11Token } from "./pkcs11-token";

function standInToken(mechanisms: number[]) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const d = Buffer.from(privateKey.export({ format: "jwk" }).d ?? "", "base64url");
  const calls: { mechanism: number; input: Buffer }[] = [];
  let mechanism = 0;
  const lib = {
    C_SignInit: (_session: Buffer, requested: { mechanism: number }) => {
      mechanism = requested.mechanism;
    },
    C_SignAsync: async (_session: Buffer, input: Buffer) => {
      calls.push({ mechanism, input: Buffer.from(input) });
      const digest =
        mechanism === pkcs11js.CKM_ECDSA_SHA256 ? createHash("sha256").update(input).digest() : input;
      return Buffer.from(p256.sign(digest, d).toCompactRawBytes());
    },
  };
  const token = {
    pkcs11: pkcs11js,
    lib,
    mechanisms: new Set(mechanisms),
    keyHandles: new Map([["01", Buffer.from([1])]]),
  } as unknown as Pkcs11Token;
  return { token, calls, publicKey };
}

describe("PKCS#11 signing mechanism", () => {
  const data = Buffer.from("release 2.0.0");

  it("a token with CKM_ECDSA_SHA256 gets the data and hashes it itself", async () => {
    const { token, calls, publicKey } = standInToken([pkcs11js.CKM_ECDSA, pkcs11js.CKM_ECDSA_SHA256]);
    const raw = await signOnSession(token, Buffer.from([0]), "01", data);
    expect(calls).toEqual([{ mechanism: pkcs11js.CKM_ECDSA_SHA256, input: data }]);
    expect(verify("sha256", data, publicKey, p1363ToDer(raw))).toBe(true);
  });

  it("a token with raw CKM_ECDSA only gets the 32-byte SHA-256 digest computed on the host", async () => {
    const { token, calls, publicKey } = standInToken([pkcs11js.CKM_ECDSA]);
    const raw = await signOnSession(token, Buffer.from([0]), "01", data);
    expect(calls).toEqual([
      { mechanism: pkcs11js.CKM_ECDSA, input: createHash("sha256").update(data).digest() },
    ]);
    expect(verify("sha256", data, publicKey, p1363ToDer(raw))).toBe(true);
  });
});
