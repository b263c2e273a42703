// What every promotion service receives, and who is acting: a person (from a tRPC procedure: ctx.actor, with the
// break-glass session whose grant allowed the step) or a CI pipeline's API token (REST).
import type { ApiCaller } from "../../api-tokens/authenticate-api-token";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { noPromotionEvents, type PromotionEventSink } from "./webhook-events";

export type PromotionDeps = {
  prisma: PortalPrisma;
  clock: Clock;
  events?: PromotionEventSink;
};

export type PersonActor = {
  kind: "person";
  id: string;
  name: string;
  roles: readonly string[];
  /** the break-glass session whose grant made this step possible (audit events name it) */
  breakGlassSessionId: string | null;
};

export type TokenActor = { kind: "api-token"; tokenId: string; name: string; audit: AuditActor };

export type PromotionActor = PersonActor | TokenActor;

export type ActingContext = { actor: PromotionActor; request?: AuditRequestMeta };

export function auditActorOf(actor: PromotionActor, breakGlassSessionId?: string | null): AuditActor {
  if (actor.kind === "api-token") return actor.audit;
  return {
    id: actor.id,
    name: actor.name,
    roles: actor.roles,
    breakGlassSessionId: breakGlassSessionId ?? actor.breakGlassSessionId,
  };
}

export function tokenActorOf(caller: ApiCaller): TokenActor {
  return { kind: "api-token", tokenId: caller.tokenId, name: caller.actor.name, audit: caller.actor };
}

export function eventsOf(deps: PromotionDeps): PromotionEventSink {
  return deps.events ?? noPromotionEvents;
}
