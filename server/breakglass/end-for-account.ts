// An account change (disabled, roles changed) that takes away the right to break-glass ends the user's access in
// the same transaction as the change: active sessions are revoked and pending requests rejected, each with its
// audit event and notices, written once (conditional updates on the status, so a racing close, revocation or
// expiry and this never both record an exit). Called by the users service, the identity provider's role sync and
// the sealing of the bootstrap account.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { Role } from "../authz/permissions";
import type { PortalTx } from "../db/connection";
import type { Clock } from "../lib/clock";
import { notifySecurityOfficers } from "../notifications/notify";
import { SESSION_SUBJECT, sessionLink } from "./deps";
import { accountChangeEndsBreakGlass } from "./policy";
import type { WebhookSender } from "./webhook";
import { sessionWebhookEvent } from "./webhook-event";

export type EndedForAccount = {
  id: string;
  kind: "revoked" | "rejected";
  requesterName: string;
  reasonCode: string;
  scopes: string[];
  expiresAt: Date | null;
  note: string;
  at: Date;
  actorName: string;
};

export async function endBreakGlassForAccount(
  tx: PortalTx,
  options: {
    userId: string;
    account: { disabled: boolean; roles: readonly Role[] };
    actor: AuditActor;
    request?: AuditRequestMeta | undefined;
    clock: Clock;
  },
): Promise<EndedForAccount[]> {
  const note = accountChangeEndsBreakGlass(options.account);
  if (!note) return [];
  const now = options.clock.now();
  const select = {
    id: true,
    requesterName: true,
    reasonCode: true,
    scopes: true,
    expiresAt: true,
  } as const;
  // a session already past expiresAt is left to the expiry recording: its grant ended by itself
  const revoked = await tx.breakGlassSession.updateManyAndReturn({
    where: { requesterId: options.userId, status: "ACTIVE", expiresAt: { gt: now } },
    data: {
      status: "REVOKED",
      endedAt: now,
      endedById: options.actor.id,
      endedByName: options.actor.name,
      endNote: note,
      reviewStatus: "PENDING",
    },
    select,
  });
  const rejected = await tx.breakGlassSession.updateManyAndReturn({
    where: { requesterId: options.userId, status: "PENDING", requestExpiresAt: { gt: now } },
    data: {
      status: "REJECTED",
      decidedById: options.actor.id,
      decidedByName: options.actor.name,
      decidedAt: now,
    },
    select,
  });
  const ended: EndedForAccount[] = [
    ...revoked.map((row) => ({ ...row, kind: "revoked" as const })),
    ...rejected.map((row) => ({ ...row, kind: "rejected" as const })),
  ].map((row) => ({ ...row, note, at: now, actorName: options.actor.name }));
  for (const row of ended) {
    await appendAudit(tx, {
      payload: { type: row.kind === "revoked" ? "breakglass.revoked" : "breakglass.rejected", note },
      actor: options.actor,
      subject: { type: SESSION_SUBJECT, id: row.id },
      request: options.request,
      clock: options.clock,
    });
    await notifySecurityOfficers(
      tx,
      {
        kind: row.kind === "revoked" ? "breakglass.revoked" : "breakglass.rejected",
        title:
          row.kind === "revoked"
            ? `Break-glass session of ${row.requesterName} revoked: ${note}`
            : `Break-glass request of ${row.requesterName} rejected: ${note}`,
        body:
          row.kind === "revoked"
            ? `By ${options.actor.name}. The session now awaits review.`
            : `By ${options.actor.name}. Nothing was granted.`,
        link: sessionLink(row.id),
        at: now,
      },
      { exceptUserId: options.actor.id ?? null },
    );
  }
  return ended;
}

/** The webhook follows the commit, like every other break-glass transition. */
export function announceEndedForAccount(
  webhook: WebhookSender | undefined,
  ended: readonly EndedForAccount[],
) {
  for (const row of ended) {
    webhook?.send(
      sessionWebhookEvent(
        row.kind === "revoked" ? "breakglass.revoked" : "breakglass.rejected",
        row,
        row.actorName,
        row.at,
      ),
    );
  }
}
