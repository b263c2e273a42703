// Audit events of break-glass sessions (subject: the session). Actions done *under* a session's grants are the
// other domains' own events; they carry the session id in their actor (AuditActor.breakGlassSessionId).
import { z } from "zod";

const ZScopes = z.array(z.string());

export const breakGlassAuditEvents = [
  z.object({
    type: z.literal("breakglass.requested"),
    reasonCode: z.string(),
    justification: z.string(),
    ticketRef: z.string().nullable(),
    scopes: ZScopes,
    durationMinutes: z.number().int(),
    approvalScopes: ZScopes,
    requestExpiresAt: z.string(),
  }),
  z.object({
    type: z.literal("breakglass.opened"),
    reasonCode: z.string(),
    justification: z.string(),
    ticketRef: z.string().nullable(),
    scopes: ZScopes,
    durationMinutes: z.number().int(),
    // self-service: opened without a second person; approved: by the approver named in the actor
    mode: z.enum(["self-service", "approved"]),
    expiresAt: z.string(),
    hardExpiresAt: z.string(),
  }),
  z.object({ type: z.literal("breakglass.rejected"), note: z.string() }),
  z.object({ type: z.literal("breakglass.request_expired"), requestExpiresAt: z.string() }),
  z.object({
    type: z.literal("breakglass.extended"),
    extension: z.number().int(),
    reason: z.string(),
    fromExpiresAt: z.string(),
    toExpiresAt: z.string(),
    cappedAtAbsoluteMax: z.boolean(),
  }),
  z.object({ type: z.literal("breakglass.closed"), note: z.string().nullable() }),
  z.object({ type: z.literal("breakglass.revoked"), note: z.string() }),
  z.object({
    type: z.literal("breakglass.expired"),
    expiresAt: z.string(),
    // who noticed first: a request of the user (lazy) or the background sweeper; the grant ended at expiresAt
    // either way
    detectedBy: z.enum(["request", "sweeper"]),
  }),
  z.object({
    type: z.literal("breakglass.reviewed"),
    outcome: z.enum(["ACKNOWLEDGED", "FLAGGED"]),
    notes: z.string(),
  }),
  z.object({
    type: z.literal("breakglass.bootstrap_enabled"),
    until: z.string(),
    roles: ZScopes,
    operator: z.string(),
  }),
  z.object({ type: z.literal("breakglass.bootstrap_disabled"), operator: z.string() }),
  z.object({
    type: z.literal("breakglass.offline_sign_in"),
    // local-file: an account from the local policy file while the identity provider was unreachable;
    // bootstrap: the sealed break-glass account enabled from the console
    source: z.enum(["local-file", "bootstrap"]),
    email: z.string(),
    roles: ZScopes,
  }),
] as const;

export const breakGlassAuditLabels = {
  "breakglass.requested": "Break-glass access requested",
  "breakglass.opened": "Break-glass session opened",
  "breakglass.rejected": "Break-glass request rejected",
  "breakglass.request_expired": "Break-glass request lapsed",
  "breakglass.extended": "Break-glass session extended",
  "breakglass.closed": "Break-glass session closed",
  "breakglass.revoked": "Break-glass session revoked",
  "breakglass.expired": "Break-glass session expired",
  "breakglass.reviewed": "Break-glass session reviewed",
  "breakglass.bootstrap_enabled": "Bootstrap break-glass account enabled",
  "breakglass.bootstrap_disabled": "Bootstrap break-glass account sealed",
  "breakglass.offline_sign_in": "Offline emergency sign-in",
} as const;
