// Keyset pagination over the audit log: every page is an index range scan from a cursor, so the 100,000th page
// costs what the first one does (OFFSET would read and discard every row before it).
import type { PortalPrisma } from "../db/connection";
import type { Prisma } from "../db/generated/client";
import { type AuditEventSummary, type AuditListInput, type AuditPage, ZAuditListInput } from "./schemas";

const summarySelect = {
  seq: true,
  occurredAt: true,
  actorId: true,
  actorName: true,
  actorRoles: true,
  action: true,
  subjectType: true,
  subjectId: true,
  requestId: true,
  ip: true,
} satisfies Prisma.AuditEventSelect;

type SummaryRow = Prisma.AuditEventGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow): AuditEventSummary {
  return {
    seq: Number(row.seq),
    occurredAt: row.occurredAt,
    actor: { id: row.actorId, name: row.actorName, roles: row.actorRoles },
    action: row.action,
    subject: { type: row.subjectType, id: row.subjectId },
    requestId: row.requestId,
    ip: row.ip,
  };
}

export async function findAuditEvents(prisma: PortalPrisma, rawInput: AuditListInput): Promise<AuditPage> {
  const input = ZAuditListInput.parse(rawInput);
  const { filters } = input;
  const where: Prisma.AuditEventWhereInput = {
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.subjectType ? { subjectType: filters.subjectType } : {}),
    ...(filters.subjectId ? { subjectId: filters.subjectId } : {}),
    ...(filters.from || filters.to
      ? {
          occurredAt: {
            ...(filters.from ? { gte: filters.from } : {}),
            ...(filters.to ? { lte: filters.to } : {}),
          },
        }
      : {}),
  };
  const descending = input.order === "desc";
  // Going back means reading the other way from the first row of the current page, then flipping the result.
  const goingBack = input.before !== undefined;
  const cursor = input.after ?? input.before;
  const readDescending = goingBack ? !descending : descending;
  const seqBound =
    cursor === undefined ? undefined : readDescending ? { lt: BigInt(cursor) } : { gt: BigInt(cursor) };
  const rows = await prisma.auditEvent.findMany({
    where: seqBound ? { AND: [where, { seq: seqBound }] } : where,
    orderBy: { seq: readDescending ? "desc" : "asc" },
    take: input.limit + 1,
    select: summarySelect,
  });
  const hasMore = rows.length > input.limit;
  const page = rows.slice(0, input.limit).map(toSummary);
  if (goingBack) page.reverse();
  const first = page[0]?.seq ?? null;
  const last = page.at(-1)?.seq ?? null;
  return {
    events: page,
    nextCursor: goingBack ? last : hasMore ? last : null,
    previousCursor: goingBack ? (hasMore ? first : null) : cursor !== undefined ? first : null,
  };
}
