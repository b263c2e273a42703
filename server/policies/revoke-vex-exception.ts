// An exception withdrawn before its expiry (the fix did not hold, the analysis was wrong): it stays on record with
// who withdrew it and why, and stops counting at the next evaluation.
import { appendAudit } from "../audit/append-audit";
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import type { VexContext } from "./record-vex-exception";
import { ZRevokeVexInput } from "./schemas";

export async function revokeVexException(
  prisma: PortalPrisma,
  context: VexContext,
  input: { id: string; reason: string },
): Promise<{ id: string }> {
  const { id, reason } = ZRevokeVexInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const row = await tx.vexException.findUnique({
      where: { id },
      select: { vulnerability: true, revokedAt: true },
    });
    if (!row) throw new DomainError("NOT_FOUND", "No such VEX exception");
    if (row.revokedAt) throw new DomainError("CONFLICT", "This exception was revoked already");
    await tx.vexException.update({
      where: { id },
      data: { revokedAt: context.clock.now(), revokedByName: context.actor.name, revokeReason: reason },
    });
    await appendAudit(tx, {
      payload: { type: "vex.exception_revoked", vulnerability: row.vulnerability, reason },
      actor: context.actor,
      subject: { type: "vex-exception", id },
      request: context.request,
      clock: context.clock,
    });
    return { id };
  });
}
