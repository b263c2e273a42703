// What the UI sees of a key's escrow: who holds share number what, never a share.
import type { PortalTx } from "../../db/connection";
import { ZEscrowShareRecords } from "./shares";

export type EscrowDto = {
  id: string;
  keyId: string;
  threshold: number;
  shareCount: number;
  custodians: { index: number; name: string; id: string }[];
  createdAt: Date;
  createdByName: string;
  recoveredAt: Date | null;
};

export const escrowSelect = {
  id: true,
  keyId: true,
  threshold: true,
  shareCount: true,
  secretSha256: true,
  shares: true,
  createdAt: true,
  createdByName: true,
  recoveredAt: true,
} as const;

export async function findActiveEscrow(db: PortalTx, keyId: string) {
  const row = await db.keyEscrow.findFirst({ where: { keyId, status: "active" }, select: escrowSelect });
  return row ? { ...row, shares: ZEscrowShareRecords.parse(row.shares) } : null;
}

export function toEscrowDto(row: NonNullable<Awaited<ReturnType<typeof findActiveEscrow>>>): EscrowDto {
  return {
    id: row.id,
    keyId: row.keyId,
    threshold: row.threshold,
    shareCount: row.shareCount,
    custodians: row.shares.map((share) => ({
      index: share.index,
      name: share.custodianName,
      id: share.custodianId,
    })),
    createdAt: row.createdAt,
    createdByName: row.createdByName,
    recoveredAt: row.recoveredAt,
  };
}

/** The key's current escrow, or null; with whether the key could be escrowed at all. */
export async function getKeyEscrow(db: PortalTx, keyId: string): Promise<EscrowDto | null> {
  const row = await findActiveEscrow(db, keyId);
  return row ? toEscrowDto(row) : null;
}
