// Revocation takes effect on the token's next request: every call looks the token up again.
import { appendAudit } from "../audit/append-audit";
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import type { ApiTokenChangeContext } from "./create-api-token";
import { type ApiTokenIdInput, type ApiTokenSummary, ZApiTokenIdInput } from "./schemas";
import { toApiTokenSummary, tokenSelect } from "./token-row";

export async function revokeApiToken(
  prisma: PortalPrisma,
  options: ApiTokenChangeContext & { input: ApiTokenIdInput },
): Promise<ApiTokenSummary> {
  const { tokenId } = ZApiTokenIdInput.parse(options.input);
  const now = options.clock.now();
  return prisma.$transaction(async (tx) => {
    // conditional update: two administrators revoking at once produce one revocation and one clear refusal
    const { count } = await tx.apiToken.updateMany({
      where: { id: tokenId, revokedAt: null },
      data: { revokedAt: now, revokedById: options.actor.id },
    });
    const row = await tx.apiToken.findUnique({ where: { id: tokenId }, select: tokenSelect });
    if (!row) throw new DomainError("NOT_FOUND", "No such API token");
    if (count === 0) throw new DomainError("CONFLICT", "This token is already revoked");
    await appendAudit(tx, {
      payload: { type: "api_token.revoked", name: row.name, prefix: row.prefix },
      actor: options.actor,
      subject: { type: "api_token", id: row.id },
      request: options.request,
      clock: options.clock,
    });
    return toApiTokenSummary(row, now);
  });
}
