// "Verify chain" as a user action: checks the whole log and records that it was checked, and what was found.
import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";
import { appendAudit } from "./append-audit";
import type { AuditActor, AuditRequestMeta } from "./events";
import { type ChainVerification, verifyAuditChain } from "./verify-audit-chain";

export async function runChainVerification(
  prisma: PortalPrisma,
  options: { actor: AuditActor; request: AuditRequestMeta; clock: Clock },
): Promise<ChainVerification & { verifiedAt: Date }> {
  const result = await verifyAuditChain(prisma);
  await prisma.$transaction((tx) =>
    appendAudit(tx, {
      payload: {
        type: "audit.chain_verified",
        ok: result.ok,
        eventsChecked: result.eventsChecked,
        firstBrokenSeq: result.ok ? null : result.firstBrokenSeq,
      },
      actor: options.actor,
      subject: { type: "audit-log" },
      request: options.request,
      clock: options.clock,
    }),
  );
  return { ...result, verifiedAt: options.clock.now() };
}
