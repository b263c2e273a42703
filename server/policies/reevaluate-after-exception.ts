// A security officer records an exception to unblock a release: the releases it can concern that wait on an open
// promotion request are evaluated again at once (trigger EXCEPTION), so the officer sees on the spot whether the
// exception did what it was meant to, without asking a release engineer to press "Evaluate now".
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import { blobStore } from "../evidence/blob-store";
import type { Clock } from "../lib/clock";
import type { Environment } from "../releases/vocabulary";
import { evaluateReleaseGates, type GateVerdict, recordEvaluation } from "./evaluate-release";
import type { VexScopeInput } from "./schemas";

const MAX_REEVALUATED = 50;

export async function reevaluateAfterException(
  prisma: PortalPrisma,
  context: { actor: AuditActor; request?: AuditRequestMeta; clock: Clock },
  scope: VexScopeInput,
): Promise<{ releaseId: string; environment: Environment; verdict: GateVerdict }[]> {
  const now = context.clock.now();
  const release =
    scope.kind === "RELEASE"
      ? { id: scope.releaseId }
      : scope.kind === "PRODUCT"
        ? {
            product: scope.product,
            ...(scope.versions.length > 0 ? { version: { in: scope.versions } } : {}),
          }
        : {};
  const open = await prisma.promotionRequest.findMany({
    where: { status: "PENDING", expiresAt: { gt: now }, release },
    orderBy: { requestedAt: "asc" },
    take: MAX_REEVALUATED,
    select: { releaseId: true, environment: true },
  });
  const results: { releaseId: string; environment: Environment; verdict: GateVerdict }[] = [];
  for (const request of open) {
    const environment = request.environment as Environment;
    const verdict = await prisma.$transaction(async (tx) => {
      const pending = await evaluateReleaseGates(
        tx,
        { blobs: blobStore(), clock: context.clock },
        { releaseId: request.releaseId, environment, trigger: "EXCEPTION" },
      );
      if (!pending.pack) return pending.verdict;
      await recordEvaluation(tx, pending, context);
      return pending.verdict;
    });
    results.push({ releaseId: request.releaseId, environment, verdict });
  }
  return results;
}
