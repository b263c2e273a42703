// Section 2: the /audit page's query (findAuditEvents, keyset pagination) on the first page and on a page ~99%
// of the way into the log, with and without an action filter. An OFFSET query for the same deep page shows what
// keyset pagination avoids: OFFSET reads and throws away every row before the page. The filtered first page is
// also timed before the table has planner statistics, the state PGlite stays in: it has no autovacuum.
import { findAuditEvents } from "../server/audit/find-audit-events";
import type { PortalPrisma } from "../server/db/connection";
import { medianMsEach } from "./measure";
import { FILTERED_ACTION } from "./synthetic-events";

export type PageLatencyOptions = { logSize: number; runs: number; warmup: number };

export type PageLatency = {
  /** the cursor of the deep page (desc order: the page holds the events just below it) */
  deepCursor: number;
  /** how many newer events a reader pages past to get there */
  depth: number;
  firstMs: number;
  deepMs: number;
  firstFilteredMs: number;
  deepFilteredMs: number;
  offsetDeepMs: number;
  firstFilteredWithoutStatisticsMs: number;
};

const LIMIT = 50;
// deep enough to hold a full page of the filtered action (one event in five) below the cursor
const MIN_DEEP_CURSOR = 500;

async function hasStatistics(prisma: PortalPrisma): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM pg_stats WHERE tablename = 'audit_events'`;
  return (rows[0]?.count ?? 0n) > 0n;
}

export async function measurePageLatency(
  prisma: PortalPrisma,
  options: PageLatencyOptions,
): Promise<PageLatency> {
  const deepCursor = Math.max(Math.round(options.logSize / 100), MIN_DEEP_CURSOR);
  const depth = options.logSize - deepCursor + 1;
  const filters = { action: FILTERED_ACTION };
  const works = {
    first: () => findAuditEvents(prisma, { limit: LIMIT }),
    deep: () => findAuditEvents(prisma, { limit: LIMIT, after: deepCursor }),
    firstFiltered: () => findAuditEvents(prisma, { limit: LIMIT, filters }),
    deepFiltered: () => findAuditEvents(prisma, { limit: LIMIT, after: deepCursor, filters }),
    offsetDeep: () =>
      prisma.$queryRaw<{ seq: bigint }[]>`
        SELECT seq, occurred_at, actor_id, actor_name, actor_roles, action, subject_type, subject_id, request_id, ip
        FROM audit_events ORDER BY seq DESC OFFSET ${depth} LIMIT ${LIMIT}`,
  };

  // Every timed query must return a full page, and keyset and OFFSET the same one, or the ratios mean nothing.
  const keysetSeqs = (await works.deep()).events.map((event) => event.seq);
  const offsetSeqs = (await works.offsetDeep()).map((row) => Number(row.seq));
  if (keysetSeqs.length !== LIMIT || keysetSeqs.join() !== offsetSeqs.join()) {
    throw new Error(`keyset and OFFSET disagree on the page after seq ${deepCursor}`);
  }
  for (const work of [works.first, works.firstFiltered, works.deepFiltered]) {
    if ((await work()).events.length !== LIMIT) throw new Error("a timed /audit query returned a short page");
  }

  if (await hasStatistics(prisma)) {
    throw new Error(
      "audit_events already has planner statistics; the bench database must start without them",
    );
  }
  const withoutStatistics = await medianMsEach({
    runs: options.runs,
    warmup: options.warmup,
    works: { firstFiltered: works.firstFiltered },
  });
  await prisma.$executeRaw`ANALYZE audit_events`;
  const timings = await medianMsEach({ runs: options.runs, warmup: options.warmup, works });
  return {
    deepCursor,
    depth,
    firstMs: timings.first,
    deepMs: timings.deep,
    firstFilteredMs: timings.firstFiltered,
    deepFilteredMs: timings.deepFiltered,
    offsetDeepMs: timings.offsetDeep,
    firstFilteredWithoutStatisticsMs: withoutStatistics.firstFiltered,
  };
}
