// Writes a promotion, once: gates checked at this moment (order, soak, freeze), the attestation signed with the
// release key, the Promotion row inserted, the request closed as PROMOTED, and the audit event, all in the
// caller's transaction. The callers hold the request's row lock, so of two steps that would both complete the
// same request, the second finds it promoted; the unique index (release, environment) refuses any second
// promotion that gets past that, and that refusal is answered as a conflict, not as an error.
import { createHash } from "node:crypto";
import { appendAudit } from "../../audit/append-audit";
import type { AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import { Prisma } from "../../db/generated/client";
import { blobStore } from "../../evidence/blob-store";
import type { Clock } from "../../lib/clock";
import {
  evaluateReleaseGates,
  type PendingEvaluation,
  recordEvaluation,
} from "../../policies/evaluate-release";
import { IN_TOTO_PAYLOAD_TYPE, statementPayload } from "../../signing/in-toto";
import { signWithPurpose } from "../../signing/sign-with-purpose";
import { promotionStatement } from "./attestation";
import { auditActorOf, type PromotionActor } from "./deps";
import {
  loadFreezes,
  loadPromotions,
  loadRules,
  promotionFactsOf,
  type ReleaseRow,
  type RequestRow,
  requestFactOf,
} from "./facts";
import {
  checkPromotionGates,
  type GateCheck,
  previousOf,
  ruleFor,
  tallyApprovals,
  targetPathFor,
} from "./policy";
import { PromotionRefusal } from "./refusal";
import type { CurrentVerification } from "./reverify-release";
import type { Environment } from "./vocabulary";
import { type PromotionWebhookEvent, releaseLink } from "./webhook-events";

export type PromotionRecord = {
  id: string;
  environment: Environment;
  promotedAt: Date;
  targetPath: string;
  attestationKeyId: string;
  breakGlassSessionId: string | null;
};

export type PromoteOutcome =
  | { promoted: PromotionRecord; event: PromotionWebhookEvent }
  | {
      held: Extract<GateCheck, { ok: false }>;
      /** when the policy gates held it: the evaluation, for the caller to record (it must outlive a refusal) */
      evaluation?: PendingEvaluation;
    };

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function promoteInTransaction(
  tx: PortalTx,
  options: {
    release: ReleaseRow;
    request: RequestRow;
    verification: CurrentVerification;
    actor: PromotionActor;
    /** the break-glass session whose active promotion:override-freeze grant may lift a freeze; null: none */
    freezeOverrideSessionId: string | null;
    requestMeta?: AuditRequestMeta;
    clock: Clock;
  },
): Promise<PromoteOutcome> {
  const { release, request, verification, actor, clock } = options;
  const now = clock.now();
  const environment = request.environment as Environment;
  const rules = await loadRules(tx);
  const rule = ruleFor(rules, environment);
  const promotions = await loadPromotions(tx, release.id);
  const gates = checkPromotionGates({
    environment,
    rules,
    promotions: promotionFactsOf(promotions),
    freezes: await loadFreezes(tx, now, environment),
    now,
    canOverrideFreeze: options.freezeOverrideSessionId !== null,
  });
  if (!gates.ok) {
    if (gates.gate === "promoted") throw new PromotionRefusal("CONFLICT", gates.message);
    return { held: gates };
  }
  const tally = tallyApprovals(rule, requestFactOf(request), verification.binding);
  // the callers decide completion with the same rule; this is the last line before an irreversible write
  if (!tally.complete) throw new Error(`promotion of request ${request.id} attempted without its approvals`);

  // the policy gates, evaluated again now over the verification just made: a failing gate holds the promotion
  // whatever the approvals say; a passing one is recorded with the promotion
  const gateResult = await evaluateReleaseGates(
    tx,
    { blobs: blobStore(), clock },
    { releaseId: release.id, environment, trigger: "PROMOTION", report: verification.report },
  );
  if (gateResult.verdict === "fail") {
    return {
      held: {
        ok: false,
        code: "PRECONDITION_FAILED",
        gate: "policy",
        message: gateResult.summary,
        until: null,
      },
      evaluation: gateResult,
    };
  }

  const approvers = tally.requirements.flatMap((line) => line.approvers);
  const previousRule = previousOf(rules, environment);
  const previous = previousRule
    ? (promotions.find((promotion) => promotion.environment === previousRule.environment) ?? null)
    : null;
  const override =
    gates.overriddenFreeze && options.freezeOverrideSessionId
      ? {
          freezeWindowId: gates.overriddenFreeze.id,
          reason: gates.overriddenFreeze.reason,
          endsAt: gates.overriddenFreeze.endsAt,
          breakGlassSessionId: options.freezeOverrideSessionId,
        }
      : null;
  const auditActor = auditActorOf(actor, override?.breakGlassSessionId);
  const targetPath = targetPathFor(environment, release.product, release.version);
  const statement = promotionStatement({
    release,
    environment,
    targetPath,
    promotedAt: now,
    promotedBy: actor.name,
    request: { id: request.id, requestedBy: request.requestedByName, requestedAt: request.requestedAt },
    approvers,
    verification: { report: verification.report, digest: verification.binding.verificationDigest },
    previous: previous
      ? {
          environment: previous.environment as Environment,
          promotionId: previous.id,
          promotedAt: previous.promotedAt,
        }
      : null,
    freezeOverride: override,
  });
  const payload = statementPayload(statement);
  // signed before this step's own audit events: the audit chain's lock is then held for a shorter time
  const signed = await signWithPurpose(tx, {
    purpose: "release",
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload,
    subjectDigest: `sha256:${release.bundleDigest}`,
    requester: auditActor,
    request: options.requestMeta,
    clock,
  });

  let created: { id: string };
  try {
    created = await tx.promotion.create({
      data: {
        releaseId: release.id,
        environment,
        requestId: request.id,
        bundleDigest: release.bundleDigest,
        approvers: approvers.map((approver) => ({
          id: approver.id,
          name: approver.name,
          role: approver.role,
          decidedAt: approver.decidedAt.toISOString(),
          comment: approver.comment,
        })),
        promotedAt: now,
        promotedById: actor.kind === "person" ? actor.id : null,
        promotedByName: actor.name,
        ciRunId: release.ciRunId,
        targetPath,
        verificationReport: verification.report,
        attestation: signed.envelope,
        attestationKeyId: signed.keyId,
        breakGlassSessionId: override?.breakGlassSessionId ?? null,
      },
      select: { id: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new PromotionRefusal("CONFLICT", `this release has already been promoted to ${environment}`);
    }
    throw error;
  }
  const moved = await tx.promotionRequest.updateMany({
    where: { id: request.id, status: "PENDING" },
    data: { status: "PROMOTED", closedAt: now, closedReason: "promoted" },
  });
  if (moved.count !== 1) throw new PromotionRefusal("CONFLICT", "this request was closed meanwhile");
  // with no pack in force there is nothing to record: the promotion's own event says it went through
  if (gateResult.pack) {
    await recordEvaluation(tx, gateResult, { actor: auditActor, request: options.requestMeta, clock });
  }
  await appendAudit(tx, {
    payload: {
      type: "promotion.promoted",
      promotionId: created.id,
      requestId: request.id,
      releaseId: release.id,
      product: release.product,
      version: release.version,
      environment,
      bundleDigest: release.bundleDigest,
      targetPath,
      ciRunId: release.ciRunId,
      approvers: approvers.map((approver) => ({ name: approver.name, role: approver.role })),
      attestationKeyId: signed.keyId,
      statementSha256: sha256Hex(payload),
      freezeOverride: override
        ? {
            freezeWindowId: override.freezeWindowId,
            reason: override.reason,
            breakGlassSessionId: override.breakGlassSessionId,
          }
        : null,
    },
    actor: auditActor,
    subject: { type: "promotion", id: created.id },
    request: options.requestMeta,
    clock,
  });
  return {
    promoted: {
      id: created.id,
      environment,
      promotedAt: now,
      targetPath,
      attestationKeyId: signed.keyId,
      breakGlassSessionId: override?.breakGlassSessionId ?? null,
    },
    event: {
      type: "promotion.promoted",
      occurredAt: now.toISOString(),
      releaseId: release.id,
      product: release.product,
      version: release.version,
      environment,
      requestId: request.id,
      promotionId: created.id,
      actor: actor.name,
      outcome: null,
      bundleDigest: release.bundleDigest,
      link: releaseLink(release.id),
    },
  };
}
