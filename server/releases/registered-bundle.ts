// A registered release as the bundle verifier sees it: the artifacts by digest and size (from the bytes when they
// were uploaded, as declared otherwise) and the verification files by their bytes. Registration and every later
// re-verification (the promotion gate) build it from the same stored values, so they verify the same thing.
import { createHash } from "node:crypto";
import { canonicalJson } from "../lib/canonical-json";
import {
  type BundleContents,
  type BundleFile,
  CHECKSUMS_FILE,
  CHECKSUMS_SIGNATURE_FILE,
  MANIFEST_FILE,
} from "../signing/bundle/read-bundle";

const PUBLIC_KEY_FILE = "public-key.pem";

export type RegisteredBundle = {
  product: string;
  version: string;
  /** SHA256SUMS, exactly as registered */
  checksums: string;
  /** base64 of SHA256SUMS.sig as registered (DER, or DER in base64 as cosign writes it) */
  checksumsSignature: string | null;
  /** the manifest.dsse envelope (stored as JSON; verified as its canonical JSON) */
  manifestDsse: unknown | null;
  publicKeyHint: string | null;
  artifacts: readonly { path: string; sha256: string; size: number | bigint }[];
};

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The bytes the verifier reads for manifest.dsse: canonical, so the stored JSON gives back the same bytes. */
export function manifestBytes(manifest: unknown): Buffer {
  return Buffer.from(canonicalJson(manifest), "utf8");
}

export function registeredBundleContents(bundle: RegisteredBundle): BundleContents {
  const files = new Map<string, BundleFile>();
  const metadata = new Map<string, Buffer>();
  const addMetadata = (name: string, bytes: Buffer) => {
    metadata.set(name, bytes);
    files.set(name, { name, size: bytes.length, sha256: sha256Hex(bytes) });
  };
  for (const artifact of bundle.artifacts) {
    files.set(artifact.path, { name: artifact.path, size: Number(artifact.size), sha256: artifact.sha256 });
  }
  addMetadata(CHECKSUMS_FILE, Buffer.from(bundle.checksums, "utf8"));
  if (bundle.checksumsSignature !== null) {
    addMetadata(CHECKSUMS_SIGNATURE_FILE, Buffer.from(bundle.checksumsSignature, "base64"));
  }
  if (bundle.manifestDsse !== null && bundle.manifestDsse !== undefined) {
    addMetadata(MANIFEST_FILE, manifestBytes(bundle.manifestDsse));
  }
  if (bundle.publicKeyHint !== null) addMetadata(PUBLIC_KEY_FILE, Buffer.from(bundle.publicKeyHint, "utf8"));
  return {
    source: { kind: "directory", name: `${bundle.product}-${bundle.version}` },
    files,
    metadata,
    problems: [],
  };
}
