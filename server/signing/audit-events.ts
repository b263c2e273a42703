// Audit events of the signing service (spread into ZAuditPayload in server/audit/events.ts).
import { z } from "zod";
import { BACKEND_KINDS } from "./signer";
import { SIGNING_KEY_PURPOSES, SIGNING_KEY_STATUSES } from "./vocabulary";

const ZPurpose = z.enum(SIGNING_KEY_PURPOSES);
const ZBackend = z.enum(BACKEND_KINDS);
const ZKeyId = z.string().regex(/^sha256:[0-9a-f]{64}$/);
const ZSha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const SIGNING_FAILURE_OUTCOMES = ["no_active_key", "backend_error", "refused"] as const;

export const signingAuditEvents = [
  z.object({
    type: z.literal("signing.key_created"),
    keyId: ZKeyId,
    purpose: ZPurpose,
    backend: ZBackend,
    label: z.string(),
    ceremonyId: z.string().nullable(),
  }),
  z.object({
    type: z.literal("signing.key_rotated"),
    purpose: ZPurpose,
    previousKeyId: ZKeyId,
    keyId: ZKeyId,
    backend: ZBackend,
    reason: z.string(),
    ceremonyId: z.string().nullable(),
  }),
  z.object({
    type: z.literal("signing.key_revoked"),
    keyId: ZKeyId,
    purpose: ZPurpose,
    reason: z.string(),
    previousStatus: z.enum(SIGNING_KEY_STATUSES),
    revokedAt: z.string(),
    /** signatures the portal recorded for this key before the revocation time (they verify, flagged) */
    signaturesBefore: z.number().int(),
    ceremonyId: z.string().nullable(),
  }),
  // every signing request, with what was signed (payload type, subject digest) and by which key and backend
  z.object({
    type: z.literal("signing.signed"),
    outcome: z.literal("signed"),
    keyId: ZKeyId,
    backend: ZBackend,
    purpose: ZPurpose,
    payloadType: z.string(),
    subjectDigest: z.string().nullable(),
    payloadSha256: ZSha256Hex,
    signatureSha256: ZSha256Hex,
  }),
  z.object({
    type: z.literal("signing.failed"),
    outcome: z.enum(SIGNING_FAILURE_OUTCOMES),
    keyId: ZKeyId.nullable(),
    backend: ZBackend.nullable(),
    purpose: ZPurpose,
    payloadType: z.string(),
    subjectDigest: z.string().nullable(),
    message: z.string(),
  }),
] as const;

export const signingAuditLabels = {
  "signing.key_created": "Signing key created",
  "signing.key_rotated": "Signing key rotated",
  "signing.key_revoked": "Signing key revoked",
  "signing.signed": "Signed with a registered key",
  "signing.failed": "Signing request failed",
} as const;
