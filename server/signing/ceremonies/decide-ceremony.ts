// A custodian approves or rejects a ceremony. The ceremony row is locked first (SELECT ... FOR UPDATE), so
// decisions on one ceremony happen one after the other on every database: of two approvals that arrive at the
// same moment as the M-th, one executes the operation and the other finds the ceremony executed. The status moves
// by a conditional update (WHERE status = 'pending') as a second guard. A refused decision changes nothing and is
// audited on its own; an execution that fails closes the ceremony as failed (rolled back to a savepoint, so the
// operation leaves no trace but its failure), except a wrong share set, which leaves it waiting.
import { appendAudit } from "../../audit/append-audit";
import type { AuditRequestMeta } from "../../audit/events";
import type { PortalPrisma, PortalTx } from "../../db/connection";
import type { Prisma } from "../../db/generated/client";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { SigningFailure } from "../signing-failure";
import { type CeremonyDto, ceremonySelect, stateOf, toCeremonyDto } from "./ceremony-views";
import { executeCeremony, isShareSetError } from "./execute-ceremony";
import { approvalsOf, checkDecision, effectiveStatus } from "./policy";
import { type DecideCeremonyInput, ZDecideCeremonyInput } from "./schemas";
import type { CeremonyDecision, CeremonyOperation } from "./vocabulary";

export type Decider = { id: string; name: string; roles: readonly string[] };

export type DecideCeremonyOptions = DecideCeremonyInput & {
  decision: CeremonyDecision;
  user: Decider;
  request?: AuditRequestMeta;
  clock: Clock;
};

async function lockCeremony(tx: PortalTx, id: string) {
  await tx.$queryRaw`SELECT 1 FROM "key_ceremonies" WHERE "id" = ${id}::uuid FOR UPDATE`;
  const row = await tx.keyCeremony.findUnique({ where: { id }, select: ceremonySelect });
  if (!row) throw new DomainError("NOT_FOUND", `no key ceremony ${id}`);
  return row;
}

async function closeAs(tx: PortalTx, id: string, data: Prisma.KeyCeremonyUpdateManyMutationInput) {
  const moved = await tx.keyCeremony.updateMany({ where: { id, status: "pending" }, data });
  if (moved.count !== 1) throw new DomainError("CONFLICT", "this ceremony was closed meanwhile");
}

