// Inputs and outputs of break-glass (tRPC and tests). Policy-dependent limits (reason codes, durations) are
// checked by policy.ts against the configured policy, so these only bound the shapes.
import { z } from "zod";
import type { Permission } from "../authz/permissions";
import type { ReviewOutcome, SessionStatus } from "./policy";
import { REVIEW_OUTCOMES } from "./policy";

const ZSessionId = z.uuid("Not a valid session id");

export const ZOpenSessionInput = z.object({
  reasonCode: z.string().trim().min(1, "Choose a reason code").max(40),
  justification: z
    .string()
    .trim()
    .min(10, "Say in a sentence what is happening (at least 10 characters)")
    .max(2000, "At most 2000 characters"),
  ticketRef: z
    .string()
    .trim()
    .max(200, "At most 200 characters")
    .optional()
    .transform((value) => (value ? value : undefined)),
  scopes: z.array(z.string().max(60)).min(1, "Choose at least one scope").max(30),
  durationMinutes: z
    .number()
    .int("Whole minutes only")
    .positive()
    .max(24 * 60)
    .optional(),
});
export type OpenSessionInput = z.input<typeof ZOpenSessionInput>;

export const ZSessionIdInput = z.object({ sessionId: ZSessionId });
export type SessionIdInput = z.input<typeof ZSessionIdInput>;

export const ZDecideInput = z.object({
  sessionId: ZSessionId,
  approve: z.boolean(),
  note: z.string().trim().max(2000).default(""),
});
export type DecideInput = z.input<typeof ZDecideInput>;

export const ZExtendInput = z.object({
  sessionId: ZSessionId,
  minutes: z
    .number()
    .int("Whole minutes only")
    .positive("At least one minute")
    .max(24 * 60),
  reason: z.string().trim().min(5, "Say why the session needs more time").max(2000),
});
export type ExtendInput = z.input<typeof ZExtendInput>;

export const ZCloseInput = z.object({ sessionId: ZSessionId, note: z.string().trim().max(2000).optional() });
export type CloseInput = z.input<typeof ZCloseInput>;

export const ZRevokeInput = z.object({
  sessionId: ZSessionId,
  note: z.string().trim().min(5, "Say why the session is revoked").max(2000),
});
export type RevokeInput = z.input<typeof ZRevokeInput>;

export const ZReviewInput = z
  .object({
    sessionId: ZSessionId,
    outcome: z.enum(REVIEW_OUTCOMES),
    notes: z.string().trim().max(4000).default(""),
  })
  .refine((input) => input.outcome !== "FLAGGED" || input.notes.length >= 5, {
    path: ["notes"],
    message: "Say what is wrong when you flag a session",
  });
export type ReviewInput = z.input<typeof ZReviewInput>;

export const SESSION_FILTERS = [
  "active",
  "pending",
  "expired",
  "revoked",
  "closed",
  "awaiting-review",
  "overdue",
] as const;
export type SessionFilter = (typeof SESSION_FILTERS)[number];

export const ZSessionListInput = z.object({
  filter: z.enum(SESSION_FILTERS).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  after: z.string().max(200).optional(),
});
export type SessionListInput = z.input<typeof ZSessionListInput>;

export type SessionView = {
  id: string;
  requester: { id: string; name: string };
  reasonCode: string;
  reasonLabel: string;
  justification: string;
  ticketRef: string | null;
  scopes: Permission[];
  durationMinutes: number;
  approvalRequired: boolean;
  /** as of the moment of the answer: an ACTIVE row past its expiry reads EXPIRED */
  status: SessionStatus;
  requestedAt: Date;
  requestExpiresAt: Date | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  activatedAt: Date | null;
  expiresAt: Date | null;
  hardExpiresAt: Date | null;
  extensionCount: number;
  extensionsLeft: number;
  endedAt: Date | null;
  endedBy: string | null;
  endNote: string | null;
  review: {
    status: "PENDING" | ReviewOutcome | null;
    by: string | null;
    at: Date | null;
    notes: string | null;
    overdue: boolean;
  };
};

export type SessionPage = { sessions: SessionView[]; nextCursor: string | null };

export type ExtensionView = {
  extendedAt: Date;
  by: string;
  reason: string;
  fromExpiresAt: Date;
  toExpiresAt: Date;
};

export type SessionReportEvent = {
  seq: number;
  occurredAt: Date;
  actor: string;
  action: string;
  subject: { type: string; id: string | null };
  /** true when the event is an action done with the session's grants (not the session's own lifecycle) */
  underGrant: boolean;
};

export type SessionReport = {
  session: SessionView;
  extensions: ExtensionView[];
  events: SessionReportEvent[];
};
