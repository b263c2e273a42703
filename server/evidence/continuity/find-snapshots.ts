// Snapshots newest first, in keyset pages; and the run that is queued or running now, if any (for progress).
import type { PortalPrisma } from "../../db/connection";
import { type SnapshotListInput, type SnapshotPage, type SnapshotView, ZSnapshotListInput } from "./schemas";
import { snapshotSelect, toSnapshotView } from "./snapshot-row";

function decodeCursor(text: string): { requestedAt: Date; id: string } | null {
  const [at, id] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const requestedAt = new Date(at ?? "");
  return id && !Number.isNaN(requestedAt.getTime()) && /^[0-9a-f-]{36}$/.test(id)
    ? { requestedAt, id }
    : null;
}

export async function findSnapshots(
  prisma: PortalPrisma,
  rawInput: SnapshotListInput,
): Promise<SnapshotPage> {
  const input = ZSnapshotListInput.parse(rawInput);
  const cursor = input.after ? decodeCursor(input.after) : null;
  const rows = await prisma.evidenceSnapshot.findMany({
    where: {
      AND: [
        input.finishedOnly ? { status: "FINISHED" } : {},
        cursor
          ? {
              OR: [
                { requestedAt: { lt: cursor.requestedAt } },
                { requestedAt: cursor.requestedAt, id: { lt: cursor.id } },
              ],
            }
          : {},
      ],
    },
    orderBy: [{ requestedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: snapshotSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    snapshots: page.map(toSnapshotView),
    nextCursor:
      rows.length > input.limit && last
        ? Buffer.from(`${last.requestedAt.toISOString()}|${last.id}`).toString("base64url")
        : null,
  };
}

export async function findActiveRun(prisma: PortalPrisma): Promise<SnapshotView | null> {
  const row = await prisma.evidenceSnapshot.findFirst({
    where: { status: { in: ["QUEUED", "RUNNING"] } },
    select: snapshotSelect,
  });
  return row ? toSnapshotView(row) : null;
}
