import { z } from "zod";
import { AUDIT_ACTIONS } from "./events";

const ZSeqCursor = z.coerce.number().int().positive();

export const ZAuditListInput = z
  .object({
    /** newest first by default */
    order: z.enum(["desc", "asc"]).default("desc"),
    limit: z.number().int().min(1).max(200).default(50),
    /** keyset cursor: the seq of the last row of the previous page (exclusive) */
    after: ZSeqCursor.optional(),
    /** keyset cursor for going back: the seq of the first row of the current page (exclusive) */
    before: ZSeqCursor.optional(),
    filters: z
      .object({
        actorId: z.string().trim().min(1).max(200).optional(),
        action: z.enum(AUDIT_ACTIONS as [string, ...string[]]).optional(),
        subjectType: z.string().trim().min(1).max(100).optional(),
        subjectId: z.string().trim().min(1).max(200).optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
      })
      .refine((f) => !f.from || !f.to || f.from <= f.to, {
        message: "'from' must be before 'to'",
        path: ["to"],
      })
      .default({}),
  })
  .refine((input) => !(input.after && input.before), {
    message: "give either 'after' or 'before', not both",
  });

export type AuditListInput = z.input<typeof ZAuditListInput>;

export const ZAuditGetInput = z.object({ seq: ZSeqCursor });

/** What the browser sees of an event: no database row, plain JSON-safe fields. */
export type AuditEventSummary = {
  seq: number;
  occurredAt: Date;
  actor: { id: string | null; name: string; roles: string[] };
  action: string;
  subject: { type: string; id: string | null };
  requestId: string | null;
  ip: string | null;
};

export type AuditEventDetail = AuditEventSummary & {
  userAgent: string | null;
  payload: unknown;
  prevHash: string;
  hash: string;
  /** the exact bytes the hash is computed over */
  canonicalJson: string;
  hashMatches: boolean;
};

export type AuditPage = {
  events: AuditEventSummary[];
  /** cursor for the next page in the chosen order, null at the end */
  nextCursor: number | null;
  /** cursor for the previous page, null at the start */
  previousCursor: number | null;
};
