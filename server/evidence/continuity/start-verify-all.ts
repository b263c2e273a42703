// Asks for a verify-all run: a QUEUED snapshot and its audit event, in one transaction. At most one run is queued
// or running at a time, whatever the number of server instances and buttons pressed: an advisory lock serialises
// the starts and a partial unique index in the database refuses a second active row if anything slips past it.
// The run itself is done in the background (run-verify-all.ts).
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalPrisma } from "../../db/connection";
import { Prisma } from "../../db/generated/client";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { type SnapshotView, type StartVerifyAllInput, ZStartVerifyAllInput } from "./schemas";
import { snapshotSelect, toSnapshotView } from "./snapshot-row";

const VERIFY_ALL_START_LOCK = 4_242_301;

export type StartVerifyAllDeps = { prisma: PortalPrisma; clock: Clock; appVersion: string };

function alreadyRunning(active: { label: string; requestedByName: string; status: string }): DomainError {
  return new DomainError(
    "CONFLICT",
    `A verify-all run is already ${active.status === "QUEUED" ? "queued" : "running"} (“${active.label}”, asked for by ${active.requestedByName}); wait for it to finish`,
    { label: active.label },
  );
}

export async function startVerifyAll(
  deps: StartVerifyAllDeps,
  options: { input: StartVerifyAllInput; actor: AuditActor; request?: AuditRequestMeta },
): Promise<SnapshotView> {
  const { label } = ZStartVerifyAllInput.parse(options.input);
  try {
    return await deps.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${VERIFY_ALL_START_LOCK})`;
      const active = await tx.evidenceSnapshot.findFirst({
        where: { status: { in: ["QUEUED", "RUNNING"] } },
        select: { label: true, requestedByName: true, status: true },
      });
      if (active) throw alreadyRunning(active);
      const row = await tx.evidenceSnapshot.create({
        data: {
          label,
          appVersion: deps.appVersion,
          status: "QUEUED",
          requestedAt: deps.clock.now(),
          requestedById: options.actor.id,
          requestedByName: options.actor.name,
        },
        select: snapshotSelect,
      });
      await appendAudit(tx, {
        payload: { type: "evidence.verify_all_started", label, appVersion: deps.appVersion },
        actor: options.actor,
        subject: { type: "evidence_snapshot", id: row.id },
        request: options.request,
        clock: deps.clock,
      });
      return toSnapshotView(row);
    });
  } catch (error) {
    // the partial unique index: another start won a race the lock did not see (it cannot, short of a bug)
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const active = await deps.prisma.evidenceSnapshot.findFirst({
        where: { status: { in: ["QUEUED", "RUNNING"] } },
        select: { label: true, requestedByName: true, status: true },
      });
      if (active) throw alreadyRunning(active);
    }
    throw error;
  }
}
