// Registers a release submitted by CI (or a release engineer): checks the submission, verifies the bundle against
// the key registry, and stores the release with its report, its artifacts and the audit event in one transaction.
//
// - Versions are immutable: the same product and version again with the same bundle digest (SHA-256 of SHA256SUMS)
//   is a no-op answering the release already registered; with another digest it is refused (409). The digest, not
//   the signature, decides: ECDSA signatures differ every time they are made, so a pipeline that retries a whole
//   job signs the same SHA256SUMS anew and must still get its release back.
// - A bundle the verifier fails (tampered file, bad or revoked signature, no signature) is registered as FAILED with
//   its report, for everyone to see; it can never be promoted. A signature by a key the registry does not know is
//   refused instead: that is a pipeline whose key was never registered, and refusing keeps the version free for the
//   retry once a security officer has registered the key.
// - Uploaded bytes wait in the blob store's staging area until the release is accepted; a refusal discards them.
import { createHash } from "node:crypto";
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import { Prisma } from "../db/generated/client";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import { evaluateAtRegistration } from "../policies/evaluate-at-registration";
import { verifyBundleContentsWithRegistry } from "../signing/bundle/verify-with-registry";
import type { Viewer } from "./pipeline-state";
import { registeredBundleContents } from "./registered-bundle";
import { getReleaseDetail } from "./release-views";
import { type ReleaseWebhookSender, releaseWebhookEvent } from "./release-webhook";
import type { RegistrationResult } from "./schemas";
import { checkSubmission, type ReleaseSubmission } from "./submission";
import { verificationDigest } from "./verification-digest";

export type ReleaseActorContext = {
  actor: AuditActor;
  /** stored on the release: the person, or the CI token, that registered it */
  registeredBy: { userId: string | null; tokenId: string | null; name: string };
  /** whose "waiting for me" the answer shows (null for CI) */
  viewer: Viewer | null;
  request?: AuditRequestMeta;
  clock: Clock;
  webhook?: ReleaseWebhookSender | undefined;
};

const ARTIFACT_BATCH = 1000;

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function existingOutcome(
  prisma: PortalPrisma,
  context: ReleaseActorContext,
  submission: ReleaseSubmission,
  bundleDigest: string,
): Promise<RegistrationResult | null> {
  const { product, version } = submission.meta;
  const existing = await prisma.release.findUnique({
    where: { product_version: { product, version } },
    select: { id: true, bundleDigest: true },
  });
  if (!existing) return null;
  if (existing.bundleDigest !== bundleDigest) {
    throw new DomainError(
      "CONFLICT",
      `${product} ${version} is already registered with another SHA256SUMS (bundle digest ${existing.bundleDigest}); versions are immutable: register a new version`,
      { releaseId: existing.id, bundleDigest: existing.bundleDigest },
    );
  }
  return {
    created: false,
    release: await getReleaseDetail(prisma, existing.id, {
      viewer: context.viewer,
      now: context.clock.now(),
    }),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function registerRelease(
  prisma: PortalPrisma,
  context: ReleaseActorContext,
  submission: ReleaseSubmission,
): Promise<RegistrationResult> {
  const checked = checkSubmission(submission);
  const bundleDigest = sha256Hex(submission.checksums);
  const known = await existingOutcome(prisma, context, submission, bundleDigest);
  if (known) return known;

  const now = context.clock.now();
  const { meta } = submission;
  const artifacts = submission.artifacts.map((artifact) => ({
    path: artifact.path,
    sha256: artifact.sha256,
    size: artifact.size,
    stored: artifact.staged !== null,
  }));
  const report = await verifyBundleContentsWithRegistry(
    prisma,
    registeredBundleContents({
      product: meta.product,
      version: meta.version,
      checksums: checked.checksumsText,
      checksumsSignature: checked.checksumsSignature,
      manifestDsse: checked.manifest,
      publicKeyHint: checked.publicKeyPem,
      artifacts,
    }),
    // the signatures exist now: a key revoked later does not undo what it validly signed before
    { clock: context.clock, observedAt: now },
  );
  const unknownKey = report.signatures.find((signature) => signature.status === "unknown_key");
  if (unknownKey) {
    throw new DomainError(
      "BAD_REQUEST",
      `${unknownKey.source}: ${unknownKey.reason}. Register the pipeline's release key at /keys, then register the release again`,
      { keyId: unknownKey.keyId },
    );
  }
  const digest = verificationDigest(report);
  const verificationStatus = report.ok ? "VERIFIED" : "FAILED";

  // the bytes go in before the row that says they are there; a row that then fails to commit leaves blobs that
  // nothing names, which content addressing makes harmless (the same bytes uploaded again land on them)
  await Promise.all(submission.artifacts.map((artifact) => artifact.staged?.commit()));

  let releaseId: string;
  try {
    releaseId = await prisma.$transaction(async (tx) => {
      const row = await tx.release.create({
        data: {
          product: meta.product,
          version: meta.version,
          sourceCommit: meta.sourceCommit,
          ciRunId: meta.ciRunId,
          ciRunUrl: meta.ciRunUrl ?? null,
          bundleDigest,
          checksums: checked.checksumsText,
          checksumsSignature: checked.checksumsSignature,
          manifestDsse: (checked.manifest ?? undefined) as Prisma.InputJsonValue | undefined,
          publicKeyHint: checked.publicKeyPem,
          verificationStatus,
          verificationReport: report as unknown as Prisma.InputJsonValue,
          verificationDigest: digest,
          verifiedAt: now,
          registeredById: context.registeredBy.userId,
          registeredByTokenId: context.registeredBy.tokenId,
          registeredByName: context.registeredBy.name,
          createdAt: now,
        },
        select: { id: true },
      });
      for (let start = 0; start < artifacts.length; start += ARTIFACT_BATCH) {
        await tx.releaseArtifact.createMany({
          data: artifacts
            .slice(start, start + ARTIFACT_BATCH)
            .map((artifact) => ({ ...artifact, size: BigInt(artifact.size), releaseId: row.id })),
        });
      }
      await appendAudit(tx, {
        payload: {
          type: "release.registered",
          product: meta.product,
          version: meta.version,
          bundleDigest,
          verificationStatus,
          verificationDigest: digest,
          summary: report.summary.slice(0, 1000),
          artifacts: artifacts.length,
          storedArtifacts: artifacts.filter((artifact) => artifact.stored).length,
          sourceCommit: meta.sourceCommit,
          ciRunId: meta.ciRunId,
        },
        actor: context.actor,
        subject: { type: "release", id: row.id },
        request: context.request,
        clock: context.clock,
      });
      await evaluateAtRegistration(tx, {
        releaseId: row.id,
        report,
        actor: context.actor,
        request: context.request,
        clock: context.clock,
      });
      return row.id;
    });
  } catch (error) {
    // two registrations of the same version at once: the database let one in; the other answers like a retry
    if (!isUniqueViolation(error)) throw error;
    const raced = await existingOutcome(prisma, context, submission, bundleDigest);
    if (raced) return raced;
    throw error;
  }

  const release = await getReleaseDetail(prisma, releaseId, { viewer: context.viewer, now });
  context.webhook?.send(
    releaseWebhookEvent({
      type: "release.registered",
      at: now,
      actor: context.actor.name,
      release,
      details: { summary: report.summary, artifacts: artifacts.length, ciRunId: meta.ciRunId },
    }),
  );
  return { created: true, release };
}
