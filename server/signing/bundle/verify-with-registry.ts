// Release bundle verification against the key registry: every registered key is a candidate (a key of another
// purpose reports wrong_purpose, not unknown), with its status and validity window, and signatures the portal
// made itself get their recorded signing time.
import { createHash } from "node:crypto";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { signingKeySelect } from "../keys/registry";
import { decodeBase64 } from "../signature-check";
import { recordedSigningTimes, trustedKeyOf } from "../verify-with-registry";
import type { SigningKeyPurpose } from "../vocabulary";
import { type BundleContents, CHECKSUMS_SIGNATURE_FILE, MANIFEST_FILE, readBundle } from "./read-bundle";
import type { ReleaseBundleReport } from "./report";
import { detachedSignatureBytes, verifyReleaseBundle } from "./verify-release-bundle";

export type RegistryBundleOptions = {
  purpose?: SigningKeyPurpose;
  clock: Clock;
  /** the caller vouches the bundle's signatures existed then (e.g. when the release was registered) */
  observedAt?: Date;
  allowUnlisted?: boolean;
};

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function signatureDigests(contents: BundleContents): { keyId: string; signatureSha256: string }[] {
  const digests: { keyId: string; signatureSha256: string }[] = [];
  const detached = contents.metadata.get(CHECKSUMS_SIGNATURE_FILE);
  if (detached) digests.push({ keyId: "", signatureSha256: sha256Hex(detachedSignatureBytes(detached)) });
  const manifest = contents.metadata.get(MANIFEST_FILE);
  if (manifest) {
    try {
      const envelope = JSON.parse(manifest.toString("utf8")) as {
        signatures?: { keyid?: unknown; sig?: unknown }[];
      };
      for (const entry of Array.isArray(envelope.signatures) ? envelope.signatures : []) {
        const sig = decodeBase64(entry?.sig);
        if (sig) digests.push({ keyId: "", signatureSha256: sha256Hex(sig) });
      }
    } catch {
      // reported by the verifier
    }
  }
  return digests;
}

export async function verifyBundleContentsWithRegistry(
  db: PortalTx,
  contents: BundleContents,
  options: RegistryBundleOptions,
): Promise<ReleaseBundleReport> {
  const rows = await db.signingKey.findMany({ select: signingKeySelect, orderBy: { createdAt: "asc" } });
  const signingTimes = await recordedSigningTimes(db, signatureDigests(contents));
  return verifyReleaseBundle(contents, rows.map(trustedKeyOf), {
    purpose: options.purpose ?? "release",
    signingTimes,
    observedAt: options.observedAt,
    clock: options.clock,
    allowUnlisted: options.allowUnlisted,
  });
}

/** Reads the bundle at `inputPath` (directory, .tar or .tar.gz) and verifies it against the registry. */
export async function verifyReleaseBundleWithRegistry(
  db: PortalTx,
  inputPath: string,
  options: RegistryBundleOptions,
): Promise<ReleaseBundleReport> {
  return verifyBundleContentsWithRegistry(db, await readBundle(inputPath), options);
}
