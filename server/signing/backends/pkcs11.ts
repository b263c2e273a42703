// Keys on a PKCS#11 token (an HSM, a smart card, SoftHSM): generated on the token, sensitive and never
// extractable, found again by their CKA_ID. The token signs; this file only hashes (when the token offers raw
// CKM_ECDSA alone, as SoftHSM does), converts the token's r||s to DER and builds the public key from CKA_EC_POINT.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Env } from "@/server/env";
import { p1363ToDer } from "../ecdsa-der";
import { keyIdOf, toSpkiPem } from "../key-id";
import { type CreatedKey, SIGNING_ALGORITHM, type Signer, type SigningBackend } from "../signer";
import { SigningBackendError } from "./backend-error";
import { decodeRef, encodeRef } from "./backend-ref";
import { p256FromPoint } from "./p256-public-key";
import { ckrOf, openPkcs11Token, type Pkcs11Token, type Pkcs11TokenConfig } from "./pkcs11-token";

export type Pkcs11BackendConfig = Pkcs11TokenConfig;

const ZPkcs11Ref = z.object({
  tokenLabel: z.string().min(1),
  /** CKA_ID, lowercase hex */
  id: z.string().regex(/^([0-9a-f]{2})+$/),
});
type Pkcs11Ref = z.infer<typeof ZPkcs11Ref>;

/** DER of the named curve P-256 (OID 1.2.840.10045.3.1.7), the value of CKA_EC_PARAMS */
export const P256_EC_PARAMS = Buffer.from("06082a8648ce3d030107", "hex");

export function createPkcs11Backend(config: Pkcs11BackendConfig): SigningBackend {
  return {
    kind: "pkcs11",
    async createKey({ label }) {
      const token = await openPkcs11Token(config);
      return generateKeyPair(token, label);
    },
    async openSigner(ref) {
      const { tokenLabel, id } = decodeRef("pkcs11", ZPkcs11Ref, ref);
      if (tokenLabel !== config.tokenLabel) {
        throw new SigningBackendError(
          "pkcs11",
          "configuration",
          `key ${id} lives on token "${tokenLabel}", but this backend is configured for "${config.tokenLabel}"`,
        );
      }
      const token = await openPkcs11Token(config);
      const publicKey = await token.withSession((session) => readPublicKey(token, session, id));
      return pkcs11Signer(config, id, publicKey);
    },
  };
}

/** The backend configured by PKCS11_* settings (the PIN read from PKCS11_PIN_FILE when that is set). */
export function pkcs11BackendFromEnv(env: Env): SigningBackend {
  return createPkcs11Backend(pkcs11ConfigFromEnv(env));
}

export function pkcs11ConfigFromEnv(env: Env): Pkcs11BackendConfig {
  if (!env.PKCS11_MODULE || !env.PKCS11_TOKEN_LABEL) {
    throw new SigningBackendError("pkcs11", "configuration", "set PKCS11_MODULE and PKCS11_TOKEN_LABEL");
  }
  let pin = env.PKCS11_PIN;
  if (env.PKCS11_PIN_FILE) {
    try {
      pin = readFileSync(env.PKCS11_PIN_FILE, "utf8").replace(/\r?\n$/, "");
    } catch (error) {
      throw new SigningBackendError(
        "pkcs11",
        "configuration",
        `cannot read PKCS11_PIN_FILE ${env.PKCS11_PIN_FILE}`,
        {
          cause: error,
        },
      );
    }
  }
  if (!pin) throw new SigningBackendError("pkcs11", "configuration", "set PKCS11_PIN or PKCS11_PIN_FILE");
  return {
    modulePath: env.PKCS11_MODULE,
    tokenLabel: env.PKCS11_TOKEN_LABEL,
    pin,
    maxSessions: env.PKCS11_MAX_SESSIONS,
  };
}

