import type { PortalTx } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { type SessionRow, sessionSelect } from "./session-row";

export async function loadSession(tx: PortalTx, sessionId: string): Promise<SessionRow> {
  const row = await tx.breakGlassSession.findUnique({ where: { id: sessionId }, select: sessionSelect });
  if (!row) throw new DomainError("NOT_FOUND", "No such break-glass session");
  return row;
}

/** A conditional update found the row changed under it: someone else acted first. */
export function lostRace(): DomainError {
  return new DomainError("CONFLICT", "This session changed in the meantime; reload to see its state");
}
