// What every break-glass service receives: the database, the clock, the policy and (optionally) the webhook.
// `configuredBreakGlass()` builds the production values from the configuration, once, on first use.
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import { env } from "../env";
import type { Clock } from "../lib/clock";
import { type BreakGlassPolicy, DEFAULT_BREAKGLASS_POLICY, readBreakGlassPolicyFile } from "./policy-config";
import { createWebhookSender, type WebhookSender } from "./webhook";

export type BreakGlassDeps = {
  prisma: PortalPrisma;
  clock: Clock;
  policy: BreakGlassPolicy;
  webhook?: WebhookSender | undefined;
};

/** Who acts, and from where (for the audit event). */
export type BreakGlassActorContext = { actor: AuditActor & { id: string }; request?: AuditRequestMeta };

let configured: { policy: BreakGlassPolicy; webhook: WebhookSender | undefined } | undefined;

export function configuredBreakGlass(): { policy: BreakGlassPolicy; webhook: WebhookSender | undefined } {
  configured ??= {
    policy: env.BREAKGLASS_POLICY_FILE
      ? readBreakGlassPolicyFile(env.BREAKGLASS_POLICY_FILE)
      : DEFAULT_BREAKGLASS_POLICY,
    webhook:
      env.BREAKGLASS_WEBHOOK_URL && env.BREAKGLASS_WEBHOOK_SECRET
        ? createWebhookSender({ url: env.BREAKGLASS_WEBHOOK_URL, secret: env.BREAKGLASS_WEBHOOK_SECRET })
        : undefined,
  };
  return configured;
}

export const SESSION_SUBJECT = "breakglass_session";

export function sessionLink(sessionId: string): string {
  return `/break-glass/${sessionId}`;
}
