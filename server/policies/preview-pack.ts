// "This pack would block these 3 pending releases": a draft pack evaluated, without recording anything, against
// every release with an open promotion request (for that request's environment) and every verified release not
// yet in PROD for the environment it would go to next. Reads only.
import type { PortalTx } from "../db/connection";
import type { BlobStore } from "../evidence/blob-store";
import { evaluateGates } from "../gates/evaluate-gates";
import type { PolicyPack } from "../gates/policy-pack";
import type { Clock } from "../lib/clock";
import { ENVIRONMENTS, type Environment } from "../releases/vocabulary";
import { loadGateInputs } from "./load-gate-inputs";

export type PackPreviewRow = {
  releaseId: string;
  product: string;
  version: string;
  environment: Environment;
  verdict: "pass" | "warn" | "fail";
  summary: string;
};

const PREVIEW_LIMIT = 50;

/** The environment each candidate release would be promoted to next (its open request's, else the next one). */
async function candidates(db: PortalTx): Promise<{ releaseId: string; environment: Environment }[]> {
  const releases = await db.release.findMany({
    where: { verificationStatus: "VERIFIED" },
    orderBy: { createdAt: "desc" },
    take: PREVIEW_LIMIT,
    select: {
      id: true,
      promotions: { select: { environment: true } },
      promotionRequests: { where: { status: "PENDING" }, select: { environment: true } },
    },
  });
  return releases.flatMap((release) => {
    const open = release.promotionRequests[0]?.environment as Environment | undefined;
    if (open) return [{ releaseId: release.id, environment: open }];
    const next = ENVIRONMENTS.find(
      (environment) => !release.promotions.some((p) => p.environment === environment),
    );
    return next ? [{ releaseId: release.id, environment: next }] : [];
  });
}

export async function previewPack(
  db: PortalTx,
  deps: { blobs: BlobStore; clock: Clock },
  pack: PolicyPack,
): Promise<PackPreviewRow[]> {
  const now = deps.clock.now();
  const rows: PackPreviewRow[] = [];
  for (const candidate of await candidates(db)) {
    const release = await db.release.findUniqueOrThrow({
      where: { id: candidate.releaseId },
      select: { product: true, version: true },
    });
    const inputs = await loadGateInputs(db, deps.blobs, candidate);
    const result = evaluateGates(pack, candidate.environment, inputs, now);
    rows.push({
      ...candidate,
      ...release,
      verdict: result.ok ? result.value.verdict : "fail",
      summary: result.ok ? result.value.summary : "BLOCKED - the release's inputs could not be evaluated",
    });
  }
  const order = { fail: 0, warn: 1, pass: 2 } as const;
  return rows.sort((a, b) => order[a.verdict] - order[b.verdict]);
}
