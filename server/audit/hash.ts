// The hash that chains audit events: SHA-256 over the RFC 8785 canonical JSON of the event, prevHash included,
// so changing any field of any event, or removing or reordering events, breaks every link after it.
import { createHash } from "node:crypto";
import { canonicalJson } from "../lib/canonical-json";

export const GENESIS_HASH = "0".repeat(64);

export type HashedEventFields = {
  seq: number;
  occurredAt: string;
  // breakGlassSessionId only when the action was made possible by a break-glass grant, so events written
  // without one hash exactly as before the field existed
  actor: { id: string | null; name: string; roles: readonly string[]; breakGlassSessionId?: string };
  action: string;
  subject: { type: string; id: string | null };
  payload: unknown;
  request: { id: string | null; ip: string | null; userAgent: string | null };
  prevHash: string;
};

export function canonicalEvent(fields: HashedEventFields): string {
  return canonicalJson(fields);
}

export function hashEvent(fields: HashedEventFields): string {
  return createHash("sha256").update(canonicalEvent(fields), "utf8").digest("hex");
}
