// Starts an M-of-N ceremony for a key operation. The operation's input is checked now (so nobody approves
// something that cannot run) and again when it executes; the initiator's own approval is recorded with it when
// they are a custodian (see policy.ts). Escrow recovery takes its M and its custodians from the escrow: the
// people who hold the shares.
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Prisma } from "../../db/generated/client";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { findActiveEscrow } from "../escrow/escrow-views";
import { NOT_ESCROWABLE } from "../escrow/split-escrow";
import { findActiveKey } from "../keys/registry";
import type { SigningKeyPurpose } from "../vocabulary";
import { type CeremonyDto, ceremonySelect, toCeremonyDto } from "./ceremony-views";
import {
  type CeremonyPolicy,
  checkStart,
  DEFAULT_CUSTODIAN_ROLE,
  DEFAULT_TTL_MINUTES,
  expiryFor,
  INITIATOR_COUNTS,
  isEligible,
  requiredApprovalsFor,
} from "./policy";
import { type StartCeremonyInput, ZCeremonyParameters, ZStartCeremonyInput } from "./schemas";

export type StartCeremonyOptions = StartCeremonyInput & {
  actor: AuditActor & { id: string };
  policy: CeremonyPolicy;
  request?: AuditRequestMeta;
  clock: Clock;
};

function fieldError(field: string, message: string): DomainError {
  return new DomainError("BAD_REQUEST", message, { fieldErrors: { [field]: [message] } });
}

type Target = {
  parameters: Record<string, unknown>;
  purpose: SigningKeyPurpose | null;
  keyId: string | null;
  /** escrow recovery: fixed by the escrow */
  fixedApprovals?: number;
  fixedCustodians?: string[];
};

async function targetOf(tx: PortalTx, input: ReturnType<typeof ZStartCeremonyInput.parse>): Promise<Target> {
  const keyRow = async () => {
    if (!input.keyId) throw fieldError("keyId", "Choose a key");
    const row = await tx.signingKey.findUnique({
      where: { keyId: input.keyId },
      select: { keyId: true, purpose: true, status: true, backend: true },
    });
    if (!row) throw new DomainError("NOT_FOUND", `no signing key ${input.keyId} in the registry`);
    return row;
  };
  switch (input.operation) {
    case "create":
    case "rotate": {
      if (!input.purpose) throw fieldError("purpose", "Choose a purpose");
      const active = await findActiveKey(tx, input.purpose);
      if (input.operation === "create" && active) {
        throw new DomainError(
          "CONFLICT",
          `the ${input.purpose} purpose already has an active key: rotate it instead`,
        );
      }
      if (input.operation === "rotate" && !active) {
        throw new DomainError(
          "PRECONDITION_FAILED",
          `the ${input.purpose} purpose has no active key to rotate`,
        );
      }
      const parameters =
        input.operation === "create"
          ? { purpose: input.purpose, backend: input.backend ?? "software", label: input.label }
          : { purpose: input.purpose, backend: input.backend, label: input.label, reason: input.reason };
      return { parameters, purpose: input.purpose, keyId: active?.keyId ?? null };
    }
    case "revoke": {
      const key = await keyRow();
      if (key.status === "revoked") throw new DomainError("CONFLICT", `key ${key.keyId} is already revoked`);
      return {
        parameters: { keyId: key.keyId, reason: input.reason, effectiveAt: input.effectiveAt?.toISOString() },
        purpose: key.purpose as SigningKeyPurpose,
        keyId: key.keyId,
      };
    }
    case "escrow-recover": {
      const key = await keyRow();
      if (key.backend !== "software") throw new DomainError("PRECONDITION_FAILED", NOT_ESCROWABLE);
      if (key.status === "revoked")
        throw new DomainError("PRECONDITION_FAILED", `key ${key.keyId} is revoked`);
      const escrow = await findActiveEscrow(tx, key.keyId);
      if (!escrow)
        throw new DomainError("PRECONDITION_FAILED", `key ${key.keyId} has no escrow to recover from`);
      return {
        parameters: { keyId: key.keyId, escrowId: escrow.id },
        purpose: key.purpose as SigningKeyPurpose,
        keyId: key.keyId,
        fixedApprovals: escrow.threshold,
        fixedCustodians: escrow.shares.map((share) => share.custodianId),
      };
    }
  }
}

