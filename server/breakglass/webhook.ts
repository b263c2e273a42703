// The break-glass webhook: its events on the generic signed sender (server/notifications/webhook-sender.ts).
import {
  createWebhookSender as createGenericSender,
  type WebhookSender as GenericWebhookSender,
} from "../notifications/webhook-sender";

export {
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from "../notifications/webhook-sender";

export type BreakGlassWebhookEvent = {
  type:
    | "breakglass.requested"
    | "breakglass.opened"
    | "breakglass.approved"
    | "breakglass.rejected"
    | "breakglass.extended"
    | "breakglass.closed"
    | "breakglass.revoked"
    | "breakglass.expired"
    | "breakglass.bootstrap_enabled"
    | "breakglass.offline_sign_in";
  occurredAt: string;
  sessionId: string | null;
  actor: string;
  requester: string | null;
  reasonCode: string | null;
  scopes: string[];
  expiresAt: string | null;
  link: string | null;
};

export type WebhookSender = GenericWebhookSender<BreakGlassWebhookEvent>;

export function createWebhookSender(options: {
  url: string;
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): WebhookSender {
  return createGenericSender<BreakGlassWebhookEvent>({ ...options, name: "break-glass" });
}
