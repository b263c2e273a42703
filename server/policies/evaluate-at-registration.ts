// The first evaluation of a new release: every environment the pack in force has gates for, recorded with the
// registration (same transaction), so the release page shows at once what would hold it and where. Evidence linked
// later (an SBOM, a scan report) is read by the next evaluation: on request, or at promotion.
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalTx } from "../db/connection";
import { blobStore } from "../evidence/blob-store";
import type { Clock } from "../lib/clock";
import { ENVIRONMENTS } from "../releases/vocabulary";
import type { ReleaseBundleReport } from "../signing/bundle/report";
import { evaluateReleaseGates, recordEvaluation } from "./evaluate-release";
import { loadActivePack } from "./pack-store";

export async function evaluateAtRegistration(
  tx: PortalTx,
  options: {
    releaseId: string;
    report: ReleaseBundleReport;
    actor: AuditActor;
    request?: AuditRequestMeta;
    clock: Clock;
  },
): Promise<void> {
  const pack = await loadActivePack(tx);
  if (!pack) return;
  for (const environment of ENVIRONMENTS) {
    if ((pack.document.environments[environment] ?? []).length === 0) continue;
    const pending = await evaluateReleaseGates(
      tx,
      { blobs: blobStore(), clock: options.clock },
      { releaseId: options.releaseId, environment, trigger: "REGISTRATION", report: options.report },
    );
    await recordEvaluation(tx, pending, options);
  }
}
