// The divergence alarm as a webhook (HMAC-signed by the portal's webhook sender), for a SIEM or a pager: which log,
// which two checkpoints conflict, and where to look. Sent after the alarm has committed.
import { createWebhookSender, type WebhookSender } from "../../lib/webhook-sender";
import type { AlarmView } from "./schemas";

export type MirrorWebhookEvent = {
  type: "transparency.divergence_detected";
  occurredAt: string;
  alarmId: string;
  log: { id: string; name: string; origin: string };
  kind: AlarmView["kind"];
  trusted: { treeSize: number; rootHash: string };
  conflicting: { treeSize: number; rootHash: string };
  detail: string;
  link: string | null;
};

export type MirrorWebhookSender = WebhookSender<MirrorWebhookEvent>;

export function createMirrorWebhookSender(options: {
  url: string;
  secret: string;
  fetch?: typeof fetch;
}): MirrorWebhookSender {
  return createWebhookSender<MirrorWebhookEvent>({ ...options, name: "transparency webhook" });
}

export function divergenceWebhookEvent(alarm: AlarmView, link: string | null): MirrorWebhookEvent {
  return {
    type: "transparency.divergence_detected",
    occurredAt: alarm.detectedAt.toISOString(),
    alarmId: alarm.id,
    log: { id: alarm.logId, name: alarm.logName, origin: alarm.origin },
    kind: alarm.kind,
    trusted: { treeSize: alarm.trusted.treeSize, rootHash: alarm.trusted.rootHash },
    conflicting: { treeSize: alarm.conflicting.treeSize, rootHash: alarm.conflicting.rootHash },
    detail: alarm.detail,
    link,
  };
}
