// The outbound webhook of releases: registration and publication here, and the promotion workflow's request,
// decision and promotion events (server/releases/promotion), all on the generic signed sender. Configured by
// RELEASE_WEBHOOK_URL and RELEASE_WEBHOOK_SECRET; without them `releaseWebhook()` is undefined and nothing is sent.
import { env } from "../env";
import { createWebhookSender, type WebhookSender } from "../notifications/webhook-sender";

export type ReleaseWebhookEvent = {
  type:
    | "release.registered"
    | "release.published"
    | "promotion.requested"
    | "promotion.decided"
    | "promotion.promoted"
    // a request rejected, expired, withdrawn or void: what it waited for will not come
    | "promotion.request_closed";
  occurredAt: string;
  actor: string;
  release: {
    id: string;
    product: string;
    version: string;
    bundleDigest: string;
    verificationStatus: string;
  };
  /** the environment a promotion event is about; null for registration and publication */
  environment: string | null;
  /** the release's page, absolute (AUTH_URL) so a chat message can link to it */
  link: string;
  /** what else the event says, by type: the decision and comment, the publication's digest and URL, ... */
  details: Record<string, string | number | boolean | null>;
};

export type ReleaseWebhookSender = WebhookSender<ReleaseWebhookEvent>;

export function releaseLink(releaseId: string): string {
  return new URL(`/releases/${releaseId}`, env.AUTH_URL).toString();
}

export function releaseWebhookEvent(input: {
  type: ReleaseWebhookEvent["type"];
  at: Date;
  actor: string;
  release: ReleaseWebhookEvent["release"];
  environment?: string | null;
  details?: ReleaseWebhookEvent["details"];
}): ReleaseWebhookEvent {
  return {
    type: input.type,
    occurredAt: input.at.toISOString(),
    actor: input.actor,
    release: {
      id: input.release.id,
      product: input.release.product,
      version: input.release.version,
      bundleDigest: input.release.bundleDigest,
      verificationStatus: input.release.verificationStatus,
    },
    environment: input.environment ?? null,
    link: releaseLink(input.release.id),
    details: input.details ?? {},
  };
}

const holder = globalThis as unknown as {
  portalReleaseWebhook?: { sender: ReleaseWebhookSender | undefined };
};

/** The configured release webhook, built once per process; undefined when none is configured. */
export function releaseWebhook(): ReleaseWebhookSender | undefined {
  holder.portalReleaseWebhook ??= {
    sender:
      env.RELEASE_WEBHOOK_URL && env.RELEASE_WEBHOOK_SECRET
        ? createWebhookSender<ReleaseWebhookEvent>({
            url: env.RELEASE_WEBHOOK_URL,
            secret: env.RELEASE_WEBHOOK_SECRET,
            name: "release",
          })
        : undefined,
  };
  return holder.portalReleaseWebhook.sender;
}

/** Replaces the process's release webhook (tests); returns a function that puts the previous one back. */
export function installReleaseWebhook(sender: ReleaseWebhookSender | undefined): () => void {
  const previous = holder.portalReleaseWebhook;
  holder.portalReleaseWebhook = { sender };
  return () => {
    holder.portalReleaseWebhook = previous;
  };
}
