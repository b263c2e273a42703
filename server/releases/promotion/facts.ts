// Loads what the promotion rules decide on, for one release: the release and its artifacts, the environment
// policies, its promotions, the freeze windows not yet over, and its requests with their decisions. Rows become
// the plain facts of policy.ts here, in one place.
import { z } from "zod";
import type { Role } from "../../authz/permissions";
import type { PortalTx } from "../../db/connection";
import type { Prisma } from "../../db/generated/client";
import { DomainError } from "../../lib/domain-error";
import type { DecisionFact, EnvironmentRule, FreezeFact, PromotionFact, RequestFact } from "./policy";
import { DECISIONS, ENVIRONMENTS, type Environment, isApproverRole, REQUEST_STATUSES } from "./vocabulary";

export const releaseSelect = {
  id: true,
  product: true,
  version: true,
  sourceCommit: true,
  ciRunId: true,
  ciRunUrl: true,
  bundleDigest: true,
  checksums: true,
  checksumsSignature: true,
  manifestDsse: true,
  publicKeyHint: true,
  verificationStatus: true,
  verificationDigest: true,
  createdAt: true,
  artifacts: { select: { path: true, sha256: true, size: true }, orderBy: { path: "asc" } },
} satisfies Prisma.ReleaseSelect;
export type ReleaseRow = Prisma.ReleaseGetPayload<{ select: typeof releaseSelect }>;

export const requestSelect = {
  id: true,
  releaseId: true,
  environment: true,
  status: true,
  requestedById: true,
  requestedByTokenId: true,
  requestedByName: true,
  comment: true,
  bundleDigest: true,
  verificationDigest: true,
  requestedAt: true,
  expiresAt: true,
  closedAt: true,
  closedReason: true,
  approvals: {
    select: {
      approverId: true,
      approverName: true,
      role: true,
      decision: true,
      comment: true,
      bundleDigest: true,
      verificationDigest: true,
      decidedAt: true,
    },
    orderBy: { decidedAt: "asc" },
  },
} satisfies Prisma.PromotionRequestSelect;
export type RequestRow = Prisma.PromotionRequestGetPayload<{ select: typeof requestSelect }>;

export const promotionSelect = {
  id: true,
  environment: true,
  requestId: true,
  bundleDigest: true,
  approvers: true,
  promotedAt: true,
  promotedByName: true,
  ciRunId: true,
  targetPath: true,
  attestationKeyId: true,
  breakGlassSessionId: true,
} satisfies Prisma.PromotionSelect;
export type PromotionRow = Prisma.PromotionGetPayload<{ select: typeof promotionSelect }>;

const ZRequiredApprovals = z.array(
  z.object({ role: z.string().refine(isApproverRole), count: z.number().int().min(1) }),
);

const policySelect = {
  environment: true,
  position: true,
  requiredApprovals: true,
  soakMinutes: true,
  requestTtlHours: true,
  updatedAt: true,
  updatedByName: true,
} satisfies Prisma.EnvironmentPolicySelect;
export type PolicyRow = Prisma.EnvironmentPolicyGetPayload<{ select: typeof policySelect }>;

export function ruleOf(row: PolicyRow): EnvironmentRule {
  const parsed = ZRequiredApprovals.safeParse(row.requiredApprovals);
  // a policy row the code cannot read must not turn into "no approval needed": fail closed
  if (!parsed.success)
    throw new Error(`environment policy ${row.environment} has unreadable required approvals`);
  return {
    environment: row.environment as Environment,
    position: row.position,
    requiredApprovals: parsed.data.map((line) => ({ role: line.role as Role, count: line.count })),
    soakMinutes: row.soakMinutes,
    requestTtlHours: row.requestTtlHours,
  };
}

export async function loadPolicyRows(db: PortalTx): Promise<PolicyRow[]> {
  const rows = await db.environmentPolicy.findMany({ select: policySelect, orderBy: { position: "asc" } });
  const missing = ENVIRONMENTS.filter((environment) => !rows.some((row) => row.environment === environment));
  if (missing.length > 0) throw new Error(`environment policies missing: ${missing.join(", ")}`);
  return rows;
}

export async function loadRules(db: PortalTx): Promise<EnvironmentRule[]> {
  return (await loadPolicyRows(db)).map(ruleOf);
}

export function decisionFactOf(row: RequestRow["approvals"][number]): DecisionFact {
  if (!(DECISIONS as readonly string[]).includes(row.decision))
    throw new Error(`unknown decision ${row.decision}`);
  return { ...row, decision: row.decision as DecisionFact["decision"] };
}

export function requestFactOf(row: RequestRow): RequestFact {
  if (!(REQUEST_STATUSES as readonly string[]).includes(row.status))
    throw new Error(`unknown status ${row.status}`);
  return {
    status: row.status as RequestFact["status"],
    environment: row.environment as Environment,
    requestedById: row.requestedById,
    bundleDigest: row.bundleDigest,
    verificationDigest: row.verificationDigest,
    expiresAt: row.expiresAt,
    decisions: row.approvals.map(decisionFactOf),
  };
}

export function promotionFactsOf(
  rows: readonly { environment: string; promotedAt: Date }[],
): PromotionFact[] {
  return rows.map((row) => ({ environment: row.environment as Environment, promotedAt: row.promotedAt }));
}

export async function loadRelease(db: PortalTx, releaseId: string): Promise<ReleaseRow> {
  const release = z.uuid().safeParse(releaseId).success
    ? await db.release.findUnique({ where: { id: releaseId }, select: releaseSelect })
    : null;
  if (!release) throw new DomainError("NOT_FOUND", `no release ${releaseId}`);
  return release;
}

export async function loadPromotions(db: PortalTx, releaseId: string): Promise<PromotionRow[]> {
  return db.promotion.findMany({
    where: { releaseId },
    select: promotionSelect,
    orderBy: { promotedAt: "asc" },
  });
}

/** Freeze windows that have not ended at `now` (past ones cannot hold anything). */
export async function loadFreezes(db: PortalTx, now: Date, environment?: Environment): Promise<FreezeFact[]> {
  const rows = await db.freezeWindow.findMany({
    where: { endsAt: { gt: now }, ...(environment ? { environment } : {}) },
    select: { id: true, environment: true, startsAt: true, endsAt: true, reason: true },
    orderBy: { startsAt: "asc" },
  });
  return rows.map((row) => ({ ...row, environment: row.environment as Environment }));
}

/** Locks a request row until the transaction ends: decisions on one request happen one after the other. */
export async function lockRequest(tx: PortalTx, requestId: string): Promise<RequestRow> {
  if (!z.uuid().safeParse(requestId).success)
    throw new DomainError("NOT_FOUND", `no promotion request ${requestId}`);
  await tx.$queryRaw`SELECT 1 FROM "promotion_requests" WHERE "id" = ${requestId}::uuid FOR UPDATE`;
  const row = await tx.promotionRequest.findUnique({ where: { id: requestId }, select: requestSelect });
  if (!row) throw new DomainError("NOT_FOUND", `no promotion request ${requestId}`);
  return row;
}

/** Locks a release row: requests for one release are created one after the other. */
export async function lockRelease(tx: PortalTx, releaseId: string): Promise<ReleaseRow> {
  if (!z.uuid().safeParse(releaseId).success) throw new DomainError("NOT_FOUND", `no release ${releaseId}`);
  await tx.$queryRaw`SELECT 1 FROM "releases" WHERE "id" = ${releaseId}::uuid FOR UPDATE`;
  return loadRelease(tx, releaseId);
}
