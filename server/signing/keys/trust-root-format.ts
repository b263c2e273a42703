// The JSON trust root's format and how a verifier reads it: no database, so the offline verifier (server/cli) can
// use it as well as the portal.
import { z } from "zod";
import type { TrustedKey } from "../signature-check";
import { SIGNING_KEY_PURPOSES, SIGNING_KEY_STATUSES } from "../vocabulary";

export const TRUST_ROOT_MEDIA_TYPE = "application/vnd.portal.trust-root+json;version=1";

export const ZTrustRootKey = z.object({
  keyId: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  purpose: z.enum(SIGNING_KEY_PURPOSES),
  algorithm: z.string(),
  publicKeyPem: z.string(),
  status: z.enum(SIGNING_KEY_STATUSES),
  validFrom: z.iso.datetime(),
  /** end of the validity window of a retired key (signatures made up to then count) */
  validUntil: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  revocationReason: z.string().nullable(),
  previousKeyId: z.string().nullable(),
});

export const ZTrustRoot = z.object({
  mediaType: z.literal(TRUST_ROOT_MEDIA_TYPE),
  generatedAt: z.iso.datetime(),
  keys: z.array(ZTrustRootKey),
});
export type TrustRoot = z.infer<typeof ZTrustRoot>;

/** The keys of a trust root as a verifier takes them (verifyEnvelope, verifyReleaseBundle). */
export function trustedKeysOf(trustRoot: unknown): TrustedKey[] {
  return ZTrustRoot.parse(trustRoot).keys.map((key) => ({
    keyId: key.keyId,
    publicKeyPem: key.publicKeyPem,
    purpose: key.purpose,
    status: key.status,
    activatedAt: new Date(key.validFrom),
    retiredAt: key.validUntil ? new Date(key.validUntil) : null,
    revokedAt: key.revokedAt ? new Date(key.revokedAt) : null,
    revocationReason: key.revocationReason,
  }));
}
