import { generateKeyPairSync, sign } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  assembleSignedNote,
  keyHashHex,
  type NoteVerifierKey,
  noteKeyFromPublicKey,
  noteKeyFromVkey,
  parseSignedNote,
  signatureLine,
  verifySignedNote,
  vkeyOf,
} from "./signed-note";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/transparency");
type Vector = { source: string; vkey: string; note: string };
const vectors = JSON.parse(fs.readFileSync(path.join(FIXTURES, "signed-note-vectors.json"), "utf8")) as {
  ecdsa: Vector[];
  ed25519: Vector[];
};

function keyOf(vkey: string): NoteVerifierKey {
  const made = noteKeyFromVkey(vkey);
  if (!made.ok) throw new Error(made.reason);
  return made.key;
}

function ecdsaNoteKey(name: string) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const made = noteKeyFromPublicKey(name, publicKey);
  if (!made.ok) throw new Error(made.reason);
  return { key: made.key, sign: (text: string) => sign("sha256", Buffer.from(text), privateKey) };
}

function ed25519NoteKey(name: string) {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const made = noteKeyFromPublicKey(name, publicKey);
  if (!made.ok) throw new Error(made.reason);
  return { key: made.key, sign: (text: string) => sign(null, Buffer.from(text), privateKey) };
}

const TEXT = "example.com/log\n3\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n";

describe("real signed notes from Rekor, a Pixel log and Go's checksum database", () => {
  it.each([...vectors.ecdsa, ...vectors.ed25519])("$source", ({ vkey, note }) => {
    const key = keyOf(vkey);
    const result = verifySignedNote(note, [key]);
    expect(result).toMatchObject({ ok: true, verifiedBy: [key.name] });
    expect(result.text && note.startsWith(result.text)).toBe(true);
    // the vkey round-trips: our key hash and encoding are the ones these logs publish
    expect(vkeyOf(key)).toBe(vkey);
  });

  it.each([...vectors.ecdsa, ...vectors.ed25519])("a changed byte fails: $source", ({ vkey, note }) => {
    const changed = note.replace(/^./, (first) => (first === "X" ? "Y" : "X"));
    const result = verifySignedNote(changed, [keyOf(vkey)]);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/does not verify/);
  });

  it("ignores a signature from another key with the same name, and then has no trusted signature", () => {
    const [rekor] = vectors.ecdsa;
    const other = ecdsaNoteKey("rekor.sigstore.dev").key;
    const result = verifySignedNote(rekor?.note ?? "", [other]);
    expect(result.ok).toBe(false);
    expect(result.signatures[0]?.status).toBe("unknown_key");
    expect(result.reason).toMatch(
      /no signature from a trusted key \(the note is signed by rekor.sigstore.dev c0d23d6a\)/,
    );
  });
});

describe("signing and verifying notes made here", () => {
  it("verifies ECDSA and Ed25519 signatures on one note, and skips unknown ones", () => {
    const ecdsa = ecdsaNoteKey("example.com/log");
    const ed = ed25519NoteKey("witness.example/w1");
    const stranger = ecdsaNoteKey("someone.else");
    const note = assembleSignedNote(TEXT, [
      signatureLine(stranger.key.name, stranger.key.keyHash, stranger.sign(TEXT)),
      signatureLine(ecdsa.key.name, ecdsa.key.keyHash, ecdsa.sign(TEXT)),
      signatureLine(ed.key.name, ed.key.keyHash, ed.sign(TEXT)),
    ]);
    const result = verifySignedNote(note, [ecdsa.key, ed.key]);
    expect(result).toMatchObject({
      ok: true,
      verifiedBy: ["example.com/log", "witness.example/w1"],
      text: TEXT,
    });
    expect(result.signatures.map((check) => check.status)).toEqual(["unknown_key", "verified", "verified"]);
  });

  it("rejects the whole note when a trusted key's signature fails, even if another verifies", () => {
    const a = ecdsaNoteKey("example.com/log");
    const b = ed25519NoteKey("witness.example/w1");
    const note = assembleSignedNote(TEXT, [
      signatureLine(a.key.name, a.key.keyHash, a.sign(TEXT)),
      signatureLine(b.key.name, b.key.keyHash, b.sign("something else\n")),
    ]);
    const result = verifySignedNote(note, [a.key, b.key]);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/does not verify with the trusted key witness.example\/w1/);
  });

  it("computes Rekor's ECDSA key hash from the SPKI alone, and Go's Ed25519 key hash from name and key", () => {
    const ecdsa = ecdsaNoteKey("a");
    const renamed = noteKeyFromPublicKey("b", ecdsa.key.publicKey);
    expect(renamed.ok && renamed.key.keyHash).toBe(ecdsa.key.keyHash);
    const ed = ed25519NoteKey("a");
    const edRenamed = noteKeyFromPublicKey("b", ed.key.publicKey);
    expect(edRenamed.ok && edRenamed.key.keyHash).not.toBe(ed.key.keyHash);
    expect(keyHashHex(0x1)).toBe("00000001");
  });
});

