// What promotion tells the outside world after a change has committed: request, decision, promotion. The sender
// (HMAC-signed POSTs, like break-glass's) is the releases module's; promotion only needs something that takes an
// event and never blocks or undoes the change it reports (delivery failures are the sender's to log).
import type { Environment } from "./vocabulary";

export type PromotionWebhookEvent = {
  type: "promotion.requested" | "promotion.decided" | "promotion.promoted" | "promotion.request_closed";
  occurredAt: string;
  releaseId: string;
  product: string;
  version: string;
  environment: Environment;
  requestId: string | null;
  promotionId: string | null;
  actor: string;
  /** APPROVE / REJECT for decisions; the closing status for closed requests */
  outcome: string | null;
  bundleDigest: string;
  link: string;
};

export type PromotionEventSink = { send: (event: PromotionWebhookEvent) => void };

export const noPromotionEvents: PromotionEventSink = { send: () => undefined };

export function releaseLink(releaseId: string): string {
  return `/releases/${releaseId}`;
}
