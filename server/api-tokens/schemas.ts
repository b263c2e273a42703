// Inputs and outputs of API token management (admin UI through tRPC).
import { z } from "zod";
import { API_TOKEN_MAX_DAYS, API_TOKEN_SCOPES, type ApiTokenScope, type ApiTokenState } from "./policy";

export const ZApiTokenScope = z.enum(API_TOKEN_SCOPES, {
  error: () => `Unknown scope; tokens can hold: ${API_TOKEN_SCOPES.join(", ")}`,
});

export const ZCreateApiTokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the token after the pipeline that uses it")
    .max(100, "At most 100 characters"),
  scopes: z
    .array(ZApiTokenScope)
    .min(1, "Choose at least one scope")
    .max(API_TOKEN_SCOPES.length, "Too many scopes"),
  expiresInDays: z
    .number()
    .int("Whole days only")
    .min(1, "At least one day")
    .max(API_TOKEN_MAX_DAYS, `At most ${API_TOKEN_MAX_DAYS} days`),
});
export type CreateApiTokenInput = z.input<typeof ZCreateApiTokenInput>;

export const ZApiTokenIdInput = z.object({ tokenId: z.uuid("Not a valid token id") });
export type ApiTokenIdInput = z.input<typeof ZApiTokenIdInput>;

export const ZApiTokenListInput = z.object({
  state: z.enum(["active", "expired", "revoked"]).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  after: z.string().max(200).optional(),
});
export type ApiTokenListInput = z.input<typeof ZApiTokenListInput>;

export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[];
  state: ApiTokenState;
  createdAt: Date;
  createdBy: string;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
};

export type ApiTokenPage = { tokens: ApiTokenSummary[]; nextCursor: string | null };

/** The one time the secret leaves the server: in the answer to the administrator who created it. */
export type CreatedApiToken = { token: string; summary: ApiTokenSummary };
