import type { BadgeTone } from "@/components/ui/badge";
import type { ApiTokenScope, ApiTokenState } from "@/server/api-tokens/policy";

export const scopeLabels: Record<ApiTokenScope, string> = {
  "release:read": "Read releases",
  "release:register": "Register releases",
  "promotion:request": "Request promotions",
  "evidence:read": "Read evidence",
  "evidence:upload": "Upload evidence",
};

export const stateLabels: Record<ApiTokenState, { label: string; tone: BadgeTone }> = {
  active: { label: "Active", tone: "ok" },
  expired: { label: "Expired", tone: "warn" },
  revoked: { label: "Revoked", tone: "bad" },
};
