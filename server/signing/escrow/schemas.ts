import { z } from "zod";
import { ZKeyId } from "../keys/schemas";

export const ZSplitEscrowInput = z.object({
  keyId: ZKeyId,
  threshold: z.coerce
    .number({ error: "Enter how many shares rebuild the key" })
    .int()
    .min(2, "At least 2 shares must be needed"),
  /** one share per custodian, in this order (share 1 to the first) */
  custodianIds: z
    .array(z.string().uuid())
    .min(2, "Choose at least 2 custodians")
    .max(255, "At most 255 custodians")
    .refine((ids) => new Set(ids).size === ids.length, "Each custodian holds one share"),
});
export type SplitEscrowInput = z.input<typeof ZSplitEscrowInput>;

/** Share files as text, as their custodians upload them. */
export const ZShareTexts = z.array(z.string().max(10_000, "Not an escrow share file")).max(255);