async function generateKeyPair(token: Pkcs11Token, label: string): Promise<CreatedKey> {
  const { pkcs11: k, lib } = token;
  const id = randomBytes(16);
  const common = [
    { type: k.CKA_KEY_TYPE, value: k.CKK_EC },
    { type: k.CKA_TOKEN, value: true },
    { type: k.CKA_ID, value: id },
    { type: k.CKA_LABEL, value: label },
  ];
  const publicTemplate = [
    ...common,
    { type: k.CKA_CLASS, value: k.CKO_PUBLIC_KEY },
    { type: k.CKA_PRIVATE, value: false },
    { type: k.CKA_VERIFY, value: true },
    { type: k.CKA_EC_PARAMS, value: P256_EC_PARAMS },
  ];
  const privateTemplate = [
    ...common,
    { type: k.CKA_CLASS, value: k.CKO_PRIVATE_KEY },
    { type: k.CKA_PRIVATE, value: true },
    { type: k.CKA_SENSITIVE, value: true },
    { type: k.CKA_EXTRACTABLE, value: false },
    { type: k.CKA_SIGN, value: true },
    { type: k.CKA_DERIVE, value: false },
  ];
  const idHex = id.toString("hex");
  const publicKeyPem = await token.withReadWriteSession(async (session) => {
    const pair = await lib.C_GenerateKeyPairAsync(
      session,
      { mechanism: k.CKM_EC_KEY_PAIR_GEN },
      publicTemplate,
      privateTemplate,
    );
    // a token may ignore template attributes it does not support: check what it actually made
    const [sensitive, extractable] = lib.C_GetAttributeValue(session, pair.privateKey, [
      { type: k.CKA_SENSITIVE },
      { type: k.CKA_EXTRACTABLE },
    ]);
    if (!isTrue(sensitive?.value) || isTrue(extractable?.value)) {
      lib.C_DestroyObject(session, pair.privateKey);
      lib.C_DestroyObject(session, pair.publicKey);
      throw new SigningBackendError(
        "pkcs11",
        "integrity",
        `token "${token.label}" made an extractable or non-sensitive key; it was destroyed`,
      );
    }
    return toSpkiPem(publicKeyOf(token, session, pair.publicKey, idHex));
  });
  return { ref: encodeRef<Pkcs11Ref>(ZPkcs11Ref, { tokenLabel: token.label, id: idHex }), publicKeyPem };
}

function isTrue(value: Buffer | undefined): boolean {
  return value !== undefined && value.length > 0 && value.some((byte) => byte !== 0);
}

function findObject(token: Pkcs11Token, session: Buffer, objectClass: number, idHex: string): Buffer {
  const { pkcs11: k, lib } = token;
  lib.C_FindObjectsInit(session, [
    { type: k.CKA_CLASS, value: objectClass },
    { type: k.CKA_ID, value: Buffer.from(idHex, "hex") },
  ]);
  let found: Buffer[];
  try {
    found = lib.C_FindObjects(session, 2);
  } finally {
    lib.C_FindObjectsFinal(session);
  }
  const what = objectClass === k.CKO_PRIVATE_KEY ? "private key" : "public key";
  const [handle, ...more] = found;
  if (!handle) {
    throw new SigningBackendError(
      "pkcs11",
      "not-found",
      `no ${what} with CKA_ID ${idHex} on token "${token.label}"`,
    );
  }
  if (more.length > 0) {
    throw new SigningBackendError(
      "pkcs11",
      "integrity",
      `several ${what}s share CKA_ID ${idHex} on token "${token.label}"`,
    );
  }
  return handle;
}

function publicKeyOf(token: Pkcs11Token, session: Buffer, handle: Buffer, idHex: string) {
  const { pkcs11: k, lib } = token;
  const [params, point] = lib.C_GetAttributeValue(session, handle, [
    { type: k.CKA_EC_PARAMS },
    { type: k.CKA_EC_POINT },
  ]);
  if (!params?.value.equals(P256_EC_PARAMS)) {
    throw new SigningBackendError(
      "pkcs11",
      "integrity",
      `key ${idHex} on token "${token.label}" is not a P-256 key`,
    );
  }
  return p256FromPoint(
    "pkcs11",
    unwrapEcPoint(point?.value ?? Buffer.alloc(0)),
    `CKA_EC_POINT of key ${idHex}`,
  );
}

