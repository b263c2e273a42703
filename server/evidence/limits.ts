// How big evidence may be. Uploads are read into memory once (hashed, sniffed, stored), bundles are built in memory:
// the defaults keep a small server comfortable, the hard maxima bound what configuration may ask for. next.config.ts
// lets request bodies up to the hard maximum through the proxy (Next cuts longer bodies short there).
export const MIB = 1024 * 1024;

export const DEFAULT_MAX_UPLOAD_MB = 64;
export const HARD_MAX_UPLOAD_MB = 512;
/** multipart framing and the other form fields, on top of the file */
export const UPLOAD_BODY_OVERHEAD_BYTES = MIB;

export const DEFAULT_MAX_BUNDLE_MB = 256;
export const HARD_MAX_BUNDLE_MB = 2048;
export const MAX_BUNDLE_FILES = 1000;

export type EvidenceLimits = { maxUploadBytes: number; maxBundleBytes: number; maxBundleFiles: number };

export const DEFAULT_EVIDENCE_LIMITS: EvidenceLimits = {
  maxUploadBytes: DEFAULT_MAX_UPLOAD_MB * MIB,
  maxBundleBytes: DEFAULT_MAX_BUNDLE_MB * MIB,
  maxBundleFiles: MAX_BUNDLE_FILES,
};
