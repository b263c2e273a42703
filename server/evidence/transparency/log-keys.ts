// Trusted log keys: parsed from what an administrator pastes (a verifier key "name+hash+base64", or a PEM public
// key with the name its signatures carry), and turned back into verifier keys when a checkpoint is checked.
import type { PortalTx } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import {
  keyHashHex,
  type NoteVerifierKey,
  noteKeyFromPublicKey,
  noteKeyFromVkey,
} from "../../lib/signed-note";

export function parseLogKey(input: { key: string; keyName?: string }): NoteVerifierKey {
  const text = input.key.trim();
  if (text.includes("-----BEGIN")) {
    if (!input.keyName) {
      throw new DomainError(
        "BAD_REQUEST",
        "a PEM key needs the key name its signatures carry (e.g. rekor.sigstore.dev)",
        {
          field: "keyName",
        },
      );
    }
    const made = noteKeyFromPublicKey(input.keyName, text);
    if (!made.ok) throw new DomainError("BAD_REQUEST", made.reason, { field: "key" });
    return made.key;
  }
  const made = noteKeyFromVkey(text);
  if (!made.ok) {
    throw new DomainError("BAD_REQUEST", `not a PEM public key or a verifier key: ${made.reason}`, {
      field: "key",
    });
  }
  if (input.keyName && input.keyName !== made.key.name) {
    throw new DomainError(
      "BAD_REQUEST",
      `the verifier key is named "${made.key.name}", not "${input.keyName}"`,
      {
        field: "keyName",
      },
    );
  }
  return made.key;
}

export function describeKey(key: NoteVerifierKey): { keyName: string; keyHash: string; algorithm: string } {
  return { keyName: key.name, keyHash: keyHashHex(key.keyHash), algorithm: key.algorithm };
}

/** The log's keys that are trusted now (not removed). */
export async function trustedKeysOf(db: PortalTx, logId: string): Promise<NoteVerifierKey[]> {
  const rows = await db.transparencyLogKey.findMany({
    where: { logId, removedAt: null },
    select: { vkey: true },
  });
  return rows.flatMap((row) => {
    const made = noteKeyFromVkey(row.vkey);
    return made.ok ? [made.key] : [];
  });
}