export async function decideCeremony(tx: PortalTx, options: DecideCeremonyOptions): Promise<CeremonyDto> {
  const input = ZDecideCeremonyInput.parse(options);
  const now = options.clock.now();
  const viewer = { id: options.user.id, roles: options.user.roles };
  const actor = { id: options.user.id, name: options.user.name, roles: options.user.roles };
  const audit = {
    actor,
    subject: { type: "key-ceremony", id: input.id },
    request: options.request,
    clock: options.clock,
  };
  const row = await lockCeremony(tx, input.id);
  const operation = row.operation as CeremonyOperation;
  const check = checkDecision(stateOf(row), viewer, options.decision, now);
  if (!check.ok) throw new DomainError(check.code, check.message, { ceremonyId: row.id });

  await tx.keyCeremonyApproval.create({
    data: {
      ceremonyId: row.id,
      userId: options.user.id,
      userName: options.user.name,
      decision: options.decision,
      comment: input.comment || null,
      decidedAt: now,
    },
  });
  const approvals = approvalsOf(stateOf(row)) + (options.decision === "approve" ? 1 : 0);
  await appendAudit(tx, {
    ...audit,
    payload: {
      type: "signing.ceremony_decided",
      ceremonyId: row.id,
      operation,
      decision: options.decision,
      approvals,
      requiredApprovals: row.requiredApprovals,
      comment: input.comment || null,
    },
  });

  if (options.decision === "reject") {
    await closeAs(tx, row.id, { status: "rejected", closedAt: now });
    await appendAudit(tx, {
      ...audit,
      payload: { type: "signing.ceremony_closed", ceremonyId: row.id, operation, status: "rejected" },
    });
  } else if (check.completes) {
    await tx.$executeRaw`SAVEPOINT ceremony_execution`;
    try {
      const result = await executeCeremony(tx, {
        ceremonyId: row.id,
        operation,
        parameters: row.parameters,
        shares: input.shares,
        actor,
        request: options.request,
        clock: options.clock,
      });
      await tx.$executeRaw`RELEASE SAVEPOINT ceremony_execution`;
      await closeAs(tx, row.id, {
        status: "executed",
        closedAt: now,
        result: result as Prisma.InputJsonValue,
      });
      const approvers = [
        ...row.approvals
          .filter((approval) => approval.decision === "approve")
          .map((approval) => approval.userName),
        options.user.name,
      ];
      await appendAudit(tx, {
        ...audit,
        payload: { type: "signing.ceremony_executed", ceremonyId: row.id, operation, approvers, result },
      });
    } catch (error) {
      if (!(error instanceof DomainError) || isShareSetError(error)) throw error;
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT ceremony_execution`;
      if (error instanceof SigningFailure) {
        await appendAudit(tx, {
          payload: error.audit.payload,
          actor: error.audit.requester,
          subject: { type: "signing-key", id: error.audit.payload.keyId ?? error.audit.payload.purpose },
          request: error.audit.request,
          clock: error.audit.clock,
        });
      }
      await closeAs(tx, row.id, { status: "failed", closedAt: now, failure: error.message });
      await appendAudit(tx, {
        ...audit,
        payload: {
          type: "signing.ceremony_failed",
          ceremonyId: row.id,
          operation,
          code: error.code,
          message: error.message,
        },
      });
    }
  }
  const after = await tx.keyCeremony.findUniqueOrThrow({ where: { id: row.id }, select: ceremonySelect });
  return toCeremonyDto(after, now, viewer);
}

/**
 * The decision in its own transaction; a refusal (not a custodian, twice, too late, wrong shares) is audited
 * afterwards in a transaction of its own, and a ceremony found expired is recorded as expired then.
 */
export async function decideCeremonyAudited(
  prisma: PortalPrisma,
  options: DecideCeremonyOptions,
): Promise<CeremonyDto> {
  try {
    return await prisma.$transaction((tx) => decideCeremony(tx, options), { timeout: 30_000 });
  } catch (error) {
    if (error instanceof DomainError && error.code !== "NOT_FOUND") {
      const ceremonyId = options.id;
      await prisma.$transaction(async (tx) => {
        await recordExpiryIfDue(tx, ceremonyId, options.clock);
        await appendAudit(tx, {
          payload: {
            type: "signing.ceremony_decision_refused",
            ceremonyId,
            decision: options.decision,
            code: error.code,
            message: error.message,
          },
          actor: { id: options.user.id, name: options.user.name, roles: options.user.roles },
          subject: { type: "key-ceremony", id: ceremonyId },
          request: options.request,
          clock: options.clock,
        });
      });
    }
    throw error;
  }
}

/** Records the expiry of one ceremony if it is due and not yet recorded (exactly once: conditional update). */
export async function recordExpiryIfDue(tx: PortalTx, id: string, clock: Clock): Promise<boolean> {
  const row = await tx.keyCeremony.findUnique({
    where: { id },
    select: { status: true, expiresAt: true, operation: true },
  });
  if (
    !row ||
    effectiveStatus({ status: row.status as "pending", expiresAt: row.expiresAt }, clock.now()) !== "expired"
  ) {
    return false;
  }
  if (row.status !== "pending") return false;
  const moved = await tx.keyCeremony.updateMany({
    where: { id, status: "pending", expiresAt: { lte: clock.now() } },
    data: { status: "expired", closedAt: row.expiresAt },
  });
  if (moved.count === 0) return false;
  await appendAudit(tx, {
    payload: {
      type: "signing.ceremony_closed",
      ceremonyId: id,
      operation: row.operation as CeremonyOperation,
      status: "expired",
    },
    actor: { id: null, name: "system", roles: [] },
    subject: { type: "key-ceremony", id },
    clock,
  });
  return true;
}
