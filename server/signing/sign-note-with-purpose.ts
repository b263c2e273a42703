// Signs a signed note (c2sp.org/signed-note) with a purpose's active key: the format transparency logs use for
// checkpoints, which signs the note text itself (DER ECDSA P-256 over SHA-256(text), as Rekor does) rather than a
// DSSE PAE. The key ID on the signature line is Rekor's: the first four bytes of SHA-256(SPKI DER), i.e. the first
// eight hex digits of the portal's `sha256:` key id. Audited and recorded like every other signature; the record
// keeps the whole signed note so the signature can be verified again later (verify-note-with-registry.ts).

import { verify } from "node:crypto";
import type { PortalTx } from "../db/connection";
import { assembleSignedNote, noteKeyFromPublicKey, signatureLine } from "../lib/signed-note";
import { isDerEcdsaSignature } from "./ecdsa-der";
import { openSigners, recordSignature, signingFailed } from "./sign-and-record";
import { activePurposeKey, type SignWithPurposeInput } from "./sign-with-purpose";
import { publicKeyObject } from "./signature-check";

export const SIGNED_NOTE_FORMAT = "c2sp.org/signed-note";

/** What a signature record of a note keeps (its `envelope` column). */
export type RecordedSignedNote = { format: typeof SIGNED_NOTE_FORMAT; note: string };

export type SignNoteWithPurposeInput = Omit<SignWithPurposeInput, "payload"> & {
  /** the note text, ending in a newline (e.g. a checkpoint body) */
  text: string;
  /** the key name on the signature line (for a checkpoint: the log's origin) */
  keyName: string;
};

export type SignNoteWithPurposeResult = {
  signedNote: string;
  keyId: string;
  publicKeyPem: string;
  signedAt: Date;
  /** the seq of the `signing.signed` audit event */
  auditSeq: number;
};

export function isRecordedSignedNote(value: unknown): value is RecordedSignedNote {
  const record = value as Partial<RecordedSignedNote> | null;
  return record?.format === SIGNED_NOTE_FORMAT && typeof record.note === "string";
}

export async function signNoteWithPurpose(
  tx: PortalTx,
  input: SignNoteWithPurposeInput,
): Promise<SignNoteWithPurposeResult> {
  const payload = Buffer.from(input.text, "utf8");
  if (!input.text.endsWith("\n")) throw new Error("a note's text ends with a newline");
  const key = await activePurposeKey(tx, { ...input, payloadBytes: payload.length });
  const request = {
    keys: [key],
    payloadType: input.payloadType,
    payload,
    subjectDigest: input.subjectDigest ?? null,
    requester: input.requester,
    request: input.request,
    clock: input.clock,
  };
  const [signer] = await openSigners(request);
  if (!signer) throw new Error("no signer opened");
  const noteKey = noteKeyFromPublicKey(input.keyName, signer.publicKeyPem);
  if (!noteKey.ok) throw new Error(`cannot sign a note as "${input.keyName}": ${noteKey.reason}`);
  let signature: Uint8Array;
  try {
    signature = await signer.sign(payload);
    // a backend fault must not produce a checkpoint that fails later, at an auditor's desk
    if (!isDerEcdsaSignature(signature)) throw new Error("the backend returned a signature that is not DER");
    if (!verify("sha256", payload, publicKeyObject(signer.publicKeyPem), signature)) {
      throw new Error("the backend returned a signature that does not verify");
    }
  } catch (error) {
    throw signingFailed(request, error);
  }
  const signedNote = assembleSignedNote(input.text, [
    signatureLine(input.keyName, noteKey.key.keyHash, signature),
  ]);
  const signedAt = input.clock.now();
  const recorded: RecordedSignedNote = { format: SIGNED_NOTE_FORMAT, note: signedNote };
  const { auditSeq } = await recordSignature(tx, { ...request, key, signature, recorded, signedAt });
  return { signedNote, keyId: key.keyId, publicKeyPem: key.publicKeyPem, signedAt, auditSeq };
}
