// Past bundle exports, newest first, in keyset pages; one export with its contents.
import type { PortalPrisma } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { bundleDetailSelect, bundleSummarySelect, toBundleDetail, toBundleSummary } from "./bundle-row";
import { type BundleDetail, type BundleListInput, type BundlePage, ZBundleListInput } from "./schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(text: string): { createdAt: Date; id: string } | null {
  const [at, id] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  return id && !Number.isNaN(createdAt.getTime()) && UUID.test(id) ? { createdAt, id } : null;
}

export async function findBundles(prisma: PortalPrisma, rawInput: BundleListInput): Promise<BundlePage> {
  const input = ZBundleListInput.parse(rawInput);
  const cursor = input.after ? decodeCursor(input.after) : null;
  const rows = await prisma.evidenceBundle.findMany({
    where: cursor
      ? {
          OR: [
            { createdAt: { lt: cursor.createdAt } },
            { createdAt: cursor.createdAt, id: { lt: cursor.id } },
          ],
        }
      : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: bundleSummarySelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    bundles: page.map(toBundleSummary),
    nextCursor:
      rows.length > input.limit && last
        ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString("base64url")
        : null,
  };
}

export async function getBundle(prisma: PortalPrisma, id: string): Promise<BundleDetail> {
  const row = UUID.test(id)
    ? await prisma.evidenceBundle.findUnique({ where: { id }, select: bundleDetailSelect })
    : null;
  if (!row) throw new DomainError("NOT_FOUND", "No such evidence bundle");
  return toBundleDetail(row);
}
