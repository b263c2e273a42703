// Releases as the UI and the REST API see them: rows read with what their lanes need (promotions, requests with
// their approvals, the environment policies), mapped to plain DTOs. The lane and "waiting for me" come from
// pipeline-state.ts, the one place that decides them.
import type { PortalTx } from "../db/connection";
import type { Prisma } from "../db/generated/client";
import { DomainError } from "../lib/domain-error";
import { type ReleaseBundleReport, ZReleaseBundleReport } from "../signing/bundle/report";
import {
  furthestEnvironment,
  isWaitingFor,
  type PolicyFacts,
  parseRequiredApprovals,
  pipelineStages,
  type RequestFacts,
  type Viewer,
} from "./pipeline-state";
import type { ReleaseDetail, ReleaseListItem } from "./schemas";
import { ENVIRONMENTS, type Environment, isEnvironment, type VerificationStatus } from "./vocabulary";

export async function loadPolicies(db: PortalTx): Promise<PolicyFacts[]> {
  const rows = await db.environmentPolicy.findMany({ orderBy: { position: "asc" } });
  return rows.flatMap((row) =>
    isEnvironment(row.environment)
      ? [
          {
            environment: row.environment,
            position: row.position,
            requiredApprovals: parseRequiredApprovals(row.requiredApprovals),
          },
        ]
      : [],
  );
}

const requestSelect = {
  id: true,
  environment: true,
  status: true,
  requestedById: true,
  requestedAt: true,
  expiresAt: true,
  bundleDigest: true,
  verificationDigest: true,
  approvals: {
    select: { approverId: true, role: true, decision: true, bundleDigest: true, verificationDigest: true },
  },
} satisfies Prisma.PromotionRequestSelect;

export const releaseListSelect = {
  id: true,
  product: true,
  version: true,
  bundleDigest: true,
  verificationStatus: true,
  verificationDigest: true,
  createdAt: true,
  registeredByName: true,
  promotions: { select: { environment: true, promotedAt: true, promotedByName: true } },
  promotionRequests: { select: requestSelect },
  publication: { select: { id: true } },
} satisfies Prisma.ReleaseSelect;

type ListRow = Prisma.ReleaseGetPayload<{ select: typeof releaseListSelect }>;

export const releaseDetailSelect = {
  ...releaseListSelect,
  sourceCommit: true,
  ciRunId: true,
  ciRunUrl: true,
  checksumsSignature: true,
  manifestDsse: true,
  publicKeyHint: true,
  verificationReport: true,
  verifiedAt: true,
  artifacts: { select: { path: true, sha256: true, size: true, stored: true }, orderBy: { path: "asc" } },
  publication: {
    select: {
      id: true,
      bundleName: true,
      bundleDigest: true,
      size: true,
      publishedAt: true,
      publisherName: true,
      target: true,
      downloadUrl: true,
    },
  },
} satisfies Prisma.ReleaseSelect;

type DetailRow = Prisma.ReleaseGetPayload<{ select: typeof releaseDetailSelect }>;

export type ViewContext = { policies: readonly PolicyFacts[]; viewer: Viewer | null; now: Date };

function toListItem(row: ListRow, summary: string, context: ViewContext): ReleaseListItem {
  const requests: RequestFacts[] = row.promotionRequests;
  const facts = {
    release: row,
    policies: context.policies,
    promotions: row.promotions,
    requests,
    now: context.now,
  };
  return {
    id: row.id,
    product: row.product,
    version: row.version,
    bundleDigest: row.bundleDigest,
    verificationStatus: row.verificationStatus as VerificationStatus,
    verificationSummary: summary,
    registeredAt: row.createdAt,
    registeredBy: row.registeredByName,
    stages: pipelineStages(facts),
    furthest: furthestEnvironment(row.promotions, context.policies),
    waitingForMe: context.viewer ? isWaitingFor(context.viewer, facts) : false,
    published: row.publication !== null,
  };
}

/** The one-line summaries of stored reports, read without loading the reports (they list every file). */
export async function verificationSummaries(
  db: PortalTx,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: string; summary: string | null }[]>`
    SELECT "id"::text AS "id", "verification_report"->>'summary' AS "summary"
    FROM "releases" WHERE "id" = ANY(${[...ids]}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row.summary ?? ""]));
}

export async function toListItems(
  db: PortalTx,
  rows: readonly ListRow[],
  context: ViewContext,
): Promise<ReleaseListItem[]> {
  const summaries = await verificationSummaries(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toListItem(row, summaries.get(row.id) ?? "", context));
}

export function toReleaseDetail(row: DetailRow, context: ViewContext): ReleaseDetail {
  const report: ReleaseBundleReport = ZReleaseBundleReport.parse(row.verificationReport);
  const item = toListItem(row, report.summary, context);
  const promotions = row.promotions
    .filter((promotion): promotion is typeof promotion & { environment: Environment } =>
      isEnvironment(promotion.environment),
    )
    .map((promotion) => ({
      environment: promotion.environment,
      promotedAt: promotion.promotedAt,
      promotedBy: promotion.promotedByName,
    }))
    // in promotion order (a rollback is another release, so one release's promotions follow the environments)
    .sort((a, b) => ENVIRONMENTS.indexOf(a.environment) - ENVIRONMENTS.indexOf(b.environment));
  const publication = row.publication
    ? {
        bundleName: row.publication.bundleName,
        bundleDigest: row.publication.bundleDigest,
        size: Number(row.publication.size),
        publishedAt: row.publication.publishedAt,
        publisher: row.publication.publisherName,
        target: row.publication.target,
        downloadUrl: row.publication.downloadUrl,
      }
    : null;
  return {
    ...item,
    sourceCommit: row.sourceCommit,
    ciRunId: row.ciRunId,
    ciRunUrl: row.ciRunUrl,
    verificationDigest: row.verificationDigest,
    verifiedAt: row.verifiedAt,
    report,
    signed: {
      checksumsSignature: row.checksumsSignature !== null,
      manifest: row.manifestDsse !== null,
      publicKeyHint: row.publicKeyHint !== null,
    },
    artifacts: row.artifacts.map((artifact) => ({
      path: artifact.path,
      sha256: artifact.sha256,
      size: Number(artifact.size),
      stored: artifact.stored,
    })),
    promotions,
    publication,
    publishable: publication === null && promotions.some((promotion) => promotion.environment === "PROD"),
  };
}

export async function getReleaseDetail(
  db: PortalTx,
  releaseId: string,
  context: { viewer: Viewer | null; now: Date },
): Promise<ReleaseDetail> {
  const row = await db.release.findUnique({ where: { id: releaseId }, select: releaseDetailSelect });
  if (!row) throw new DomainError("NOT_FOUND", "No release with this id", { releaseId });
  return toReleaseDetail(row, { ...context, policies: await loadPolicies(db) });
}
