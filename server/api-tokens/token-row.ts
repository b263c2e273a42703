// The columns the token services read and the row -> DTO mapping they share.
import type { Prisma } from "../db/generated/client";
import { type ApiTokenScope, isApiTokenScope, tokenStateOf } from "./policy";
import type { ApiTokenSummary } from "./schemas";

export const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
  createdBy: { select: { name: true } },
  revokedBy: { select: { name: true } },
} satisfies Prisma.ApiTokenSelect;

export type TokenRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenSelect }>;

export function toApiTokenSummary(row: TokenRow, now: Date): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    // a scope removed from the policy since creation simply stops counting
    scopes: row.scopes.filter(isApiTokenScope) as ApiTokenScope[],
    state: tokenStateOf(row, now),
    createdAt: row.createdAt,
    createdBy: row.createdBy.name,
    expiresAt: row.expiresAt,
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy?.name ?? null,
  };
}
