// Freeze windows: from startsAt (inclusive) to endsAt (exclusive) an environment takes no promotions, except one
// done under an active break-glass grant of promotion:override-freeze (recorded with the promotion). Created and
// removed by policy:manage, each audited. A window that has ended is history and stays; removing one that is on
// ends the freeze early.
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { type CreateFreezeInput, ZCreateFreezeInput, ZFreezeIdInput } from "../promotion/schemas";
import type { Environment } from "../promotion/vocabulary";

type Acting = { actor: AuditActor & { id: string }; request?: AuditRequestMeta; clock: Clock };

export async function createFreezeWindow(
  tx: PortalTx,
  options: CreateFreezeInput & Acting,
): Promise<{ id: string }> {
  const input = ZCreateFreezeInput.parse(options);
  if (input.endsAt.getTime() <= options.clock.now().getTime()) {
    throw new DomainError("BAD_REQUEST", "this window would already be over: choose an end in the future", {
      field: "endsAt",
    });
  }
  const created = await tx.freezeWindow.create({
    data: {
      environment: input.environment,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason: input.reason,
      createdById: options.actor.id,
      createdByName: options.actor.name,
      createdAt: options.clock.now(),
    },
    select: { id: true },
  });
  await appendAudit(tx, {
    payload: {
      type: "promotion.freeze_created",
      freezeWindowId: created.id,
      environment: input.environment,
      startsAt: input.startsAt.toISOString(),
      endsAt: input.endsAt.toISOString(),
      reason: input.reason,
    },
    actor: options.actor,
    subject: { type: "environment-policy", id: input.environment },
    request: options.request,
    clock: options.clock,
  });
  return created;
}

export async function deleteFreezeWindow(
  tx: PortalTx,
  options: { id: string } & Acting,
): Promise<{ id: string }> {
  const { id } = ZFreezeIdInput.parse(options);
  const row = await tx.freezeWindow.findUnique({
    where: { id },
    select: { id: true, environment: true, startsAt: true, endsAt: true, reason: true },
  });
  if (!row) throw new DomainError("NOT_FOUND", `no freeze window ${id}`);
  if (row.endsAt.getTime() <= options.clock.now().getTime()) {
    throw new DomainError("CONFLICT", "this freeze window has ended: it stays as history");
  }
  await tx.freezeWindow.delete({ where: { id } });
  await appendAudit(tx, {
    payload: {
      type: "promotion.freeze_deleted",
      freezeWindowId: row.id,
      environment: row.environment as Environment,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      reason: row.reason,
    },
    actor: options.actor,
    subject: { type: "environment-policy", id: row.environment },
    request: options.request,
    clock: options.clock,
  });
  return { id };
}
