// Every kind of audit event and the shape of its payload, keyed by `type`. The event's `action` column is the
// type, so the log can be filtered by it and every payload read back is typed.
import { z } from "zod";
import { apiTokenAuditEvents } from "../api-tokens/audit-events";
import { breakGlassAuditEvents } from "../breakglass/audit-events";
import { complianceAuditEvents } from "../compliance/audit-events";
import { evidenceAuditEvents } from "../evidence/audit-events";
import { continuityAuditEvents } from "../evidence/continuity/audit-events";
import { mirrorAuditEvents } from "../evidence/transparency/audit-events";
import { policyAuditEvents } from "../policies/audit-events";
import { releaseAuditEvents } from "../releases/audit-events";
import { promotionAuditEvents } from "../releases/promotion/audit-events";
import { signingAuditEvents } from "../signing/audit-events";
import { ceremonyAuditEvents } from "../signing/ceremonies/audit-events";

const ZSignInMethod = z.enum(["password", "oidc"]);

// An account field before and after an administrator changed it (roles are lists).
const ZFieldChange = z.object({
  field: z.enum(["name", "roles"]),
  from: z.union([z.string(), z.array(z.string())]),
  to: z.union([z.string(), z.array(z.string())]),
});

export const ZAuditPayload = z.discriminatedUnion("type", [
  z.object({ type: z.literal("auth.sign_in"), method: ZSignInMethod, reauthentication: z.boolean() }),
  z.object({
    type: z.literal("auth.sign_in_failed"),
    method: ZSignInMethod,
    // account_conflict: the identity provider's email belongs to an account that cannot be linked to it
    reason: z.enum(["bad_credentials", "locked", "rate_limited", "disabled", "no_roles", "account_conflict"]),
    identifier: z.string(),
  }),
  z.object({ type: z.literal("auth.account_locked"), failures: z.number().int(), until: z.string() }),
  z.object({ type: z.literal("auth.sign_out") }),
  z.object({ type: z.literal("authz.denied"), permission: z.string(), target: z.string() }),
  z.object({
    type: z.literal("audit.chain_verified"),
    ok: z.boolean(),
    eventsChecked: z.number().int(),
    firstBrokenSeq: z.number().int().nullable(),
  }),
  // a signed checkpoint of the audit log's Merkle tree (server/audit/checkpoints)
  z.object({
    type: z.literal("audit.checkpoint_signed"),
    treeSize: z.number().int().positive(),
    rootHash: z.string().regex(/^[0-9a-f]{64}$/),
    origin: z.string(),
    keyId: z.string(),
    trigger: z.enum(["scheduled", "manual"]),
  }),
  z.object({
    type: z.literal("user.created"),
    email: z.string(),
    roles: z.array(z.string()),
    source: z.string(),
  }),
  z.object({ type: z.literal("user.updated"), changes: z.array(ZFieldChange).min(1) }),
  z.object({ type: z.literal("user.disabled"), email: z.string() }),
  z.object({ type: z.literal("user.enabled"), email: z.string() }),
  z.object({
    type: z.literal("user.unlocked"),
    email: z.string(),
    // what was cleared: a lock still running, and failures counting towards the next one
    lockedUntil: z.string().nullable(),
    failedLoginCount: z.number().int(),
  }),
  // never the password or its hash: only that an administrator set a new one
  z.object({ type: z.literal("user.password_reset"), email: z.string() }),
  z.object({ type: z.literal("user.roles_synced"), roles: z.array(z.string()), source: z.literal("oidc") }),
  z.object({ type: z.literal("user.oidc_linked"), issuer: z.string(), subject: z.string() }),
  z.object({ type: z.literal("system.demo_seeded"), users: z.number().int() }),
  // each domain keeps its own events beside its code
  ...apiTokenAuditEvents,
  ...signingAuditEvents,
  ...breakGlassAuditEvents,
  ...complianceAuditEvents,
  ...ceremonyAuditEvents,
  ...promotionAuditEvents,
  ...releaseAuditEvents,
  ...evidenceAuditEvents,
  ...continuityAuditEvents,
  ...mirrorAuditEvents,
  ...policyAuditEvents,
]);

export type AuditPayload = z.infer<typeof ZAuditPayload>;
export type AuditAction = AuditPayload["type"];

export const AUDIT_ACTIONS = ZAuditPayload.options.map((option) => option.shape.type.value) as AuditAction[];

/**
 * Who did it, as they were at that moment (names and roles change later; the log must not), and the break-glass
 * session whose grant allowed it, if one did.
 */
export type AuditActor = {
  id: string | null;
  name: string;
  roles: readonly string[];
  breakGlassSessionId?: string | null;
};

export const SYSTEM_ACTOR: AuditActor = { id: null, name: "system", roles: [] };

/** Whoever tried to sign in before they proved who they are (the subject names the account they claimed). */
export const ANONYMOUS_ACTOR: AuditActor = { id: null, name: "anonymous", roles: [] };

export type AuditRequestMeta = { requestId?: string | null; ip?: string | null; userAgent?: string | null };

export type AuditSubject = { type: string; id?: string | null };
