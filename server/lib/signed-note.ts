// Signed notes (c2sp.org/signed-note, Go's golang.org/x/mod/sumdb/note): the envelope of transparency-log
// checkpoints (Rekor, Go's checksum database, our own audit log). A note is UTF-8 text ending in a newline, a blank
// line, then signature lines "— <key name> <base64(4-byte key ID || signature)>".
//
// Key IDs ("key hashes"), as the spec and the logs that use them define them:
//   Ed25519 (type 0x01, Go sumdb):       SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4]
//   ECDSA P-256 (type 0x02, Rekor):      SHA-256(SubjectPublicKeyInfo DER)[:4]  (no name, no type byte)
// ECDSA signatures are ASN.1 DER over SHA-256(note text), as Rekor and transparency-dev's witness make them.
//
// Pure (node:crypto only), so the offline CLI uses it as is. Nothing here throws on bad input: a malformed note, an
// unknown key or a bad signature is a verdict with a reason.
import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";

export const NOTE_SIGNATURE_DASH = "\u2014";
/** Go rejects more; the spec asks verifiers to accept at least 16. */
export const MAX_NOTE_SIGNATURES = 100;
export const MAX_NOTE_BYTES = 1024 * 1024;

export type NoteKeyAlgorithm = "ecdsa-p256-sha256" | "ed25519";

const SIGNATURE_TYPE: Record<NoteKeyAlgorithm, number> = { ed25519: 0x01, "ecdsa-p256-sha256": 0x02 };

export type NoteSignature = {
  name: string;
  /** the 4-byte key ID, big-endian, as an unsigned 32-bit number */
  keyHash: number;
  signature: Buffer;
};

export type ParsedNote = { text: string; signatures: NoteSignature[] };

export type NoteParse = { ok: true; note: ParsedNote } | { ok: false; reason: string };

/** A key a verifier trusts for notes: the (name, key ID) pair the spec matches signatures on, and the key. */
export type NoteVerifierKey = {
  name: string;
  keyHash: number;
  algorithm: NoteKeyAlgorithm;
  publicKey: KeyObject;
};

export type KeyResult = { ok: true; key: NoteVerifierKey } | { ok: false; reason: string };

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function decodeStrictBase64(text: string): Buffer | null {
  return STRICT_BASE64.test(text) ? Buffer.from(text, "base64") : null;
}

export function keyHashHex(keyHash: number): string {
  return keyHash.toString(16).padStart(8, "0");
}

/** Key names: non-empty, no Unicode spaces, no "+" (the vkey separator). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/**
 * Splits a note into its text and signature lines. The text is separated from the signatures by the LAST blank
 * line; it keeps its final newline. Checks only the syntax: no signature is verified here.
 */
export function parseSignedNote(input: string | Uint8Array): NoteParse {
  let message: string;
  if (typeof input === "string") message = input;
  else {
    if (input.length > MAX_NOTE_BYTES) return fail(`the note is larger than ${MAX_NOTE_BYTES} bytes`);
    try {
      message = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      return fail("the note is not valid UTF-8");
    }
  }
  if (Buffer.byteLength(message, "utf8") > MAX_NOTE_BYTES) {
    return fail(`the note is larger than ${MAX_NOTE_BYTES} bytes`);
  }
  if (message.length === 0) return fail("the note is empty");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the spec forbids exactly these characters
  const control = /[\u0000-\u0009\u000b-\u001f]/.exec(message);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, "0");
    return fail(
      `the note contains a control character (U+${code.toUpperCase()})${code === "000d" ? ": convert CRLF line ends to LF" : ""}`,
    );
  }
  const split = message.lastIndexOf("\n\n");
  if (split < 0) return fail("no blank line separates the text from the signatures");
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (text.length === 0 || text === "\n") return fail("the note has no text");
  if (!block.endsWith("\n")) {
    return fail(
      block.length === 0 ? "the note has no signature lines" : "the last signature line has no newline",
    );
  }
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_NOTE_SIGNATURES) return fail(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures: NoteSignature[] = [];
  for (const [index, line] of lines.entries()) {
    const parsed = parseSignatureLine(line);
    if (typeof parsed === "string") return fail(`signature line ${index + 1}: ${parsed}`);
    signatures.push(parsed);
  }
  return { ok: true, note: { text, signatures } };
}

