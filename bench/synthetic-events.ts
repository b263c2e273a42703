// Deterministic audit events shaped like a busy portal's (sign-ins, denials, new users), and the exact row each
// becomes once chained, hashed in JS the way appendAudit hashes it, so bulk-inserted logs still verify.
import type { AuditActor, AuditPayload, AuditRequestMeta, AuditSubject } from "../server/audit/events";
import { type SealedAuditRow, sealAuditEvent } from "../server/audit/seal-event";
import type { Prisma } from "../server/db/generated/client";

export type SyntheticEvent = {
  payload: AuditPayload;
  actor: AuditActor;
  subject: AuditSubject;
  request: AuditRequestMeta;
  occurredAt: Date;
};

/** One event in five is a denial: the action filter the /audit benchmark pages through. */
export const FILTERED_ACTION = "authz.denied";

const START_MS = Date.parse("2026-01-01T00:00:00.000Z");
const ROLES = ["RELEASE_ENGINEER", "SECURITY_OFFICER", "AUDITOR", "INCIDENT_RESPONDER", "ADMIN"] as const;

function payloadFor(seq: number, userId: string): AuditPayload {
  switch (seq % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      return { type: "auth.sign_in", method: seq % 3 === 0 ? "oidc" : "password", reauthentication: false };
    case 4:
      return {
        type: "auth.sign_in_failed",
        method: "password",
        reason: "bad_credentials",
        identifier: `${userId}@example.test`,
      };
    case 5:
      return { type: "auth.sign_out" };
    case 6:
    case 7:
      return { type: "authz.denied", permission: "release.approve", target: `/releases/${seq % 997}` };
    case 8:
      return { type: "user.created", email: `new-${seq}@example.test`, roles: ["AUDITOR"], source: "admin" };
    default:
      return { type: "user.roles_synced", roles: ["RELEASE_ENGINEER", "AUDITOR"], source: "oidc" };
  }
}

/** The event that will carry sequence number `seq`; a second apart, so time order matches chain order. */
export function syntheticEvent(seq: number): SyntheticEvent {
  const user = seq % 250;
  const userId = `user-${String(user).padStart(4, "0")}`;
  return {
    payload: payloadFor(seq, userId),
    actor: { id: userId, name: `User ${user}`, roles: [ROLES[user % ROLES.length] ?? "AUDITOR"] },
    subject: { type: "user", id: userId },
    request: {
      requestId: `req_${seq.toString(36).padStart(8, "0")}`,
      ip: `10.${(user >> 8) & 255}.${user & 255}.${seq % 200}`,
      userAgent:
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
    },
    occurredAt: new Date(START_MS + seq * 1000),
  };
}

export type ChainedRow = { data: SealedAuditRow & Prisma.AuditEventCreateManyInput; hash: string };

/** The row appendAudit would store for `event` at `seq` after `prevHash`: same columns, same values, same hash. */
export function chainedRow(event: SyntheticEvent, seq: number, prevHash: string): ChainedRow {
  const data = sealAuditEvent(event, seq, prevHash);
  return { data, hash: data.hash };
}
