// Audit events of API token management and use. The token itself is never recorded, only its prefix.
import { z } from "zod";

export const apiTokenAuditEvents = [
  z.object({
    type: z.literal("api_token.created"),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    expiresAt: z.string(),
  }),
  z.object({ type: z.literal("api_token.revoked"), name: z.string(), prefix: z.string() }),
  z.object({
    type: z.literal("api_token.refused"),
    // only real tokens that may not act are audited; unknown tokens go to the log (anyone can send garbage)
    reason: z.enum(["revoked", "expired", "missing_scope"]),
    prefix: z.string(),
    permission: z.string(),
    target: z.string(),
  }),
] as const;

export const apiTokenAuditLabels = {
  "api_token.created": "API token created",
  "api_token.revoked": "API token revoked",
  "api_token.refused": "API call refused",
} as const;
