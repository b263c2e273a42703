import { GENESIS_HASH } from "../server/audit/hash";
import type { PortalPrisma } from "../server/db/connection";

export type ChainHead = { seq: number; hash: string };

/** The last event of the log (seq 0 and the genesis hash when it is empty): where the next event links. */
export async function readChainHead(prisma: PortalPrisma): Promise<ChainHead> {
  const last = await prisma.auditEvent.findFirst({
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  return last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
}
