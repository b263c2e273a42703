// Trusted public keys for offline verifiers, in two forms:
// - a JSON trust root: every key of the registry with its purpose, status and validity window (revoked keys
//   included, with time and reason), so a verifier with no network applies the same rules the portal applies
//   (see policy.ts); canonical JSON, so its SHA-256 can be compared over the phone;
// - a PEM bundle of the keys that still verify something (active and retired; never revoked), for tools that
//   take a plain key file (`openssl dgst -verify`, `cosign --key`), each key introduced by a comment line.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { PortalTx } from "../../db/connection";
import { canonicalJson } from "../../lib/canonical-json";
import type { Clock } from "../../lib/clock";
import type { TrustedKey } from "../signature-check";
import { SIGNING_KEY_PURPOSES, SIGNING_KEY_STATUSES, type SigningKeyPurpose } from "../vocabulary";
import { signingKeySelect, toSigningKeyDto } from "./registry";

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

async function registryKeys(db: PortalTx, purpose?: SigningKeyPurpose) {
  const rows = await db.signingKey.findMany({
    where: purpose ? { purpose } : {},
    select: signingKeySelect,
    orderBy: [{ purpose: "asc" }, { activatedAt: "asc" }, { keyId: "asc" }],
  });
  return rows.map(toSigningKeyDto);
}

export async function exportTrustRoot(
  db: PortalTx,
  options: { clock: Clock; purpose?: SigningKeyPurpose },
): Promise<{ trustRoot: TrustRoot; json: string; sha256: string }> {
  const keys = await registryKeys(db, options.purpose);
  const trustRoot = ZTrustRoot.parse({
    mediaType: TRUST_ROOT_MEDIA_TYPE,
    generatedAt: options.clock.now().toISOString(),
    keys: keys.map((key) => ({
      keyId: key.keyId,
      purpose: key.purpose,
      algorithm: key.algorithm,
      publicKeyPem: key.publicKeyPem,
      status: key.status,
      validFrom: key.activatedAt.toISOString(),
      validUntil: key.retiredAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
      revocationReason: key.revocationReason,
      previousKeyId: key.previousKeyId,
    })),
  });
  const json = canonicalJson(trustRoot);
  return { trustRoot, json, sha256: createHash("sha256").update(json).digest("hex") };
}

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

export async function exportPemBundle(
  db: PortalTx,
  options: { clock: Clock; purpose?: SigningKeyPurpose },
): Promise<string> {
  const keys = (await registryKeys(db, options.purpose)).filter((key) => key.status !== "revoked");
  const header = [
    `# Trusted signing keys of the portal, exported ${options.clock.now().toISOString()}`,
    "# Active and retired keys (a retired key verifies only what it signed before its retirement).",
    "# Revoked keys are left out; the JSON trust root lists them with their revocation time and reason.",
  ];
  const blocks = keys.map((key) =>
    [
      `# ${key.keyId}`,
      `# purpose: ${key.purpose}, status: ${key.status}, valid from ${key.activatedAt.toISOString()}${
        key.retiredAt ? ` until ${key.retiredAt.toISOString()}` : ""
      }`,
      key.publicKeyPem.trim(),
    ].join("\n"),
  );
  return `${[header.join("\n"), ...blocks].join("\n\n")}\n`;
}