/**
 * CKA_EC_POINT is the DER encoding of an OCTET STRING holding the point (PKCS#11 2.20 onwards: 04 41 04 X Y);
 * a few older tokens return the bare point. Both are accepted; anything else is refused.
 */
export function unwrapEcPoint(value: Buffer): Buffer {
  if (value.length === 67 && value[0] === 0x04 && value[1] === 0x41) return value.subarray(2);
  if (value.length === 65 && value[0] === 0x04) return value;
  throw new SigningBackendError(
    "pkcs11",
    "integrity",
    "CKA_EC_POINT is neither a DER OCTET STRING nor a P-256 point",
  );
}

function readPublicKey(token: Pkcs11Token, session: Buffer, idHex: string) {
  // the private key must be there (and is remembered for signing); the public key object carries the point
  token.keyHandles.set(idHex, findObject(token, session, token.pkcs11.CKO_PRIVATE_KEY, idHex));
  return publicKeyOf(token, session, findObject(token, session, token.pkcs11.CKO_PUBLIC_KEY, idHex), idHex);
}

function pkcs11Signer(
  config: Pkcs11BackendConfig,
  idHex: string,
  publicKey: ReturnType<typeof publicKeyOf>,
): Signer {
  return {
    keyId: keyIdOf(publicKey),
    algorithm: SIGNING_ALGORITHM,
    publicKeyPem: toSpkiPem(publicKey),
    backend: "pkcs11",
    async sign(data) {
      // the connection is looked up per call (a cached promise): after a token reset the next call reconnects
      try {
        const token = await openPkcs11Token(config);
        const raw = await token.withSession((session) => signOnSession(token, session, idHex, data));
        return p1363ToDer(raw);
      } catch (error) {
        if (error instanceof SigningBackendError) throw error;
        throw new SigningBackendError(
          "pkcs11",
          "provider",
          `signing with key ${idHex} on token "${config.tokenLabel}" failed: ${ckrOf(error) ?? (error as Error).message}`,
          { cause: error },
        );
      }
    },
  };
}

/** One C_SignInit + C_Sign on a session lent by the pool (no other operation can interleave on it). */
export async function signOnSession(
  token: Pkcs11Token,
  session: Buffer,
  idHex: string,
  data: Uint8Array,
): Promise<Buffer> {
  const { pkcs11: k, lib } = token;
  // the token hashes when it can; SoftHSM and many HSMs offer only raw ECDSA over a digest computed here
  const tokenHashes = token.mechanisms.has(k.CKM_ECDSA_SHA256);
  const mechanism = { mechanism: tokenHashes ? k.CKM_ECDSA_SHA256 : k.CKM_ECDSA };
  const input = tokenHashes ? Buffer.from(data) : createHash("sha256").update(data).digest();
  let key = token.keyHandles.get(idHex) ?? findObject(token, session, k.CKO_PRIVATE_KEY, idHex);
  try {
    lib.C_SignInit(session, mechanism, key);
  } catch (error) {
    const code = ckrOf(error);
    if (code !== "CKR_KEY_HANDLE_INVALID" && code !== "CKR_OBJECT_HANDLE_INVALID") throw error;
    // handles need not outlive a reconnect: look the key up again, once
    key = findObject(token, session, k.CKO_PRIVATE_KEY, idHex);
    lib.C_SignInit(session, mechanism, key);
  }
  token.keyHandles.set(idHex, key);
  const signature = await lib.C_SignAsync(session, input, Buffer.alloc(64));
  if (signature.length !== 64) {
    throw new SigningBackendError(
      "pkcs11",
      "integrity",
      `token returned ${signature.length} signature bytes, not 64`,
    );
  }
  return signature;
}
