import type { BadgeTone } from "@/components/ui/badge";
import type { SessionStatus } from "@/server/breakglass/policy";
import type { SessionFilter } from "@/server/breakglass/schemas";

export const statusLabels: Record<SessionStatus, { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Awaiting approval", tone: "warn" },
  ACTIVE: { label: "Active", tone: "bad" },
  CLOSED: { label: "Closed", tone: "neutral" },
  REVOKED: { label: "Revoked", tone: "neutral" },
  EXPIRED: { label: "Expired", tone: "neutral" },
  REJECTED: { label: "Rejected", tone: "neutral" },
  REQUEST_EXPIRED: { label: "Request lapsed", tone: "neutral" },
};

export const filterLabels: Record<SessionFilter, string> = {
  active: "Active",
  pending: "Awaiting approval",
  expired: "Expired",
  revoked: "Revoked",
  closed: "Closed",
  "awaiting-review": "Awaiting review",
  overdue: "Review overdue",
};

export const reviewLabels = {
  PENDING: { label: "Awaiting review", tone: "warn" },
  ACKNOWLEDGED: { label: "Acknowledged", tone: "ok" },
  FLAGGED: { label: "Flagged", tone: "bad" },
} as const satisfies Record<string, { label: string; tone: BadgeTone }>;
