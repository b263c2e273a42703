// "Waiting for me": the open requests this person could approve now (not their own, not decided yet, a role they
// hold still missing), oldest first, so a release manager clears the queue in the order it filled. Uses the
// digests recorded at registration; a request that turns out void is refused with the reason when it is opened.
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { loadRules, requestFactOf, requestSelect } from "./facts";
import { checkDecision, ruleFor } from "./policy";
import type { Environment } from "./vocabulary";

export type QueueEntry = {
  requestId: string;
  releaseId: string;
  product: string;
  version: string;
  environment: Environment;
  requestedByName: string;
  requestedAt: Date;
  expiresAt: Date;
};

export async function findPromotionQueue(
  db: PortalTx,
  options: { viewer: { id: string; roles: readonly string[] }; clock: Clock; limit?: number },
): Promise<QueueEntry[]> {
  const now = options.clock.now();
  const rules = await loadRules(db);
  const rows = await db.promotionRequest.findMany({
    where: {
      status: "PENDING",
      expiresAt: { gt: now },
      // a pipeline's request has no requester id; SQL's NULL <> x is not true, so say it
      OR: [{ requestedById: null }, { requestedById: { not: options.viewer.id } }],
    },
    select: {
      ...requestSelect,
      release: { select: { product: true, version: true, bundleDigest: true, verificationDigest: true } },
    },
    orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  const entries: QueueEntry[] = [];
  for (const row of rows) {
    const check = checkDecision({
      request: requestFactOf(row),
      release: row.release,
      verification: { ok: true, reason: "" },
      rule: ruleFor(rules, row.environment as Environment),
      viewer: options.viewer,
      decision: "APPROVE",
      now,
    });
    // BAD_REQUEST here means "choose your role": they can still approve
    if (!check.ok && check.code !== "BAD_REQUEST") continue;
    entries.push({
      requestId: row.id,
      releaseId: row.releaseId,
      product: row.release.product,
      version: row.release.version,
      environment: row.environment as Environment,
      requestedByName: row.requestedByName,
      requestedAt: row.requestedAt,
      expiresAt: row.expiresAt,
    });
    if (entries.length >= (options.limit ?? 50)) break;
  }
  return entries;
}
