// Outbound webhooks: a JSON event POSTed to a receiver, signed with HMAC-SHA256 over "<timestamp>.<body>" so the
// receiver can tell it came from this portal and was not replayed (the timestamp is part of what is signed).
// Delivery follows the commit of the change it announces and never undoes or delays it: a receiver that is down
// or refuses is logged, nothing more. Each domain defines its own event type (break-glass, releases).
import { createHmac, timingSafeEqual } from "node:crypto";
import { logger } from "../lib/logger";

export type WebhookEvent = { type: string };

export type WebhookSender<E extends WebhookEvent = WebhookEvent> = {
  send: (event: E) => void;
  /** resolves once every delivery started so far has finished (tests, shutdown) */
  flush: () => Promise<void>;
};

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

export function createWebhookSender<E extends WebhookEvent>(options: {
  url: string;
  secret: string;
  /** names the webhook in log lines ("break-glass", "release") */
  name?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): WebhookSender<E> {
  const doFetch = options.fetch ?? fetch;
  const name = options.name ?? "webhook";
  const inFlight = new Set<Promise<void>>();
  async function deliver(event: E): Promise<void> {
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
      if (!response.ok) logger.warn(`${name} webhook refused`, { type: event.type, status: response.status });
    } catch (error) {
      logger.warn(`${name} webhook failed`, { type: event.type, error: (error as Error).message });
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
