// An administrator creates a token for a pipeline. The secret is returned once and never stored or audited.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";
import { type CreateApiTokenInput, type CreatedApiToken, ZCreateApiTokenInput } from "./schemas";
import { generateToken } from "./token-format";
import { toApiTokenSummary, tokenSelect } from "./token-row";

const DAY_MS = 24 * 60 * 60 * 1000;

export type ApiTokenChangeContext = {
  actor: AuditActor & { id: string };
  request?: AuditRequestMeta;
  clock: Clock;
};

export async function createApiToken(
  prisma: PortalPrisma,
  options: ApiTokenChangeContext & { input: CreateApiTokenInput },
): Promise<CreatedApiToken> {
  const input = ZCreateApiTokenInput.parse(options.input);
  const scopes = [...new Set(input.scopes)];
  const now = options.clock.now();
  const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
  const { token, prefix, tokenHash } = generateToken();
  return prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        prefix,
        tokenHash,
        scopes,
        expiresAt,
        createdAt: now,
        createdById: options.actor.id,
      },
      select: tokenSelect,
    });
    await appendAudit(tx, {
      payload: {
        type: "api_token.created",
        name: row.name,
        prefix,
        scopes,
        expiresAt: expiresAt.toISOString(),
      },
      actor: options.actor,
      subject: { type: "api_token", id: row.id },
      request: options.request,
      clock: options.clock,
    });
    return { token, summary: toApiTokenSummary(row, now) };
  });
}
