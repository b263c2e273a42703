// Outbound webhooks: a JSON event POSTed with an HMAC-SHA256 signature over "<timestamp>.<body>", so the receiver
// can tell it came from this portal and was not replayed (the timestamp is part of what is signed). Sent after the
// change it announces has committed; a receiver that is down never undoes or delays that change (failures are
// logged). Break-glass transitions and transparency-log divergence alarms both go out this way.
import { createHmac, timingSafeEqual } from "node:crypto";
import { logger } from "./logger";

export const SIGNATURE_HEADER = "x-portal-signature";
export const TIMESTAMP_HEADER = "x-portal-timestamp";

export type WebhookSender<E extends { type: string }> = {
  send: (event: E) => void;
  flush: () => Promise<void>;
};

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

export function createWebhookSender<E extends { type: string }>(options: {
  /** names the webhook in log lines, e.g. "break-glass webhook" */
  name: string;
  url: string;
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): WebhookSender<E> {
  const doFetch = options.fetch ?? fetch;
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
      if (!response.ok) logger.warn(`${options.name} refused`, { type: event.type, status: response.status });
    } catch (error) {
      logger.warn(`${options.name} failed`, { type: event.type, error: (error as Error).message });
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
