// Evaluates a release's gates for one environment with the pack in force, and records the result: the pack version,
// the digests of every input, each gate's verdict and reasons. Runs at registration, on request (a person presses
// "Evaluate"), and again at the moment of promotion, where a failing gate holds the promotion whatever the
// approvals say (server/releases/promotion/promote-release.ts). Evaluating reads only; recording writes the row and
// its audit event, in the caller's transaction.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalTx } from "../db/connection";
import type { BlobStore } from "../evidence/blob-store";
import { evaluateGates, type GateEvaluation } from "../gates/evaluate-gates";
import { documentDigest } from "../gates/input-digests";
import { describeProblems } from "../gates/parse-result";
import type { Clock } from "../lib/clock";
import type { Environment } from "../releases/vocabulary";
import type { ReleaseBundleReport } from "../signing/bundle/report";
import { loadGateInputs } from "./load-gate-inputs";
import { loadActivePack, type StoredPackVersion } from "./pack-store";

export const EVALUATION_TRIGGERS = ["REGISTRATION", "REQUEST", "PROMOTION", "MANUAL", "EXCEPTION"] as const;
export type EvaluationTrigger = (typeof EVALUATION_TRIGGERS)[number];

export type GateVerdict = GateEvaluation["verdict"] | "none";

export type PendingEvaluation = {
  releaseId: string;
  product: string;
  version: string;
  environment: Environment;
  trigger: EvaluationTrigger;
  pack: Pick<StoredPackVersion, "id" | "name" | "version"> | null;
  verdict: GateVerdict;
  summary: string;
  /** the evaluator's result; null when no pack is in force */
  evaluation: GateEvaluation | null;
  inputsDigest: string;
};

export async function evaluateReleaseGates(
  db: PortalTx,
  deps: { blobs: BlobStore; clock: Clock },
  options: {
    releaseId: string;
    environment: Environment;
    trigger: EvaluationTrigger;
    /** the verification made just now (at promotion); the stored one otherwise */
    report?: ReleaseBundleReport;
  },
): Promise<PendingEvaluation> {
  const now = deps.clock.now();
  const release = await db.release.findUniqueOrThrow({
    where: { id: options.releaseId },
    select: { product: true, version: true },
  });
  const base = {
    releaseId: options.releaseId,
    ...release,
    environment: options.environment,
    trigger: options.trigger,
  };
  const pack = await loadActivePack(db);
  if (!pack) {
    return {
      ...base,
      pack: null,
      verdict: "none",
      summary: "No policy pack is in force: no gates apply",
      evaluation: null,
      inputsDigest: documentDigest({ release: options.releaseId, environment: options.environment }),
    };
  }
  const inputs = await loadGateInputs(db, deps.blobs, options);
  const result = evaluateGates(pack.document, options.environment, inputs, now);
  const packRef = { id: pack.id, name: pack.name, version: pack.version };
  if (!result.ok) {
    // inputs the evaluator could not read at all (the pack was valid when stored): a failure, never a pass
    return {
      ...base,
      pack: packRef,
      verdict: "fail",
      summary: `BLOCKED - the gates could not be evaluated: ${describeProblems(result.problems)}`,
      evaluation: null,
      inputsDigest: documentDigest(inputs),
    };
  }
  return {
    ...base,
    pack: packRef,
    verdict: result.value.verdict,
    summary: result.value.summary,
    evaluation: result.value,
    inputsDigest: documentDigest(result.value.inputDigests),
  };
}

export async function recordEvaluation(
  tx: PortalTx,
  pending: PendingEvaluation,
  context: { actor: AuditActor; request?: AuditRequestMeta; clock: Clock },
): Promise<{ id: string }> {
  const gates = pending.evaluation?.gates ?? [];
  const row = await tx.gateEvaluation.create({
    data: {
      releaseId: pending.releaseId,
      environment: pending.environment,
      trigger: pending.trigger,
      packVersionId: pending.pack?.id ?? null,
      verdict: pending.verdict,
      summary: pending.summary,
      result: (pending.evaluation ?? { summary: pending.summary }) as object,
      inputsDigest: pending.inputsDigest,
      evaluatedAt: context.clock.now(),
      actorId: context.actor.id,
      actorName: context.actor.name,
    },
    select: { id: true },
  });
  await appendAudit(tx, {
    payload: {
      type: "gates.evaluated",
      releaseId: pending.releaseId,
      product: pending.product,
      version: pending.version,
      environment: pending.environment,
      trigger: pending.trigger,
      pack: pending.pack?.name ?? null,
      packVersion: pending.pack?.version ?? null,
      verdict: pending.verdict,
      summary: pending.summary,
      gates: gates.map((gate) => ({ id: gate.id, kind: gate.kind, verdict: gate.verdict })),
      inputsDigest: pending.inputsDigest,
    },
    actor: context.actor,
    subject: { type: "release", id: pending.releaseId },
    request: context.request,
    clock: context.clock,
  });
  return row;
}
