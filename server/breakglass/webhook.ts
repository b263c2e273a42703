// The outbound break-glass webhook: JSON describing a break-glass event, signed with HMAC-SHA256 by the portal's
// webhook sender (server/lib/webhook-sender.ts). Sent after the change has committed; a receiver that is down does
// not undo or delay the emergency access (failures are logged).
import {
  createWebhookSender as createGenericWebhookSender,
  type WebhookSender as GenericWebhookSender,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from "../lib/webhook-sender";

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

export { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, verifyWebhookSignature };

export function createWebhookSender(options: {
  url: string;
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): WebhookSender {
  return createGenericWebhookSender<BreakGlassWebhookEvent>({ ...options, name: "break-glass webhook" });
}
