// Inputs of the ceremony procedures. A ceremony's operation parameters are checked by the same schemas as the
// direct key operations, when it starts and again when it executes.
import { z } from "zod";
import { ZShareTexts } from "../escrow/schemas";
import {
  ZBackendKind,
  ZCreateSigningKeyInput,
  ZKeyId,
  ZLabel,
  ZPurpose,
  ZReason,
  ZRevokeSigningKeyInput,
  ZRotateSigningKeyInput,
} from "../keys/schemas";
import { MAX_APPROVALS, MAX_TTL_MINUTES, MIN_APPROVALS, MIN_TTL_MINUTES } from "./policy";
import { CEREMONY_OPERATIONS, CEREMONY_STATUSES } from "./vocabulary";

export const ZStartCeremonyInput = z.object({
  operation: z.enum(CEREMONY_OPERATIONS, { error: () => "Choose an operation" }),
  /** create, rotate */
  purpose: ZPurpose.optional(),
  /** revoke, escrow-recover */
  keyId: ZKeyId.optional(),
  backend: ZBackendKind.optional(),
  label: ZLabel.optional(),
  effectiveAt: z.coerce.date().optional(),
  reason: ZReason,
  /** M; defaults to what the policy demands, or 2 (escrow recovery: the escrow's threshold, always) */
  requiredApprovals: z.coerce
    .number()
    .int()
    .min(MIN_APPROVALS, `At least ${MIN_APPROVALS}`)
    .max(MAX_APPROVALS, `At most ${MAX_APPROVALS}`)
    .optional(),
  ttlMinutes: z.coerce
    .number()
    .int()
    .min(MIN_TTL_MINUTES, `At least ${MIN_TTL_MINUTES} minutes`)
    .max(MAX_TTL_MINUTES, "At most 7 days")
    .optional(),
  /** only these security officers may approve; empty: every security officer */
  custodianIds: z.array(z.string().uuid()).max(100).optional(),
});
export type StartCeremonyInput = z.input<typeof ZStartCeremonyInput>;

export const ZEscrowRecoverParameters = z.object({ keyId: ZKeyId, escrowId: z.string().uuid() });

export const ZCeremonyParameters = {
  create: ZCreateSigningKeyInput,
  rotate: ZRotateSigningKeyInput,
  revoke: ZRevokeSigningKeyInput,
  "escrow-recover": ZEscrowRecoverParameters,
} as const;

/** Whether a direct operation needs a ceremony: create and rotate name a purpose, revoke a key */
export const ZCeremonyRequirementInput = z.union([
  z.object({ operation: z.enum(["create", "rotate"]), purpose: ZPurpose }),
  z.object({ operation: z.literal("revoke"), keyId: ZKeyId }),
]);
export type CeremonyRequirementInput = z.input<typeof ZCeremonyRequirementInput>;

export const ZCeremonyIdInput = z.object({ id: z.string().uuid("Not a ceremony id") });

export const ZDecideCeremonyInput = z.object({
  id: z.string().uuid("Not a ceremony id"),
  comment: z.string().trim().max(500, "At most 500 characters").optional(),
  /** escrow recovery: the share files, with the approval that completes the ceremony */
  shares: ZShareTexts.optional(),
});
export type DecideCeremonyInput = z.input<typeof ZDecideCeremonyInput>;

export const ZCeremonyListInput = z
  .object({
    status: z.enum(CEREMONY_STATUSES).optional(),
    operation: z.enum(CEREMONY_OPERATIONS).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    after: z.string().max(200).optional(),
  })
  .default({ limit: 50 });
export type CeremonyListInput = z.input<typeof ZCeremonyListInput>;