describe("malformed notes and keys get a reason, never an exception", () => {
  const good = ecdsaNoteKey("example.com/log");
  const valid = assembleSignedNote(TEXT, [signatureLine(good.key.name, good.key.keyHash, good.sign(TEXT))]);

  it.each([
    ["empty", "", /empty/],
    ["no blank line", TEXT, /no blank line/],
    ["no signature lines", `${TEXT}\n`, /no signature lines/],
    ["no final newline", valid.slice(0, -1), /no newline/],
    ["CRLF line ends", valid.replaceAll("\n", "\r\n"), /control character \(U\+000D\): convert CRLF/],
    ["a hyphen instead of an em dash", valid.replace("\u2014", "-"), /em dash/],
    ["a name with a plus", valid.replace("example.com/log ", "example.com+log "), /not a valid key name/],
    ["bad base64", valid.replace(/ (\S+)\n$/, " not*base64\n"), /not standard base64/],
    [
      "a signature of four bytes",
      valid.replace(/ (\S+)\n$/, " AAAAAA==\n"),
      /shorter than its 4-byte key ID/,
    ],
  ])("%s", (_name, note, reason) => {
    const parsed = parseSignedNote(note);
    expect(parsed.ok).toBe(false);
    const result = verifySignedNote(note, [good.key]);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(reason);
  });

  it("refuses invalid UTF-8 and oversized notes", () => {
    expect(parseSignedNote(Uint8Array.from([0xff, 0xfe, 0x0a]))).toMatchObject({
      ok: false,
      reason: /UTF-8/,
    });
    expect(parseSignedNote(Buffer.alloc(2 * 1024 * 1024, 0x61))).toMatchObject({
      ok: false,
      reason: /larger/,
    });
  });

  it.each([
    ["two parts", "name+c0d23d6a", /looks like/],
    ["a bad hash", "name+zzzzzzzz+AQ==", /8 hex digits/],
    ["unknown type", "name+00000000+BwAAAA==", /unsupported signature type 0x07/],
    ["a short Ed25519 key", "name+00000000+AQAA", /32 bytes/],
    ["a wrong key hash", vectors.ecdsa[0]?.vkey.replace("c0d23d6a", "00000000") ?? "", /does not match/],
  ])("vkey with %s", (_name, vkey, reason) => {
    expect(noteKeyFromVkey(vkey)).toMatchObject({ ok: false, reason });
  });

  it("refuses keys it cannot verify with", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
    expect(noteKeyFromPublicKey("x", rsa)).toMatchObject({
      ok: false,
      reason: /only ECDSA P-256 and Ed25519/,
    });
    const p384 = generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey;
    expect(noteKeyFromPublicKey("x", p384)).toMatchObject({ ok: false, reason: /only P-256/ });
    expect(noteKeyFromPublicKey("x", "not a pem")).toMatchObject({ ok: false, reason: /not a public key/ });
    expect(noteKeyFromPublicKey("has space", good.key.publicKey)).toMatchObject({ ok: false });
  });
});
