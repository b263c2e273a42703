// Trusted public keys for offline verifiers, in two forms:
// - a JSON trust root: every key of the registry with its purpose, status and validity window (revoked keys
//   included, with time and reason), so a verifier with no network applies the same rules the portal applies
//   (see policy.ts); canonical JSON, so its SHA-256 can be compared over the phone;
// - a PEM bundle of the keys that still verify something (active and retired; never revoked), for tools that
//   take a plain key file (`openssl dgst -verify`, `cosign --key`), each key introduced by a comment line.
import { createHash } from "node:crypto";
import type { PortalTx } from "../../db/connection";
import { canonicalJson } from "../../lib/canonical-json";
import type { Clock } from "../../lib/clock";
import type { SigningKeyPurpose } from "../vocabulary";
import { signingKeySelect, toSigningKeyDto } from "./registry";
import { TRUST_ROOT_MEDIA_TYPE, type TrustRoot, ZTrustRoot } from "./trust-root-format";

export {
  TRUST_ROOT_MEDIA_TYPE,
  type TrustRoot,
  trustedKeysOf,
  ZTrustRoot,
  ZTrustRootKey,
} from "./trust-root-format";

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
