// The webhook event of a session's transition: every transition announces the same facts about the session, so
// receivers can treat them alike; only the type, the actor and the time differ.
import { sessionLink } from "./deps";
import type { BreakGlassWebhookEvent } from "./webhook";

type SessionFacts = {
  id: string;
  requesterName: string;
  reasonCode: string;
  scopes: string[];
  expiresAt: Date | null;
};

export function sessionWebhookEvent(
  type: BreakGlassWebhookEvent["type"],
  session: SessionFacts,
  actorName: string,
  at: Date,
): BreakGlassWebhookEvent {
  return {
    type,
    occurredAt: at.toISOString(),
    sessionId: session.id,
    actor: actorName,
    requester: session.requesterName,
    reasonCode: session.reasonCode,
    scopes: session.scopes,
    expiresAt: session.expiresAt?.toISOString() ?? null,
    link: sessionLink(session.id),
  };
}
