// When does a cryptographically valid signature count? Pure rules over a key's validity window and what is known
// about when the signature was made. DSSE envelopes and detached signatures carry no trustworthy time (a time
// inside the payload is asserted by whoever holds the key, including a thief), so the time comes from evidence:
//
// - "record": the portal's own signature record (written with the signing request's audit event): the exact time;
// - "observed": the caller vouches the signature already existed then (a release registered at T): an upper bound;
// - "now": nothing else is known, but the signature exists now.
//
// Rules:
// - active key: valid (a time before activation, from a record, is outside the window);
// - retired key (rotated out): valid when the signature was made while the key was active (attestation
//   continuity), i.e. evidence time <= retiredAt; otherwise outside its validity window;
// - revoked key: a signature known to be made before the revocation time is valid but flagged; at or after it, or
//   with no evidence of an earlier time, it fails. Revocation is fail-closed at its boundary; retirement is
//   inclusive because a rotation's last act is the outgoing key endorsing its successor at the retirement instant.
import type { SigningKeyStatus } from "./vocabulary";

export type KeyValidity = {
  status: SigningKeyStatus;
  activatedAt: Date | null;
  retiredAt: Date | null;
  revokedAt: Date | null;
  revocationReason?: string | null;
};

export type SigningTimeEvidence = { at: Date; source: "record" | "observed" | "now" };

export const SIGNATURE_FLAGS = ["retired_key", "signed_before_revocation"] as const;
export type SignatureFlag = (typeof SIGNATURE_FLAGS)[number];

export type ValidityJudgement =
  | { valid: true; flags: SignatureFlag[]; note: string | null }
  | { valid: false; status: "revoked_key" | "outside_validity"; reason: string };

const iso = (date: Date) => date.toISOString();

export function judgeKeyValidity(
  key: KeyValidity,
  evidence: SigningTimeEvidence | null,
  now: Date,
): ValidityJudgement {
  const exact = evidence?.source === "record";
  const effective: SigningTimeEvidence | null =
    evidence ?? (key.status === "active" && !key.revokedAt ? { at: now, source: "now" } : null);

  if (exact && effective && key.activatedAt && effective.at < key.activatedAt) {
    return {
      valid: false,
      status: "outside_validity",
      reason: `signed at ${iso(effective.at)}, before the key was activated (${iso(key.activatedAt)})`,
    };
  }

  const flags: SignatureFlag[] = [];
  const notes: string[] = [];

  if (key.revokedAt) {
    const why = key.revocationReason ? ` (${key.revocationReason})` : "";
    if (!effective) {
      return {
        valid: false,
        status: "revoked_key",
        reason: `key revoked at ${iso(key.revokedAt)}${why}, and nothing shows this signature was made before that`,
      };
    }
    if (effective.at >= key.revokedAt) {
      return {
        valid: false,
        status: "revoked_key",
        reason: exact
          ? `signed at ${iso(effective.at)}, after the key was revoked at ${iso(key.revokedAt)}${why}`
          : `key revoked at ${iso(key.revokedAt)}${why}; the signature is only known to exist at ${iso(effective.at)}`,
      };
    }
    flags.push("signed_before_revocation");
    notes.push(`signed before the key was revoked at ${iso(key.revokedAt)}${why}`);
  }

  if (key.retiredAt) {
    if (!effective) {
      return {
        valid: false,
        status: "outside_validity",
        reason: `key retired at ${iso(key.retiredAt)}, and nothing shows this signature was made while it was active`,
      };
    }
    if (effective.at > key.retiredAt) {
      return {
        valid: false,
        status: "outside_validity",
        reason: exact
          ? `signed at ${iso(effective.at)}, after the key was retired at ${iso(key.retiredAt)}`
          : `key retired at ${iso(key.retiredAt)}; the signature is only known to exist at ${iso(effective.at)}`,
      };
    }
    flags.push("retired_key");
    notes.push(`made while the key was active; it was retired at ${iso(key.retiredAt)}`);
  }

  return { valid: true, flags, note: notes.length ? notes.join("; ") : null };
}