function parseSignatureLine(line: string): NoteSignature | string {
  const prefix = `${NOTE_SIGNATURE_DASH} `;
  if (!line.startsWith(prefix)) return 'it does not start with "— " (an em dash and a space)';
  const rest = line.slice(prefix.length);
  const space = rest.indexOf(" ");
  if (space < 0) return "expected a key name and a signature separated by a space";
  const name = rest.slice(0, space);
  const encoded = rest.slice(space + 1);
  if (!isValidKeyName(name)) return `"${name}" is not a valid key name (no spaces or "+")`;
  const bytes = decodeStrictBase64(encoded);
  if (!bytes) return "the signature is not standard base64";
  if (bytes.length < 5) return "the signature is shorter than its 4-byte key ID plus one byte";
  return { name, keyHash: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

/** SHA-256(SPKI DER)[:4] for ECDSA; SHA-256(name || "\n" || 0x01 || key)[:4] for Ed25519. */
export function noteKeyHash(name: string, algorithm: NoteKeyAlgorithm, publicKey: KeyObject): number {
  const digest =
    algorithm === "ecdsa-p256-sha256"
      ? createHash("sha256").update(spkiOf(publicKey)).digest()
      : createHash("sha256")
          .update(name, "utf8")
          .update(Buffer.from([0x0a, SIGNATURE_TYPE.ed25519]))
          .update(rawEd25519(publicKey))
          .digest();
  return digest.readUInt32BE(0);
}

function spkiOf(key: KeyObject): Buffer {
  return key.export({ type: "spki", format: "der" });
}

function rawEd25519(key: KeyObject): Buffer {
  // the SPKI of an Ed25519 key is a fixed 12-byte header followed by the 32-byte key
  return spkiOf(key).subarray(-32);
}

function algorithmOf(key: KeyObject): NoteKeyAlgorithm | string {
  if (key.type !== "public") return "not a public key";
  if (key.asymmetricKeyType === "ed25519") return "ed25519";
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === "prime256v1"
      ? "ecdsa-p256-sha256"
      : `ECDSA on ${curve ?? "an unknown curve"} (only P-256)`;
  }
  return `a ${key.asymmetricKeyType ?? "unknown"} key (only ECDSA P-256 and Ed25519)`;
}

/** A verifier key from a public key (PEM or SPKI DER) and the name its signatures carry. */
export function noteKeyFromPublicKey(name: string, publicKey: string | Uint8Array | KeyObject): KeyResult {
  if (!isValidKeyName(name)) return fail(`"${name}" is not a valid key name (no spaces or "+")`);
  let key: KeyObject;
  try {
    key =
      typeof publicKey === "string"
        ? createPublicKey(publicKey)
        : publicKey instanceof Uint8Array
          ? createPublicKey({ key: Buffer.from(publicKey), format: "der", type: "spki" })
          : publicKey;
  } catch {
    return fail("not a public key (expected a PEM or DER SubjectPublicKeyInfo)");
  }
  const algorithm = algorithmOf(key);
  if (algorithm !== "ed25519" && algorithm !== "ecdsa-p256-sha256") {
    return fail(`unsupported key: ${algorithm}`);
  }
  return { ok: true, key: { name, algorithm, publicKey: key, keyHash: noteKeyHash(name, algorithm, key) } };
}

/**
 * A verifier key from its text form "<name>+<hex key ID>+<base64(type || key)>" (Go's vkey; transparency-dev uses
 * the same with type 0x02 and an SPKI DER for ECDSA). The stated key ID must match the key.
 */
export function noteKeyFromVkey(vkey: string): KeyResult {
  // the base64 material may itself contain "+": only the first two separate fields
  const text = vkey.trim();
  const first = text.indexOf("+");
  const second = first < 0 ? -1 : text.indexOf("+", first + 1);
  if (second < 0) return fail('a verifier key looks like "name+hash+base64"');
  const name = text.slice(0, first);
  const hashText = text.slice(first + 1, second);
  const material = text.slice(second + 1);
  if (!/^[0-9a-fA-F]{8}$/.test(hashText)) return fail("the key hash must be 8 hex digits");
  const bytes = decodeStrictBase64(material);
  if (!bytes || bytes.length < 2) return fail("the key material is not base64");
  const type = bytes[0];
  const body = bytes.subarray(1);
  let publicKey: KeyObject;
  try {
    if (type === SIGNATURE_TYPE.ed25519) {
      if (body.length !== 32) return fail(`an Ed25519 key is 32 bytes, got ${body.length}`);
      publicKey = createPublicKey({
        key: { kty: "OKP", crv: "Ed25519", x: body.toString("base64url") },
        format: "jwk",
      });
    } else if (type === SIGNATURE_TYPE["ecdsa-p256-sha256"]) {
      publicKey = createPublicKey({ key: body, format: "der", type: "spki" });
    } else {
      return fail(`unsupported signature type 0x${(type ?? 0).toString(16).padStart(2, "0")}`);
    }
  } catch {
    return fail("the key material is not a valid public key");
  }
  const made = noteKeyFromPublicKey(name, publicKey);
  if (!made.ok) return made;
  if (made.key.keyHash !== Number.parseInt(hashText, 16)) {
    return fail(
      `the key hash ${hashText.toLowerCase()} does not match the key (${keyHashHex(made.key.keyHash)})`,
    );
  }
  return made;
}

/** The vkey text of a verifier key (what Go's GOSUMDB and transparency-dev witnesses are configured with). */
export function vkeyOf(key: NoteVerifierKey): string {
  const material = key.algorithm === "ed25519" ? rawEd25519(key.publicKey) : spkiOf(key.publicKey);
  const typed = Buffer.concat([Buffer.from([SIGNATURE_TYPE[key.algorithm]]), material]);
  return `${key.name}+${keyHashHex(key.keyHash)}+${typed.toString("base64")}`;
}

export function signatureLine(name: string, keyHash: number, signature: Uint8Array): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(keyHash >>> 0, 0);
  return `${NOTE_SIGNATURE_DASH} ${name} ${Buffer.concat([id, Buffer.from(signature)]).toString("base64")}\n`;
}

