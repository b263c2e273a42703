// The release list: keyset pages newest first, filtered by product, version, verification status, the furthest
// environment reached, and "waiting for me". The last is decided by pipeline-state.ts over the live requests
// (few at any time: they close or expire), and the page is then read with those releases as a filter, so
// paging stays in the database.
import type { PortalTx } from "../db/connection";
import type { Prisma } from "../db/generated/client";
import { DomainError } from "../lib/domain-error";
import { type PolicyFacts, requestsWaitingFor, type Viewer } from "./pipeline-state";
import { loadPolicies, releaseListSelect, toListItems } from "./release-views";
import {
  type ReleaseListInput,
  type ReleasePage,
  type ReleaseStageFilter,
  ZReleaseListInput,
} from "./schemas";

type Cursor = { createdAt: string; id: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString("base64url");
}

function decodeCursor(text: string): Cursor | null {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
    if (Number.isNaN(new Date(value[0]).getTime()) || !/^[0-9a-f-]{36}$/.test(value[1])) return null;
    return { createdAt: value[0], id: value[1] };
  } catch {
    return null;
  }
}

/** The furthest environment reached is `stage`: promoted there, and to nothing after it. */
function stageWhere(stage: ReleaseStageFilter, policies: readonly PolicyFacts[]): Prisma.ReleaseWhereInput {
  if (stage === "NONE") return { promotions: { none: {} } };
  const position = policies.find((policy) => policy.environment === stage)?.position ?? 0;
  const later = policies.filter((policy) => policy.position > position).map((policy) => policy.environment);
  return {
    AND: [
      { promotions: { some: { environment: stage } } },
      later.length > 0 ? { promotions: { none: { environment: { in: later } } } } : {},
    ],
  };
}

async function releaseIdsWaitingFor(
  db: PortalTx,
  viewer: Viewer,
  policies: readonly PolicyFacts[],
  now: Date,
): Promise<string[]> {
  const live = await db.promotionRequest.findMany({
    where: { status: "PENDING", expiresAt: { gt: now } },
    select: {
      id: true,
      releaseId: true,
      environment: true,
      status: true,
      requestedById: true,
      requestedAt: true,
      expiresAt: true,
      bundleDigest: true,
      verificationDigest: true,
      approvals: {
        select: {
          approverId: true,
          role: true,
          decision: true,
          bundleDigest: true,
          verificationDigest: true,
        },
      },
      release: { select: { verificationStatus: true, bundleDigest: true, verificationDigest: true } },
    },
  });
  const ids = new Set<string>();
  for (const request of live) {
    if (
      requestsWaitingFor(viewer, { release: request.release, policies, requests: [request], now }).length > 0
    ) {
      ids.add(request.releaseId);
    }
  }
  return [...ids];
}

export async function findReleases(
  db: PortalTx,
  rawInput: ReleaseListInput,
  context: { viewer: Viewer | null; now: Date },
): Promise<ReleasePage> {
  const input = ZReleaseListInput.parse(rawInput);
  const cursor = input.after ? decodeCursor(input.after) : null;
  if (input.after && !cursor) {
    throw new DomainError("BAD_REQUEST", "Not a valid page cursor", {
      fieldErrors: { after: ["Not a valid page cursor"] },
    });
  }
  const policies = await loadPolicies(db);
  const waitingIds =
    input.waitingForMe && context.viewer
      ? await releaseIdsWaitingFor(db, context.viewer, policies, context.now)
      : null;
  const where: Prisma.ReleaseWhereInput = {
    AND: [
      input.product ? { product: input.product } : {},
      input.version ? { version: input.version } : {},
      input.status ? { verificationStatus: input.status } : {},
      input.stage ? stageWhere(input.stage, policies) : {},
      // "waiting for me" asked by someone who cannot be waited for (a CI token) matches nothing
      input.waitingForMe ? { id: { in: waitingIds ?? [] } } : {},
      cursor
        ? {
            OR: [
              { createdAt: { lt: new Date(cursor.createdAt) } },
              { createdAt: new Date(cursor.createdAt), id: { lt: cursor.id } },
            ],
          }
        : {},
    ],
  };
  const rows = await db.release.findMany({
    where,
    select: releaseListSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    releases: await toListItems(db, page, { policies, viewer: context.viewer, now: context.now }),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}

/** The products that have releases, for the list's filter. */
export async function findReleaseProducts(db: PortalTx): Promise<string[]> {
  const groups = await db.release.groupBy({ by: ["product"], orderBy: { product: "asc" } });
  return groups.map((group) => group.product);
}
