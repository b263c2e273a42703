// The ceremony list of /keys/ceremonies (newest first, keyset pages) and one ceremony. Filters use the effective
// status: a pending ceremony past its expiry is listed as expired even before the sweeper recorded it.
import type { PortalTx } from "../../db/connection";
import type { Prisma } from "../../db/generated/client";
import { DomainError } from "../../lib/domain-error";
import { type CeremonyDto, ceremonySelect, toCeremonyDto } from "./ceremony-views";
import { type CeremonyListInput, ZCeremonyIdInput, ZCeremonyListInput } from "./schemas";

export type CeremonyPage = { ceremonies: CeremonyDto[]; nextCursor: string | null };
type Viewer = { id: string; roles: readonly string[] };

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(text: string): { createdAt: Date; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (!Array.isArray(value) || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
    const createdAt = new Date(value[0]);
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(value[1])) return null;
    return { createdAt, id: value[1] };
  } catch {
    return null;
  }
}

function statusWhere(status: string | undefined, now: Date): Prisma.KeyCeremonyWhereInput {
  if (status === "pending") return { status: "pending", expiresAt: { gt: now } };
  if (status === "expired") {
    return { OR: [{ status: "expired" }, { status: "pending", expiresAt: { lte: now } }] };
  }
  return status ? { status } : {};
}

export async function findCeremonies(
  db: PortalTx,
  rawInput: CeremonyListInput,
  now: Date,
  viewer: Viewer,
): Promise<CeremonyPage> {
  const input = ZCeremonyListInput.parse(rawInput);
  const cursor = input.after ? decodeCursor(input.after) : null;
  if (input.after && !cursor) {
    throw new DomainError("BAD_REQUEST", "Not a valid page cursor", {
      fieldErrors: { after: ["Not a valid page cursor"] },
    });
  }
  const rows = await db.keyCeremony.findMany({
    where: {
      AND: [
        statusWhere(input.status, now),
        input.operation ? { operation: input.operation } : {},
        cursor
          ? {
              OR: [
                { createdAt: { lt: cursor.createdAt } },
                { createdAt: cursor.createdAt, id: { lt: cursor.id } },
              ],
            }
          : {},
      ],
    },
    select: ceremonySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    ceremonies: page.map((row) => toCeremonyDto(row, now, viewer)),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

export async function getCeremony(
  db: PortalTx,
  input: { id: string },
  now: Date,
  viewer: Viewer,
): Promise<CeremonyDto> {
  const { id } = ZCeremonyIdInput.parse(input);
  const row = await db.keyCeremony.findUnique({ where: { id }, select: ceremonySelect });
  if (!row) throw new DomainError("NOT_FOUND", `no key ceremony ${id}`);
  return toCeremonyDto(row, now, viewer);
}

/** Security officers who can be named as custodians (for the forms). */
export async function findCustodians(db: PortalTx): Promise<{ id: string; name: string; email: string }[]> {
  return db.user.findMany({
    where: { disabled: false, roles: { has: "SECURITY_OFFICER" } },
    select: { id: true, name: true, email: true },
    orderBy: { name: "asc" },
  });
}
