// The software keystore: P-256 keys made by node:crypto, kept in the registry's backend ref as PKCS#8 DER sealed
// with AES-256-GCM under the configured key-encryption key (the ref never holds a plaintext key), or read from a
// PEM key file in the configured key directory. The default backend for demo and development; production sites
// with an HSM or KMS use those backends instead.
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DomainError } from "../../lib/domain-error";
import { keyIdOf, toSpkiPem } from "../key-id";
import { type CreatedKey, SIGNING_ALGORITHM, type Signer, type SigningBackend } from "../signer";
import { type Kek, kekOf } from "./kek";

export type SoftwareBackendOptions = {
  /** 32-byte key-encryption key; without it only key files can be used */
  kek: Buffer | null;
  /** directory of PEM private keys that may be loaded by file name */
  keyDir?: string | null;
  keyFilePassphrase?: string | null;
};

export type SoftwareBackend = SigningBackend & {
  readonly kekId: string | null;
  readonly keyDir: string | null;
  /** PEM files in the key directory that could be registered (names only) */
  listKeyFiles(): string[];
  /** registers a PEM key file (by its name inside the key directory) as a key of this backend */
  importKeyFile(fileName: string): Promise<CreatedKey>;
  /**
   * Shamir escrow only: the PKCS#8 DER of the key behind `ref`, to be split into shares at once and zeroed by
   * the caller. Nothing else reads private key material out of the keystore.
   */
  exportForEscrow(ref: string): Buffer;
  /** Escrow recovery: seals a rebuilt private key (PKCS#8 DER) under the configured key-encryption key. */
  sealRecovered(pkcs8: Buffer): CreatedKey & { keyId: string; kekId: string };
};

const ZKeyId = z.string().regex(/^sha256:[0-9a-f]{64}$/);
const ZDatabaseRef = z.object({
  v: z.literal(1),
  store: z.literal("database"),
  keyId: ZKeyId,
  kek: z.string(),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
});
const ZFileRef = z.object({ v: z.literal(1), store: z.literal("file"), keyId: ZKeyId, file: z.string() });
const ZSoftwareRef = z.discriminatedUnion("store", [ZDatabaseRef, ZFileRef]);
type DatabaseRef = z.infer<typeof ZDatabaseRef>;

// The key id is bound into the authenticated data: a ciphertext moved to another key's row fails to open.
const aadOf = (keyId: string) => Buffer.from(`portal/software-signing-key/v1\0${keyId}`, "utf8");
const CACHE_LIMIT = 256;

function notConfigured(message: string): DomainError {
  return new DomainError("PRECONDITION_FAILED", message);
}

function assertP256(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new DomainError("BAD_REQUEST", `${what} is not an ECDSA P-256 private key`);
  }
}

function seal(kek: Kek, privateKey: KeyObject, keyId: string): DatabaseRef {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", kek.key, iv);
  cipher.setAAD(aadOf(keyId));
  const plaintext = privateKey.export({ type: "pkcs8", format: "der" });
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  plaintext.fill(0);
  return {
    v: 1,
    store: "database",
    keyId,
    kek: kek.id,
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    ciphertext: ciphertext.toString("base64"),
  };
}

function unseal(kek: Kek | null, ref: DatabaseRef): KeyObject {
  if (!kek) {
    throw notConfigured(
      `software key ${ref.keyId} is encrypted under ${ref.kek}, and no key-encryption key is configured (SIGNING_KEK or SIGNING_KEK_FILE)`,
    );
  }
  if (ref.kek !== kek.id) {
    throw notConfigured(
      `software key ${ref.keyId} is encrypted under ${ref.kek}, but the configured key-encryption key is ${kek.id}: configure the key-encryption key it was created with`,
    );
  }
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-gcm", kek.key, Buffer.from(ref.iv, "base64"));
    decipher.setAAD(aadOf(ref.keyId));
    decipher.setAuthTag(Buffer.from(ref.tag, "base64"));
    plaintext = Buffer.concat([decipher.update(Buffer.from(ref.ciphertext, "base64")), decipher.final()]);
  } catch {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `software key ${ref.keyId} cannot be decrypted: its stored ciphertext was altered or belongs to another key`,
    );
  }
  try {
    return createPrivateKey({ key: plaintext, format: "der", type: "pkcs8" });
  } finally {
    plaintext.fill(0);
  }
}

function signerFor(privateKey: KeyObject): Signer {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    algorithm: SIGNING_ALGORITHM,
    publicKeyPem: toSpkiPem(publicKey),
    backend: "software",
    // dsaEncoding "der" is node's default; said explicitly because DSSE verifiers accept nothing else
    sign: async (data) => sign("sha256", data, { key: privateKey, dsaEncoding: "der" }),
  };
}

