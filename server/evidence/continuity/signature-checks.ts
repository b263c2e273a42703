// Which evidence carries signatures, and checking them again against the key registry. A DSSE envelope (an
// attestation) and a Sigstore bundle around one are verified with verifyEnvelopeWithRegistry; a release bundle
// (tar or tar.gz with SHA256SUMS.sig and/or manifest.dsse) with the release bundle verifier; the archive of an
// evidence bundle export with the offline bundle verifier (every file against SHA256SUMS and the signed manifest,
// the manifest's signature, its Merkle root), the registry's keys pinned. The time the portal
// received the evidence is passed as "observed at": the signature existed then, so a key revoked or retired
// afterwards does not turn evidence that verified on arrival into a failure (see server/signing/policy.ts).
// Evidence of other kinds carries no signature of its own: its digest is all there is to check.
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { readBundle } from "../../signing/bundle/read-bundle";
import { verifyBundleContentsWithRegistry } from "../../signing/bundle/verify-with-registry";
import { signingKeySelect } from "../../signing/keys/registry";
import { trustedKeyOf, verifyEnvelopeWithRegistry } from "../../signing/verify-with-registry";
import { keepForEvidenceBundle, verifyEvidenceBundle } from "../bundle/verify-evidence-bundle";

/** JSON envelopes are small; anything larger is not parsed (and reported, not silently skipped). */
export const MAX_SIGNED_JSON_BYTES = 16 * 1024 * 1024;

export type SignedEvidence = {
  kind: string;
  mediaType: string;
  createdAt: Date;
  /** the record is the archive of an evidence bundle export */
  bundleExport: boolean;
};

export type SignatureVerdict = { checked: false } | { checked: true; ok: boolean; reason: string };

export type SignatureCheckDeps = { prisma: PortalPrisma; clock: Clock };

type Carrier = "dsse" | "sigstore" | "release-bundle" | "evidence-bundle" | null;

export function signatureCarrier(
  evidence: Pick<SignedEvidence, "kind" | "mediaType" | "bundleExport">,
): Carrier {
  if (evidence.bundleExport) return "evidence-bundle";
  const mediaType = evidence.mediaType.toLowerCase();
  if (mediaType === "application/vnd.dsse.envelope.v1+json") return "dsse";
  if (mediaType.startsWith("application/vnd.dev.sigstore.bundle")) return "sigstore";
  if (
    evidence.kind === "RELEASE_BUNDLE" &&
    (mediaType === "application/gzip" || mediaType === "application/x-tar")
  ) {
    return "release-bundle";
  }
  return null;
}

/** How many bytes of this evidence the run keeps in memory for its signature check (0: none needed). */
export function bytesToKeep(evidence: Pick<SignedEvidence, "kind" | "mediaType" | "bundleExport">): number {
  const carrier = signatureCarrier(evidence);
  return carrier === "dsse" || carrier === "sigstore" ? MAX_SIGNED_JSON_BYTES : 0;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
}

export async function checkEvidenceSignatures(
  deps: SignatureCheckDeps,
  evidence: SignedEvidence,
  content: {
    bytes: Buffer | null;
    /** a local file of the bytes, for the archive verifiers (BlobReader.withFile) */
    withFile: <T>(use: (filePath: string) => Promise<T>) => Promise<T>;
  },
): Promise<SignatureVerdict> {
  const carrier = signatureCarrier(evidence);
  if (carrier === null) return { checked: false };
  if (carrier === "evidence-bundle") {
    const keys = await deps.prisma.signingKey.findMany({ select: signingKeySelect });
    const report = verifyEvidenceBundle(
      await content.withFile((filePath) => readBundle(filePath, { keep: keepForEvidenceBundle })),
      {
        trustedKeys: keys.map(trustedKeyOf),
        // judged as of when the portal stored the archive: the signature existed then
        clock: { now: () => evidence.createdAt },
      },
    );
    const problem = report.problems[0];
    return {
      checked: true,
      ok: report.ok,
      reason: report.ok
        ? `Evidence bundle: ${report.evidenceFiles} files, manifest signed by ${report.signedBy.join(", ") || "a trusted key"}`
        : `Evidence bundle: ${problem ? `${problem.file ? `${problem.file}: ` : ""}${problem.message}` : report.verdict}`,
    };
  }
  if (carrier === "release-bundle") {
    const report = await verifyBundleContentsWithRegistry(
      deps.prisma,
      await content.withFile((filePath) => readBundle(filePath)),
      {
        clock: deps.clock,
        observedAt: evidence.createdAt,
      },
    );
    if (report.signatures.length === 0 && !report.checksums.present && !report.manifest.present) {
      return { checked: false };
    }
    return { checked: true, ok: report.ok, reason: `Release bundle: ${report.summary}` };
  }
  if (!content.bytes) {
    return {
      checked: true,
      ok: false,
      reason: `The envelope is larger than ${MAX_SIGNED_JSON_BYTES / 1024 / 1024} MiB and was not parsed`,
    };
  }
  const document = parseJson(content.bytes);
  if (document === undefined) return { checked: true, ok: false, reason: "The envelope is not valid JSON" };
  const envelope =
    carrier === "sigstore" ? (document as { dsseEnvelope?: unknown } | null)?.dsseEnvelope : document;
  if (carrier === "sigstore" && envelope === undefined) {
    // a message-signature bundle signs an artifact that is not part of the evidence: nothing here to verify it with
    return { checked: false };
  }
  const verification = await verifyEnvelopeWithRegistry(deps.prisma, envelope, {
    clock: deps.clock,
    observedAt: evidence.createdAt,
  });
  return {
    checked: true,
    ok: verification.ok,
    reason: `${carrier === "sigstore" ? "Sigstore bundle" : "DSSE envelope"}: ${verification.reason}`,
  };
}
