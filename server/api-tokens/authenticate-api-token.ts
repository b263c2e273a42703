// Who is calling /api/v1, and may they do this? Looked up on every request, so a revocation or an expiry
// stops the very next call. Refusals of real tokens are audited; garbage tokens are only logged.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import {
  type ApiTokenScope,
  isApiTokenScope,
  type TokenRequirement,
  tokenAllows,
  tokenStateOf,
} from "./policy";
import { hashToken, looksLikeToken } from "./token-format";

export type ApiCaller = {
  tokenId: string;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[];
  /** how the token appears in audit events: not a person, so no user id */
  actor: AuditActor;
};

/** "Authorization: Bearer rgp_..." -> the token, or null when the header is absent or of another kind. */
export function bearerTokenOf(headers: Headers): string | null {
  const header = headers.get("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

export async function authenticateApiToken(
  prisma: PortalPrisma,
  options: {
    token: string | null;
    permission: TokenRequirement;
    target: string;
    request: AuditRequestMeta;
    clock: Clock;
  },
): Promise<ApiCaller> {
  const { token, permission, clock } = options;
  if (!token) throw new DomainError("UNAUTHORIZED", "Send an API token: Authorization: Bearer <token>");
  const invalid = () => new DomainError("UNAUTHORIZED", "This API token is not valid");
  if (!looksLikeToken(token)) throw invalid();
  const row = await prisma.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true, revokedAt: true },
  });
  if (!row) throw invalid();
  const now = clock.now();
  const actor: AuditActor = { id: null, name: `api-token:${row.name} (${row.prefix}…)`, roles: [] };
  if (!tokenAllows(row, permission, now)) {
    const state = tokenStateOf(row, now);
    const reason = state === "active" ? "missing_scope" : state;
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: {
          type: "api_token.refused",
          reason,
          prefix: row.prefix,
          permission,
          target: options.target,
        },
        actor,
        subject: { type: "api_token", id: row.id },
        request: options.request,
        clock,
      }),
    );
    if (reason === "missing_scope") {
      throw new DomainError("FORBIDDEN", `This API token does not hold the scope ${permission}`, {
        scope: permission,
      });
    }
    throw new DomainError("UNAUTHORIZED", `This API token is ${reason}`);
  }
  await prisma.apiToken.update({
    where: { id: row.id },
    data: { lastUsedAt: now, lastUsedIp: options.request.ip ?? null },
  });
  return {
    tokenId: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.filter(isApiTokenScope),
    actor,
  };
}
