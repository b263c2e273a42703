// Evidence, newest first, in keyset pages, filtered by kind, link (release, compliance program, break-glass
// session), producer, time and a search over file name and digests.

import type { PortalPrisma } from "../db/connection";
import type { Prisma } from "../db/generated/client";
import { evidenceListSelect, toEvidenceListItem } from "./evidence-row";
import { type EvidenceListInput, type EvidencePage, ZEvidenceListInput } from "./schemas";

function decodeCursor(text: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  return id && !Number.isNaN(createdAt.getTime()) && /^[0-9a-f-]{36}$/.test(id) ? { createdAt, id } : null;
}

export function evidenceWhere(
  input: ReturnType<typeof ZEvidenceListInput.parse>,
): Prisma.EvidenceRecordWhereInput[] {
  const conditions: Prisma.EvidenceRecordWhereInput[] = [];
  if (input.kind) conditions.push({ kind: input.kind });
  if (input.releaseId) conditions.push({ links: { some: { releaseId: input.releaseId } } });
  if (input.programId) {
    conditions.push({ links: { some: { proofArtifact: { item: { programId: input.programId } } } } });
  }
  if (input.breakGlassSessionId) {
    conditions.push({ links: { some: { breakGlassSessionId: input.breakGlassSessionId } } });
  }
  if (input.producer) conditions.push({ producerName: { contains: input.producer, mode: "insensitive" } });
  if (input.from) conditions.push({ createdAt: { gte: input.from } });
  if (input.to) conditions.push({ createdAt: { lt: input.to } });
  if (input.search) {
    const text = input.search;
    const digest = text.toLowerCase().replace(/^sha256:/, "");
    conditions.push({
      OR: [
        { fileName: { contains: text, mode: "insensitive" } },
        ...(/^[0-9a-f]{4,64}$/.test(digest)
          ? [{ sha256: { startsWith: digest } }, { subjectDigest: { startsWith: `sha256:${digest}` } }]
          : []),
        ...(/^sha(384|512):[0-9a-f]+$/i.test(text)
          ? [{ subjectDigest: { startsWith: text.toLowerCase() } }]
          : []),
      ],
    });
  }
  return conditions;
}

export async function findEvidence(prisma: PortalPrisma, rawInput: EvidenceListInput): Promise<EvidencePage> {
  const input = ZEvidenceListInput.parse(rawInput);
  const conditions = evidenceWhere(input);
  const cursor = input.after ? decodeCursor(input.after) : null;
  if (cursor) {
    conditions.push({
      OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
    });
  }
  const rows = await prisma.evidenceRecord.findMany({
    where: { AND: conditions },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: evidenceListSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(toEvidenceListItem),
    nextCursor:
      rows.length > input.limit && last
        ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString("base64url")
        : null,
  };
}