export function createSoftwareBackend(options: SoftwareBackendOptions): SoftwareBackend {
  const kek = options.kek ? kekOf(options.kek) : null;
  const keyDir = options.keyDir ? path.resolve(options.keyDir) : null;
  // Parsing a key per signature costs ~20x the signature itself: keep opened signers (bounded, by ref).
  const signers = new Map<string, Signer>();

  function keyFilePath(fileName: string): string {
    if (!keyDir) {
      throw notConfigured("no key directory is configured for software key files (SIGNING_KEY_DIR)");
    }
    if (!/^[\w.-]+$/.test(fileName) || fileName.startsWith(".")) {
      throw new DomainError("BAD_REQUEST", "a key file is named by its file name inside the key directory");
    }
    return path.join(keyDir, fileName);
  }

  function readKeyFile(fileName: string): KeyObject {
    const file = keyFilePath(fileName);
    let pem: string;
    try {
      pem = fs.readFileSync(file, "utf8");
    } catch {
      throw new DomainError("NOT_FOUND", `key file ${fileName} cannot be read in the key directory`);
    }
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: pem, format: "pem", passphrase: options.keyFilePassphrase ?? undefined });
    } catch {
      throw new DomainError(
        "BAD_REQUEST",
        `key file ${fileName} is not a PEM private key (or needs SIGNING_KEY_FILE_PASSPHRASE)`,
      );
    }
    assertP256(key, `key file ${fileName}`);
    return key;
  }

  function privateKeyOf(ref: string): { privateKey: KeyObject; keyId: string } {
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(ref);
    } catch {
      parsedJson = null;
    }
    const parsed = ZSoftwareRef.safeParse(parsedJson);
    if (!parsed.success) throw new DomainError("BAD_REQUEST", "not a software keystore reference");
    const privateKey =
      parsed.data.store === "database" ? unseal(kek, parsed.data) : readKeyFile(parsed.data.file);
    return { privateKey, keyId: parsed.data.keyId };
  }

  function open(ref: string): Signer {
    const { privateKey, keyId } = privateKeyOf(ref);
    const signer = signerFor(privateKey);
    if (signer.keyId !== keyId) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        `software key reference names ${keyId}, but the key it opens is ${signer.keyId}`,
      );
    }
    return signer;
  }

  return {
    kind: "software",
    kekId: kek?.id ?? null,
    keyDir,

    listKeyFiles() {
      if (!keyDir) return [];
      try {
        return fs
          .readdirSync(keyDir, { withFileTypes: true })
          .filter((entry) => entry.isFile() && /^[\w-][\w.-]*\.(pem|key)$/.test(entry.name))
          .map((entry) => entry.name)
          .sort();
      } catch {
        return [];
      }
    },

    async createKey() {
      if (!kek) {
        throw notConfigured(
          "the software signing backend has no key-encryption key: set SIGNING_KEK or SIGNING_KEK_FILE",
        );
      }
      const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const keyId = keyIdOf(publicKey);
      return { ref: JSON.stringify(seal(kek, privateKey, keyId)), publicKeyPem: toSpkiPem(publicKey) };
    },

    async importKeyFile(fileName) {
      const key = readKeyFile(fileName);
      const publicKey = createPublicKey(key);
      const keyId = keyIdOf(publicKey);
      return {
        ref: JSON.stringify({ v: 1, store: "file", keyId, file: fileName }),
        publicKeyPem: toSpkiPem(publicKey),
      };
    },

    exportForEscrow(ref) {
      const { privateKey, keyId } = privateKeyOf(ref);
      if (keyIdOf(createPublicKey(privateKey)) !== keyId) {
        throw new DomainError(
          "PRECONDITION_FAILED",
          `software key reference names ${keyId}, but opens another key`,
        );
      }
      return privateKey.export({ type: "pkcs8", format: "der" });
    },

    sealRecovered(pkcs8) {
      if (!kek) {
        throw notConfigured(
          "the software signing backend has no key-encryption key to seal the recovered key under: set SIGNING_KEK or SIGNING_KEK_FILE",
        );
      }
      let privateKey: KeyObject;
      try {
        privateKey = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
      } catch {
        throw new DomainError("BAD_REQUEST", "the recovered secret is not a private key");
      }
      assertP256(privateKey, "the recovered key");
      const publicKey = createPublicKey(privateKey);
      const keyId = keyIdOf(publicKey);
      return {
        ref: JSON.stringify(seal(kek, privateKey, keyId)),
        publicKeyPem: toSpkiPem(publicKey),
        keyId,
        kekId: kek.id,
      };
    },

    async openSigner(ref) {
      const cached = signers.get(ref);
      if (cached) return cached;
      const signer = open(ref);
      if (signers.size >= CACHE_LIMIT) {
        const oldest = signers.keys().next().value;
        if (oldest !== undefined) signers.delete(oldest);
      }
      signers.set(ref, signer);
      return signer;
    },
  };
}