export async function startCeremony(tx: PortalTx, options: StartCeremonyOptions): Promise<CeremonyDto> {
  const input = ZStartCeremonyInput.parse(options);
  const now = options.clock.now();
  const target = await targetOf(tx, input);
  const checked = ZCeremonyParameters[input.operation].safeParse(
    JSON.parse(JSON.stringify(target.parameters)) as unknown,
  );
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw fieldError(String(issue?.path[0] ?? "operation"), issue?.message ?? "Invalid parameters");
  }

  // one open ceremony per operation and target, so custodians are not asked twice for the same thing
  const open = await tx.keyCeremony.findFirst({
    where: {
      operation: input.operation,
      status: "pending",
      expiresAt: { gt: now },
      ...(target.keyId && input.operation !== "rotate"
        ? { keyId: target.keyId }
        : { purpose: target.purpose }),
    },
    select: { id: true },
  });
  if (open) {
    throw new DomainError("CONFLICT", "a ceremony for this operation is already waiting for approvals", {
      ceremonyId: open.id,
    });
  }

  const custodianIds = target.fixedCustodians ?? [...new Set(input.custodianIds ?? [])];
  const eligibleRole = DEFAULT_CUSTODIAN_ROLE;
  const eligible = await tx.user.findMany({
    where: {
      disabled: false,
      roles: { has: eligibleRole },
      ...(custodianIds.length > 0 ? { id: { in: custodianIds } } : {}),
    },
    select: { id: true },
  });
  if (custodianIds.length > 0 && eligible.length < custodianIds.length) {
    throw fieldError("custodianIds", "Every named custodian must be an active security officer");
  }
  const policyMinimum =
    input.operation === "escrow-recover" || !target.purpose
      ? null
      : requiredApprovalsFor(options.policy, input.operation, target.purpose);
  const requiredApprovals = target.fixedApprovals ?? input.requiredApprovals ?? policyMinimum ?? 2;
  const start = checkStart({ requiredApprovals, policyMinimum, eligibleCustodians: eligible.length });
  if (!start.ok) throw fieldError("requiredApprovals", start.message);

  const expiresAt = expiryFor(now, input.ttlMinutes ?? DEFAULT_TTL_MINUTES);
  const initiatorIsCustodian = isEligible(
    { eligibleRole, custodianIds },
    { id: options.actor.id, roles: options.actor.roles },
  );
  const row = await tx.keyCeremony.create({
    data: {
      operation: input.operation,
      parameters: checked.data as Prisma.InputJsonValue,
      purpose: target.purpose,
      keyId: target.keyId,
      reason: input.reason,
      requiredApprovals,
      eligibleRole,
      custodianIds,
      custodianCount: eligible.length,
      initiatorCounts: INITIATOR_COUNTS && initiatorIsCustodian,
      status: "pending",
      initiatorId: options.actor.id,
      initiatorName: options.actor.name,
      createdAt: now,
      expiresAt,
      ...(INITIATOR_COUNTS && initiatorIsCustodian
        ? {
            approvals: {
              create: {
                userId: options.actor.id,
                userName: options.actor.name,
                decision: "approve",
                comment: "started the ceremony",
                decidedAt: now,
              },
            },
          }
        : {}),
    },
    select: ceremonySelect,
  });
  await appendAudit(tx, {
    payload: {
      type: "signing.ceremony_started",
      ceremonyId: row.id,
      operation: input.operation,
      purpose: target.purpose,
      keyId: target.keyId,
      reason: input.reason,
      requiredApprovals,
      custodianCount: eligible.length,
      eligibleRole,
      initiatorCounts: row.initiatorCounts,
      expiresAt: expiresAt.toISOString(),
    },
    actor: options.actor,
    subject: { type: "key-ceremony", id: row.id },
    request: options.request,
    clock: options.clock,
  });
  return toCeremonyDto(row, now, { id: options.actor.id, roles: options.actor.roles });
}
