// Section 3: how fast an auditor's full chain verification runs, against the floor set by SHA-256 alone over the
// same canonical bytes. In between, hashEvent in memory (canonical JSON + SHA-256) shows how much of the gap is
// serialisation and how much is reading rows through Prisma.
import { createHash } from "node:crypto";
import { canonicalEvent, type HashedEventFields, hashEvent } from "../server/audit/hash";
import { hashedFieldsOf } from "../server/audit/stored-event";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import type { PortalPrisma } from "../server/db/connection";
import { medianMsSync, perSecond, timed } from "./measure";

export type VerifyThroughput = {
  events: number;
  verifyPerSecond: number;
  hashEventPerSecond: number;
  rawSha256PerSecond: number;
};

const READ_BATCH = 5_000;
const IN_MEMORY_PASSES = 3;

async function readAllFields(prisma: PortalPrisma): Promise<HashedEventFields[]> {
  const fields: HashedEventFields[] = [];
  let after = 0n;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({
      where: { seq: { gt: after } },
      orderBy: { seq: "asc" },
      take: READ_BATCH,
    });
    for (const row of rows) fields.push(hashedFieldsOf(row));
    const last = rows.at(-1);
    if (!last || rows.length < READ_BATCH) return fields;
    after = last.seq;
  }
}

export async function measureVerifyThroughput(prisma: PortalPrisma): Promise<VerifyThroughput> {
  const { value: result, ms: verifyMs } = await timed(() => verifyAuditChain(prisma));
  if (!result.ok) throw new Error(`the benchmark log does not verify: ${result.explanation}`);

  const fields = await readAllFields(prisma);
  if (fields.length !== result.eventsChecked) {
    throw new Error(`verified ${result.eventsChecked} events but read back ${fields.length}`);
  }
  const canonicalBytes = fields.map((f) => Buffer.from(canonicalEvent(f), "utf8"));
  let sink = 0;
  const hashEventMs = medianMsSync(IN_MEMORY_PASSES, () => {
    for (const f of fields) sink ^= hashEvent(f).charCodeAt(0);
  });
  const rawMs = medianMsSync(IN_MEMORY_PASSES, () => {
    for (const bytes of canonicalBytes)
      sink ^= createHash("sha256").update(bytes).digest("hex").charCodeAt(0);
  });
  // keeps the loops' results observable so neither can be optimised away
  if (sink < 0) throw new Error("unreachable");
  return {
    events: result.eventsChecked,
    verifyPerSecond: perSecond(result.eventsChecked, verifyMs),
    hashEventPerSecond: perSecond(fields.length, hashEventMs),
    rawSha256PerSecond: perSecond(fields.length, rawMs),
  };
}
