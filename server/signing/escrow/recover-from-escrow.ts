// Escrow recovery, run by a ceremony: the current split's shares rebuild the private key, which must match the
// escrowed fingerprint and the key id, and is sealed again under the configured key-encryption key (the case it
// is for: the key-encryption key or the stored ciphertext was lost). The key's identity does not change; only its
// backend ref does, which the database allows inside a transaction that declared this recovery.
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { softwareBackend } from "../backends";
import { lockKey } from "../keys/registry";
import { findActiveEscrow } from "./escrow-views";
import { combineChecked, readShareSet } from "./shares";
import { NOT_ESCROWABLE } from "./split-escrow";

export type RecoverFromEscrowOptions = {
  keyId: string;
  escrowId: string;
  shares: readonly string[];
  actor: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
  ceremonyId?: string | null;
};

export type RecoveryResult = { keyId: string; escrowId: string; kekId: string; sharesUsed: number[] };

export async function recoverFromEscrow(
  tx: PortalTx,
  options: RecoverFromEscrowOptions,
): Promise<RecoveryResult> {
  const key = await lockKey(tx, options.keyId);
  if (key.backend !== "software") throw new DomainError("PRECONDITION_FAILED", NOT_ESCROWABLE);
  if (key.status === "revoked") {
    throw new DomainError("PRECONDITION_FAILED", `key ${key.keyId} is revoked: it is not worth recovering`);
  }
  const escrow = await findActiveEscrow(tx, key.keyId);
  if (!escrow || escrow.id !== options.escrowId) {
    throw new DomainError(
      "CONFLICT",
      "the key's escrow was split again since this recovery started: start a recovery for the current split",
    );
  }
  const shares = readShareSet(escrow, options.shares);
  const secret = await combineChecked(shares, escrow.secretSha256);
  let sealed: ReturnType<ReturnType<typeof softwareBackend>["sealRecovered"]>;
  try {
    sealed = softwareBackend().sealRecovered(secret);
  } finally {
    secret.fill(0);
  }
  if (sealed.keyId !== key.keyId) {
    throw new DomainError("BAD_REQUEST", "the rebuilt key is not the registered key (its key id differs)");
  }
  const sharesUsed = options.shares
    .map((text) => (JSON.parse(text) as { index: number }).index)
    .sort((a, b) => a - b);

  await tx.$executeRaw`SELECT set_config('portal.key_recovery', ${key.keyId}, true)`;
  await tx.signingKey.update({ where: { id: key.id }, data: { backendRef: sealed.ref } });
  await tx.$executeRaw`SELECT set_config('portal.key_recovery', '', true)`;
  await tx.keyEscrow.update({ where: { id: escrow.id }, data: { recoveredAt: options.clock.now() } });
  await appendAudit(tx, {
    payload: {
      type: "signing.escrow_recovered",
      escrowId: escrow.id,
      keyId: key.keyId,
      sharesUsed,
      kekId: sealed.kekId,
      ceremonyId: options.ceremonyId ?? null,
    },
    actor: options.actor,
    subject: { type: "signing-key", id: key.keyId },
    request: options.request,
    clock: options.clock,
  });
  return { keyId: key.keyId, escrowId: escrow.id, kekId: sealed.kekId, sharesUsed };
}
