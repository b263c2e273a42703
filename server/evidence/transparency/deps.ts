// The mirror's configuration from the environment: the alarm webhook (when configured) and links back to the page.
import { env } from "../../env";
import { createMirrorWebhookSender, type MirrorWebhookSender } from "./webhook";

let webhook: MirrorWebhookSender | null | undefined;

export function configuredMirrorWebhook(): MirrorWebhookSender | null {
  if (webhook === undefined) {
    webhook =
      env.TRANSPARENCY_WEBHOOK_URL && env.TRANSPARENCY_WEBHOOK_SECRET
        ? createMirrorWebhookSender({
            url: env.TRANSPARENCY_WEBHOOK_URL,
            secret: env.TRANSPARENCY_WEBHOOK_SECRET,
          })
        : null;
  }
  return webhook;
}

export function mirrorLink(logId: string): string {
  return new URL(`/evidence/transparency?log=${encodeURIComponent(logId)}`, env.AUTH_URL).toString();
}
