// Rebuilds what the bundle verifier reads from a registered release: the stored SHA256SUMS, its detached
// signature and manifest.dsse as they were registered, and every artifact's recorded digest and size. The
// promotion gate verifies this again against the key registry as it is now, so a key revoked since registration,
// or a row edited behind the portal's back, stops the promotion (artifact bytes were hashed at registration; the
// registered digests are what approvals are bound to and what moves from environment to environment).
import { createHash } from "node:crypto";
import {
  type BundleContents,
  type BundleFile,
  CHECKSUMS_FILE,
  CHECKSUMS_SIGNATURE_FILE,
  MANIFEST_FILE,
} from "../../signing/bundle/read-bundle";

export type RegisteredBundle = {
  product: string;
  version: string;
  checksums: string;
  checksumsSignature: string | null;
  manifestDsse: unknown;
  artifacts: readonly { path: string; sha256: string; size: bigint | number }[];
};

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export function bundleContentsOf(release: RegisteredBundle): BundleContents {
  const files = new Map<string, BundleFile>();
  const metadata = new Map<string, Buffer>();
  const problems: string[] = [];
  const addMetadata = (name: string, bytes: Buffer) => {
    metadata.set(name, bytes);
    files.set(name, { name, size: bytes.length, sha256: sha256Hex(bytes) });
  };
  addMetadata(CHECKSUMS_FILE, Buffer.from(release.checksums, "utf8"));
  if (release.checksumsSignature !== null) {
    const signature = Buffer.from(release.checksumsSignature, "base64");
    if (signature.length === 0) problems.push("the registered SHA256SUMS.sig is empty or not base64");
    addMetadata(CHECKSUMS_SIGNATURE_FILE, signature);
  }
  if (release.manifestDsse !== null && release.manifestDsse !== undefined) {
    addMetadata(MANIFEST_FILE, Buffer.from(JSON.stringify(release.manifestDsse), "utf8"));
  }
  for (const artifact of release.artifacts) {
    files.set(artifact.path, { name: artifact.path, size: Number(artifact.size), sha256: artifact.sha256 });
  }
  return {
    source: { kind: "directory", name: `${release.product}-${release.version}` },
    files,
    metadata,
    problems,
  };
}
