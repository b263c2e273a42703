// Where promotion's webhook events go in this process. The releases module's HMAC webhook sender is wired here
// once it exists in this branch; until then events are dropped (the audit log and notifications still have them).
import { noPromotionEvents, type PromotionEventSink } from "./webhook-events";

let configured: PromotionEventSink | undefined;

export function configuredPromotionEvents(): PromotionEventSink {
  configured ??= noPromotionEvents;
  return configured;
}
