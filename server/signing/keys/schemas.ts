// Inputs of the key registry services and procedures; the services parse what they get again, so the ceremony
// engine and the router refuse the same things with the same words.
import { z } from "zod";
import { BACKEND_KINDS } from "../signer";
import { SIGNING_KEY_PURPOSES, SIGNING_KEY_STATUSES } from "../vocabulary";

export const ZPurpose = z.enum(SIGNING_KEY_PURPOSES, {
  error: () => `Unknown purpose; known purposes: ${SIGNING_KEY_PURPOSES.join(", ")}`,
});
export const ZBackendKind = z.enum(BACKEND_KINDS, {
  error: () => `Unknown backend; known backends: ${BACKEND_KINDS.join(", ")}`,
});
export const ZKeyId = z
  .string()
  .trim()
  .regex(/^sha256:[0-9a-f]{64}$/, "A key id is sha256: followed by 64 lower-case hex characters");
export const ZLabel = z
  .string()
  .trim()
  .min(1, "Enter a label")
  .max(100, "At most 100 characters")
  .regex(/^[^\p{Cc}]*$/u, "No control characters");
export const ZReason = z
  .string()
  .trim()
  .min(5, "Give a reason (at least 5 characters)")
  .max(500, "At most 500 characters");
export const ZKeyFileName = z
  .string()
  .trim()
  .regex(/^[\w-][\w.-]*$/, "A file name inside the key directory (letters, digits, . _ -)")
  .max(200);

export const ZCreateSigningKeyInput = z.object({
  purpose: ZPurpose,
  backend: ZBackendKind.default("software"),
  label: ZLabel.optional(),
  /** software backend only: register a PEM key file from the key directory instead of generating a key */
  keyFile: ZKeyFileName.optional(),
});
export type CreateSigningKeyInput = z.input<typeof ZCreateSigningKeyInput>;

export const ZRotateSigningKeyInput = z.object({
  purpose: ZPurpose,
  backend: ZBackendKind.optional(),
  label: ZLabel.optional(),
  reason: ZReason,
});
export type RotateSigningKeyInput = z.input<typeof ZRotateSigningKeyInput>;

export const ZRevokeSigningKeyInput = z.object({
  keyId: ZKeyId,
  reason: ZReason,
  /** when the key stopped being trustworthy (suspected compromise); defaults to now, never in the future */
  effectiveAt: z.coerce.date().optional(),
});
export type RevokeSigningKeyInput = z.input<typeof ZRevokeSigningKeyInput>;

export const ZKeyListInput = z
  .object({
    purpose: ZPurpose.optional(),
    status: z.enum(SIGNING_KEY_STATUSES).optional(),
    backend: ZBackendKind.optional(),
    search: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    /** opaque cursor from the previous page */
    after: z.string().max(200).optional(),
  })
  .default({ limit: 50 });
export type KeyListInput = z.input<typeof ZKeyListInput>;

export const ZPurposeInput = z.object({ purpose: ZPurpose });
export const ZKeyIdInput = z.object({ keyId: ZKeyId });
