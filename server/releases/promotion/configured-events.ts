// Where promotion's webhook events go: the releases module's signed webhook (RELEASE_WEBHOOK_URL and
// RELEASE_WEBHOOK_SECRET), in its event shape, after the change has committed. Without a webhook, nothing is sent
// (the audit log and the in-app notifications have every event anyway).
import { type ReleaseWebhookSender, releaseWebhook, releaseWebhookEvent } from "../release-webhook";
import { noPromotionEvents, type PromotionEventSink, type PromotionWebhookEvent } from "./webhook-events";

export function toReleaseWebhookEvent(event: PromotionWebhookEvent) {
  return releaseWebhookEvent({
    type: event.type,
    at: new Date(event.occurredAt),
    actor: event.actor,
    release: {
      id: event.releaseId,
      product: event.product,
      version: event.version,
      bundleDigest: event.bundleDigest,
      // promotion events exist only for releases registered as verified: a request for any other is refused
      verificationStatus: "VERIFIED",
    },
    environment: event.environment,
    details: { requestId: event.requestId, promotionId: event.promotionId, outcome: event.outcome },
  });
}

export function releaseWebhookSink(sender: ReleaseWebhookSender): PromotionEventSink {
  return { send: (event) => sender.send(toReleaseWebhookEvent(event)) };
}

/** Read per call: tests install a webhook (installReleaseWebhook) after this module has loaded. */
export function configuredPromotionEvents(): PromotionEventSink {
  const sender = releaseWebhook();
  return sender ? releaseWebhookSink(sender) : noPromotionEvents;
}
