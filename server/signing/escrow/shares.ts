// Shamir shares of an escrowed software key, as files a custodian keeps, and the checks that tell a right share
// set from a wrong or short one. Combining fewer than the threshold (or mixed) shares returns garbage without any
// error, so the rebuilt secret is always checked against the fingerprint recorded at the split.
import { createHash } from "node:crypto";
import { combine } from "shamir-secret-sharing";
import { z } from "zod";
import { DomainError } from "../../lib/domain-error";

export const SHARE_FILE_FORMAT = "portal-escrow-share/v1";

export type EscrowShareRecord = {
  index: number;
  custodianId: string;
  custodianName: string;
  shareSha256: string;
};
export const ZEscrowShareRecords = z.array(
  z.object({
    index: z.number().int().min(1),
    custodianId: z.string(),
    custodianName: z.string(),
    shareSha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
);

export const ZShareFile = z.object({
  format: z.literal(SHARE_FILE_FORMAT),
  escrowId: z.string().uuid(),
  keyId: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  label: z.string(),
  index: z.number().int().min(1).max(255),
  threshold: z.number().int().min(2).max(255),
  shares: z.number().int().min(2).max(255),
  custodian: z.string(),
  createdAt: z.string(),
  share: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
  shareSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ShareFile = z.infer<typeof ZShareFile>;

export function secretFingerprint(secret: Uint8Array): string {
  return createHash("sha256").update("portal/escrow-secret/v1\0").update(secret).digest("hex");
}

/** Bound to the escrow, so the same bytes from another split do not pass for this one. */
export function shareFingerprint(escrowId: string, share: Uint8Array): string {
  return createHash("sha256").update(`portal/escrow-share/v1\0${escrowId}\0`).update(share).digest("hex");
}

export function shareFileText(file: ShareFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function shareFileName(file: Pick<ShareFile, "keyId" | "index" | "shares">): string {
  return `escrow-share-${file.keyId.slice(7, 19)}-${file.index}-of-${file.shares}.json`;
}

export type EscrowForRecovery = {
  id: string;
  keyId: string;
  threshold: number;
  secretSha256: string;
  shares: readonly EscrowShareRecord[];
};

function shareError(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError("BAD_REQUEST", message, { fieldErrors: { shares: [message] }, ...details });
}

/** Reads share files and checks each against the escrow's records; refuses a short or wrong set with a reason. */
export function readShareSet(escrow: EscrowForRecovery, texts: readonly string[]): Uint8Array[] {
  const seen = new Set<number>();
  const shares: Uint8Array[] = [];
  for (const [position, text] of texts.entries()) {
    const n = position + 1;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    const parsed = ZShareFile.safeParse(json);
    if (!parsed.success) throw shareError(`share ${n} is not an escrow share file (${SHARE_FILE_FORMAT})`);
    const file = parsed.data;
    if (file.keyId !== escrow.keyId) throw shareError(`share ${n} is a share of another key (${file.keyId})`);
    if (file.escrowId !== escrow.id) {
      throw shareError(
        `share ${n} comes from another escrow split of this key; use the shares of the current one`,
      );
    }
    if (seen.has(file.index)) throw shareError(`share number ${file.index} is given twice`);
    const bytes = new Uint8Array(Buffer.from(file.share, "base64"));
    const record = escrow.shares.find((entry) => entry.index === file.index);
    if (!record || shareFingerprint(escrow.id, bytes) !== record.shareSha256) {
      throw shareError(
        `share ${n} (number ${file.index}) is not the share that was issued: it was altered or mixed up`,
      );
    }
    seen.add(file.index);
    shares.push(bytes);
  }
  if (shares.length < escrow.threshold) {
    throw shareError(
      `${escrow.threshold} shares are needed to rebuild the key; ${shares.length === 0 ? "none was" : shares.length === 1 ? "only 1 was" : `only ${shares.length} were`} given`,
    );
  }
  return shares;
}

/** Combines shares and proves the result is the escrowed secret (by its fingerprint); the caller zeroes it. */
export async function combineChecked(shares: readonly Uint8Array[], secretSha256: string): Promise<Buffer> {
  let secret: Uint8Array;
  try {
    secret = await combine([...shares]);
  } catch {
    throw shareError("the shares cannot be combined (they do not come from one split)");
  }
  const buffer = Buffer.from(secret);
  secret.fill(0);
  if (secretFingerprint(buffer) !== secretSha256) {
    buffer.fill(0);
    throw shareError("the shares do not rebuild the escrowed key (its fingerprint does not match)");
  }
  return buffer;
}
