// Verifies the signatures of a signed note against the key registry, with the same rules as DSSE envelopes
// (policy.ts): the key's purpose, its validity window, and the signing time the portal recorded when it made the
// signature. A signature line names its key by the first four bytes of SHA-256(SPKI DER), so the candidates are the
// registry keys whose `sha256:` key id starts with those eight hex digits.
import type { PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import { keyHashHex, parseSignedNote } from "../lib/signed-note";
import { checkSignatureBytes, failed, resolveKeys, type SignatureCheck, sha256Hex } from "./signature-check";
import { candidateKeys, recordedSigningTimes } from "./verify-with-registry";
import type { SigningKeyPurpose } from "./vocabulary";

export type NoteRegistryVerification = {
  ok: boolean;
  reason: string;
  /** the signed text (only meaningful when ok) */
  text: string | null;
  signatures: (SignatureCheck & { name: string })[];
};

export async function verifyNoteWithRegistry(
  db: PortalTx,
  note: string,
  options: { purpose?: SigningKeyPurpose; clock: Clock },
): Promise<NoteRegistryVerification> {
  const parsed = parseSignedNote(note);
  if (!parsed.ok)
    return { ok: false, reason: `malformed note: ${parsed.reason}`, text: null, signatures: [] };
  const { text, signatures: lines } = parsed.note;
  const message = Buffer.from(text, "utf8");
  const registry = await candidateKeys(db, [""], options.purpose);
  const keys = resolveKeys(registry, []);
  const signingTimes = await recordedSigningTimes(
    db,
    lines.map((line) => ({ keyId: "", signatureSha256: sha256Hex(line.signature) })),
  );
  const now = options.clock.now();
  const checks = lines.map((line, index) => {
    const prefix = `sha256:${keyHashHex(line.keyHash)}`;
    const candidates = keys.filter((key) => key.keyId.startsWith(prefix));
    const check =
      candidates.length === 0
        ? failed(
            { index, keyid: "", signatureSha256: sha256Hex(line.signature) },
            "unknown_key",
            `no ${options.purpose ?? ""}${options.purpose ? " " : ""}key in the registry has key hash ${keyHashHex(line.keyHash)}`,
          )
        : checkSignatureBytes({
            index,
            keyid: "",
            sig: line.signature,
            message,
            keys: candidates,
            context: { purpose: options.purpose, signingTimes, now },
            changed: "the note text or the signature changed",
          });
    return { ...check, name: line.name };
  });
  const failure = checks.find((check) => !check.ok && check.status !== "unknown_key");
  const valid = checks.filter((check) => check.ok);
  if (failure) return { ok: false, reason: failure.reason, text: null, signatures: checks };
  if (valid.length === 0) {
    return {
      ok: false,
      reason: checks[0]?.reason ?? "the note has no signature",
      text: null,
      signatures: checks,
    };
  }
  return { ok: true, reason: valid[0]?.reason ?? "valid", text, signatures: checks };
}
