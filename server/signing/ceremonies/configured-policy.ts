// The ceremony policy of this installation (SIGNING_CEREMONY_POLICY), and the check the direct key operations
// make: an operation the policy reserves for a ceremony is refused with a pointer to /keys/ceremonies.

import type { PortalTx } from "../../db/connection";
import { env } from "../../env";
import { DomainError } from "../../lib/domain-error";
import { isSigningKeyPurpose, type SigningKeyPurpose } from "../vocabulary";
import {
  type CeremonyPolicy,
  DEFAULT_CUSTODIAN_ROLE,
  type DirectOperation,
  parseCeremonyPolicy,
  requiredApprovalsFor,
} from "./policy";

export function configuredCeremonyPolicy(): CeremonyPolicy {
  const parsed = parseCeremonyPolicy(env.SIGNING_CEREMONY_POLICY);
  // env.ts already refused a malformed policy at start-up
  return parsed.ok ? parsed.policy : [];
}

/** What the policy demands of a direct operation: its M, and how many custodians there are to give it (N). */
export type CeremonyRequirement = {
  operation: DirectOperation;
  purpose: SigningKeyPurpose;
  approvals: number;
  custodians: number;
  /** a ceremony for the same operation and target already waiting for approvals (a second would be refused) */
  pendingCeremonyId: string | null;
};

async function requiredFor(
  db: PortalTx,
  operation: DirectOperation,
  target: { purpose: SigningKeyPurpose } | { keyId: string },
  policy: CeremonyPolicy,
): Promise<{ purpose: SigningKeyPurpose; approvals: number } | null> {
  if (policy.length === 0) return null;
  let purpose: SigningKeyPurpose | null = "purpose" in target ? target.purpose : null;
  if (!purpose && "keyId" in target) {
    const row = await db.signingKey.findUnique({ where: { keyId: target.keyId }, select: { purpose: true } });
    purpose = row && isSigningKeyPurpose(row.purpose) ? row.purpose : null;
  }
  if (!purpose) return null;
  const approvals = requiredApprovalsFor(policy, operation, purpose);
  return approvals === null ? null : { purpose, approvals };
}

/**
 * Null when the operation may run directly; otherwise the ceremony it needs. The /keys forms ask this so that
 * they lead to a ceremony instead of offering a button the server would refuse (the same rule as below).
 */
export async function findCeremonyRequirement(
  db: PortalTx,
  operation: DirectOperation,
  target: { purpose: SigningKeyPurpose } | { keyId: string },
  now: Date,
  policy: CeremonyPolicy = configuredCeremonyPolicy(),
): Promise<CeremonyRequirement | null> {
  const required = await requiredFor(db, operation, target, policy);
  if (!required) return null;
  const custodians = await db.user.count({
    where: { disabled: false, roles: { has: DEFAULT_CUSTODIAN_ROLE } },
  });
  // the same match as start-ceremony's "one open ceremony per operation and target"
  const pending = await db.keyCeremony.findFirst({
    where: {
      operation,
      status: "pending",
      expiresAt: { gt: now },
      ...("keyId" in target ? { keyId: target.keyId } : { purpose: required.purpose }),
    },
    select: { id: true },
  });
  return { operation, ...required, custodians, pendingCeremonyId: pending?.id ?? null };
}

export async function assertDirectOperationAllowed(
  db: PortalTx,
  operation: DirectOperation,
  target: { purpose: SigningKeyPurpose } | { keyId: string },
  policy: CeremonyPolicy = configuredCeremonyPolicy(),
): Promise<void> {
  const required = await requiredFor(db, operation, target, policy);
  if (required) {
    const { approvals: m, purpose } = required;
    throw new DomainError(
      "PRECONDITION_FAILED",
      `policy requires a ${m}-of-N ceremony to ${operation} ${purpose} keys: start one on the ceremonies page`,
      { ceremonyRequired: true, requiredApprovals: m },
    );
  }
}
