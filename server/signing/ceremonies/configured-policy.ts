// The ceremony policy of this installation (SIGNING_CEREMONY_POLICY), and the check the direct key operations
// make: an operation the policy reserves for a ceremony is refused with a pointer to /keys/ceremonies.

import type { PortalTx } from "../../db/connection";
import { env } from "../../env";
import { DomainError } from "../../lib/domain-error";
import { isSigningKeyPurpose, type SigningKeyPurpose } from "../vocabulary";
import {
  type CeremonyPolicy,
  type DirectOperation,
  parseCeremonyPolicy,
  requiredApprovalsFor,
} from "./policy";

export function configuredCeremonyPolicy(): CeremonyPolicy {
  const parsed = parseCeremonyPolicy(env.SIGNING_CEREMONY_POLICY);
  // env.ts already refused a malformed policy at start-up
  return parsed.ok ? parsed.policy : [];
}

export async function assertDirectOperationAllowed(
  db: PortalTx,
  operation: DirectOperation,
  target: { purpose: SigningKeyPurpose } | { keyId: string },
  policy: CeremonyPolicy = configuredCeremonyPolicy(),
): Promise<void> {
  if (policy.length === 0) return;
  let purpose: SigningKeyPurpose | null = "purpose" in target ? target.purpose : null;
  if (!purpose && "keyId" in target) {
    const row = await db.signingKey.findUnique({ where: { keyId: target.keyId }, select: { purpose: true } });
    purpose = row && isSigningKeyPurpose(row.purpose) ? row.purpose : null;
  }
  if (!purpose) return;
  const m = requiredApprovalsFor(policy, operation, purpose);
  if (m !== null) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `policy requires a ${m}-of-N ceremony to ${operation} ${purpose} keys: start one on the ceremonies page`,
      { ceremonyRequired: true, requiredApprovals: m },
    );
  }
}
