// The key list of /keys: keyset pages newest first, filtered by purpose, status, backend and text (key id or
// label), each key with how many signatures the portal recorded for it and when it last signed.
import type { PortalTx } from "../../db/connection";
import type { Prisma } from "../../db/generated/client";
import { DomainError } from "../../lib/domain-error";
import { type SigningKeyDto, signingKeySelect, toSigningKeyDto } from "./registry";
import { type KeyListInput, ZKeyListInput } from "./schemas";

export type SigningKeyListItem = SigningKeyDto & { signatureCount: number; lastSignedAt: Date | null };
export type SigningKeyPage = { keys: SigningKeyListItem[]; nextCursor: string | null };

type Cursor = { createdAt: string; id: string };

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.id])).toString("base64url");
}

function decodeCursor(text: string): Cursor | null {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
    if (Number.isNaN(new Date(value[0]).getTime()) || !/^[0-9a-f-]{36}$/.test(value[1])) return null;
    return { createdAt: value[0], id: value[1] };
  } catch {
    return null;
  }
}

export async function signatureStats(
  db: PortalTx,
  keyIds: readonly string[],
): Promise<Map<string, { count: number; last: Date | null }>> {
  if (keyIds.length === 0) return new Map();
  const groups = await db.signatureRecord.groupBy({
    by: ["signingKeyId"],
    where: { signingKeyId: { in: [...keyIds] } },
    _count: { _all: true },
    _max: { signedAt: true },
  });
  return new Map(
    groups.map((group) => [group.signingKeyId, { count: group._count._all, last: group._max.signedAt }]),
  );
}

export async function findSigningKeys(db: PortalTx, rawInput: KeyListInput): Promise<SigningKeyPage> {
  const input = ZKeyListInput.parse(rawInput);
  const cursor = input.after ? decodeCursor(input.after) : null;
  if (input.after && !cursor) {
    throw new DomainError("BAD_REQUEST", "Not a valid page cursor", {
      fieldErrors: { after: ["Not a valid page cursor"] },
    });
  }
  const search = input.search?.trim();
  const where: Prisma.SigningKeyWhereInput = {
    AND: [
      input.purpose ? { purpose: input.purpose } : {},
      input.status ? { status: input.status } : {},
      input.backend ? { backend: input.backend } : {},
      search
        ? {
            OR: [
              { keyId: { contains: search.toLowerCase() } },
              { label: { contains: search, mode: "insensitive" as const } },
            ],
          }
        : {},
      cursor
        ? {
            OR: [
              { createdAt: { lt: new Date(cursor.createdAt) } },
              { createdAt: new Date(cursor.createdAt), id: { lt: cursor.id } },
            ],
          }
        : {},
    ],
  };
  const rows = await db.signingKey.findMany({
    where,
    select: signingKeySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const stats = await signatureStats(
    db,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    keys: page.map((row) => ({
      ...toSigningKeyDto(row),
      signatureCount: stats.get(row.id)?.count ?? 0,
      lastSignedAt: stats.get(row.id)?.last ?? null,
    })),
    nextCursor:
      rows.length > input.limit && last
        ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id })
        : null,
  };
}
