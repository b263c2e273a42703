// The promotion steps as callers use them (router, REST routes, seed, benchmark): each in its own transaction,
// refusals audited, webhook events sent after the commit.
import { cancelRequest } from "./cancel-request";
import { type CompletePromotionOptions, completePromotion } from "./complete-promotion";
import { type DecidePromotionOptions, decidePromotion } from "./decide-promotion";
import type { ActingContext, PromotionDeps } from "./deps";
import { runPromotionStep } from "./refusal";
import { type RequestPromotionOptions, requestPromotion } from "./request-promotion";
import { isEnvironment } from "./vocabulary";

export function requestPromotionStep(deps: PromotionDeps, options: Omit<RequestPromotionOptions, "clock">) {
  const environment =
    typeof options.environment === "string" && isEnvironment(options.environment)
      ? options.environment
      : null;
  return runPromotionStep(
    deps,
    options,
    { action: "request", requestId: null, releaseId: null, environment },
    (tx, subject) => requestPromotion(tx, { ...options, clock: deps.clock }, subject),
  );
}

export function decidePromotionStep(deps: PromotionDeps, options: Omit<DecidePromotionOptions, "clock">) {
  return runPromotionStep(
    deps,
    { actor: options.decider, request: options.request },
    {
      action: options.decision === "APPROVE" ? "approve" : "reject",
      requestId: options.requestId,
      releaseId: null,
      environment: null,
    },
    (tx, subject) => decidePromotion(tx, { ...options, clock: deps.clock }, subject),
  );
}

export function completePromotionStep(deps: PromotionDeps, options: Omit<CompletePromotionOptions, "clock">) {
  return runPromotionStep(
    deps,
    options,
    { action: "promote", requestId: options.requestId, releaseId: null, environment: null },
    (tx, subject) => completePromotion(tx, { ...options, clock: deps.clock }, subject),
  );
}

export function cancelRequestStep(
  deps: PromotionDeps,
  options: ActingContext & { requestId: string; reason: string },
) {
  return runPromotionStep(
    deps,
    options,
    { action: "cancel", requestId: options.requestId, releaseId: null, environment: null },
    (tx, subject) => cancelRequest(tx, { ...options, clock: deps.clock }, subject),
  );
}
