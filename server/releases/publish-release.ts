// Publication, the last step after PROD: records once and for all which bundle went out (name, SHA-256 and size of
// the deterministic archive, time, publisher, target, download URL). Allowed only for a release promoted to PROD;
// a second publication is refused, by this check and, when two arrive together, by the database's unique
// constraint. A refusal records release.publication_refused and nothing else.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import { Prisma } from "../db/generated/client";
import { env } from "../env";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import type { Viewer } from "./pipeline-state";
import { archiveName, measureArchive } from "./release-archive";
import { getReleaseDetail } from "./release-views";
import { type ReleaseWebhookSender, releaseWebhookEvent } from "./release-webhook";
import { type PublishInput, type ReleaseDetail, ZPublishInput } from "./schemas";

export type PublicationContext = {
  actor: AuditActor;
  /** stored on the publication: the person or the CI token */
  publisher: { userId: string | null; name: string };
  viewer: Viewer | null;
  request?: AuditRequestMeta;
  clock: Clock;
  webhook?: ReleaseWebhookSender | undefined;
};

/** Where the portal serves a published bundle (a signed-in browser with release:read). */
export function bundleDownloadUrl(releaseId: string): string {
  return new URL(`/releases/${releaseId}/bundle`, env.AUTH_URL).toString();
}

async function refuse(
  prisma: PortalPrisma,
  context: PublicationContext,
  releaseId: string,
  error: DomainError,
): Promise<never> {
  await prisma.$transaction((tx) =>
    appendAudit(tx, {
      payload: { type: "release.publication_refused", code: error.code, reason: error.message },
      actor: context.actor,
      subject: { type: "release", id: releaseId },
      request: context.request,
      clock: context.clock,
    }),
  );
  throw error;
}

const alreadyPublished = (name: string) =>
  new DomainError("CONFLICT", `${name} is already published; a publication is written once`);

export async function publishRelease(
  prisma: PortalPrisma,
  context: PublicationContext,
  rawInput: PublishInput,
): Promise<ReleaseDetail> {
  const input = ZPublishInput.parse(rawInput);
  const release = await prisma.release.findUnique({
    where: { id: input.releaseId },
    select: {
      id: true,
      product: true,
      version: true,
      bundleDigest: true,
      verificationStatus: true,
      checksums: true,
      checksumsSignature: true,
      manifestDsse: true,
      createdAt: true,
      artifacts: { select: { path: true, sha256: true, size: true, stored: true } },
      promotions: { where: { environment: "PROD" }, select: { id: true } },
      publication: { select: { id: true } },
    },
  });
  if (!release) throw new DomainError("NOT_FOUND", "No release with this id", { releaseId: input.releaseId });
  const name = `${release.product} ${release.version}`;
  if (release.publication) await refuse(prisma, context, release.id, alreadyPublished(name));
  if (release.promotions.length === 0) {
    await refuse(
      prisma,
      context,
      release.id,
      new DomainError(
        "CONFLICT",
        `${name} has not been promoted to PROD; only a release in PROD is published`,
      ),
    );
  }

  let measured: { sha256: string; size: number };
  try {
    measured = await measureArchive(release);
  } catch (error) {
    if (error instanceof DomainError) await refuse(prisma, context, release.id, error);
    throw error;
  }
  const now = context.clock.now();
  const publication = {
    bundleName: archiveName(release),
    bundleDigest: measured.sha256,
    size: measured.size,
    target: input.target,
    downloadUrl: bundleDownloadUrl(release.id),
  };
  try {
    await prisma.$transaction(async (tx) => {
      await tx.publication.create({
        data: {
          releaseId: release.id,
          ...publication,
          size: BigInt(publication.size),
          publishedAt: now,
          publisherId: context.publisher.userId,
          publisherName: context.publisher.name,
        },
      });
      await appendAudit(tx, {
        payload: { type: "release.published", ...publication },
        actor: context.actor,
        subject: { type: "release", id: release.id },
        request: context.request,
        clock: context.clock,
      });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      await refuse(prisma, context, release.id, alreadyPublished(name));
    }
    throw error;
  }
  context.webhook?.send(
    releaseWebhookEvent({
      type: "release.published",
      at: now,
      actor: context.actor.name,
      release,
      details: {
        bundleName: publication.bundleName,
        bundleDigest: publication.bundleDigest,
        size: publication.size,
        target: publication.target,
        downloadUrl: publication.downloadUrl,
      },
    }),
  );
  return getReleaseDetail(prisma, release.id, { viewer: context.viewer, now });
}