/** text (ending in a newline) + blank line + signature lines */
export function assembleSignedNote(text: string, signatureLines: readonly string[]): string {
  if (!text.endsWith("\n")) throw new Error("note text must end with a newline");
  return `${text}\n${signatureLines.join("")}`;
}

export type NoteSignatureStatus = "verified" | "unknown_key" | "bad_signature";

export type NoteSignatureCheck = {
  index: number;
  name: string;
  keyHash: string;
  status: NoteSignatureStatus;
  /** the trusted key's algorithm when name and key ID matched one */
  algorithm: NoteKeyAlgorithm | null;
  reason: string;
};

export type NoteVerification = {
  ok: boolean;
  reason: string;
  /** the signed text; only meaningful when ok */
  text: string | null;
  /** key names whose signatures verified */
  verifiedBy: string[];
  signatures: NoteSignatureCheck[];
};

/**
 * The spec's rules: signatures from unknown (name, key ID) pairs are ignored; a known key's signature must verify,
 * and one that does not rejects the whole note; at least one known key must have signed.
 */
export function verifySignedNote(
  input: string | Uint8Array,
  trustedKeys: readonly NoteVerifierKey[],
): NoteVerification {
  const parsed = parseSignedNote(input);
  if (!parsed.ok) {
    return {
      ok: false,
      reason: `malformed note: ${parsed.reason}`,
      text: null,
      verifiedBy: [],
      signatures: [],
    };
  }
  const message = Buffer.from(parsed.note.text, "utf8");
  const checks = parsed.note.signatures.map((signature, index): NoteSignatureCheck => {
    const base = { index, name: signature.name, keyHash: keyHashHex(signature.keyHash) };
    const key = trustedKeys.find(
      (candidate) => candidate.name === signature.name && candidate.keyHash === signature.keyHash,
    );
    if (!key) {
      return {
        ...base,
        status: "unknown_key",
        algorithm: null,
        reason: `no trusted key ${signature.name} ${base.keyHash}`,
      };
    }
    return verifiesWith(key, message, signature.signature)
      ? {
          ...base,
          status: "verified",
          algorithm: key.algorithm,
          reason: `verified with ${key.algorithm} key ${key.name}`,
        }
      : {
          ...base,
          status: "bad_signature",
          algorithm: key.algorithm,
          reason: `the signature does not verify with the trusted key ${key.name} ${base.keyHash} (the text or the signature changed)`,
        };
  });
  const bad = checks.find((check) => check.status === "bad_signature");
  const verified = checks.filter((check) => check.status === "verified");
  const verifiedBy = [...new Set(verified.map((check) => check.name))];
  if (bad) return { ok: false, reason: bad.reason, text: null, verifiedBy: [], signatures: checks };
  if (verified.length === 0) {
    const names = [...new Set(checks.map((check) => `${check.name} ${check.keyHash}`))].join(", ");
    return {
      ok: false,
      reason: `no signature from a trusted key (the note is signed by ${names})`,
      text: null,
      verifiedBy: [],
      signatures: checks,
    };
  }
  return {
    ok: true,
    reason: `signed by ${verifiedBy.join(", ")}`,
    text: parsed.note.text,
    verifiedBy,
    signatures: checks,
  };
}

function verifiesWith(key: NoteVerifierKey, message: Buffer, signature: Buffer): boolean {
  try {
    return key.algorithm === "ed25519"
      ? verify(null, message, key.publicKey, signature)
      : verify("sha256", message, { key: key.publicKey, dsaEncoding: "der" }, signature);
  } catch {
    return false;
  }
}
