// The outbound webhook: JSON describing a break-glass event, signed with HMAC-SHA256 so the receiver can tell it
// came from this portal and was not replayed (the timestamp is part of what is signed). Sent after the change has
// committed; a receiver that is down does not undo or delay the emergency access (failures are logged).
import { createHmac, timingSafeEqual } from "node:crypto";
import { logger } from "../lib/logger";

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

export type WebhookSender = { send: (event: BreakGlassWebhookEvent) => void; flush: () => Promise<void> };

export const SIGNATURE_HEADER = "x-portal-signature";
export const TIMESTAMP_HEADER = "x-portal-timestamp";

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** For receivers (and tests): constant-time check of the signature header. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  header: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function createWebhookSender(options: {
  url: string;
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): WebhookSender {
  const doFetch = options.fetch ?? fetch;
  const inFlight = new Set<Promise<void>>();
  async function deliver(event: BreakGlassWebhookEvent): Promise<void> {
    const body = JSON.stringify(event);
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const response = await doFetch(options.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      if (!response.ok) {
        logger.warn("break-glass webhook refused", { type: event.type, status: response.status });
      }
    } catch (error) {
      logger.warn("break-glass webhook failed", { type: event.type, error: (error as Error).message });
    }
  }
  return {
    send(event) {
      const delivery = deliver(event).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    },
    flush: async () => {
      await Promise.all([...inFlight]);
    },
  };
}
