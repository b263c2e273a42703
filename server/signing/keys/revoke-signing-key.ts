// Revocation: the key stops counting from `effectiveAt` (now, or earlier when a compromise is known to have
// started before it was noticed). Signatures the portal recorded before that time still verify but are flagged;
// later ones, and any without a record of an earlier time, fail. A revoked active key leaves its purpose without
// an active key until a new one is created: signing for that purpose is refused meanwhile, never done with the
// revoked key.
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import type { SigningKeyPurpose, SigningKeyStatus } from "../vocabulary";
import { lockKey, type SigningKeyDto, signingKeySelect, toSigningKeyDto } from "./registry";
import { type RevokeSigningKeyInput, ZRevokeSigningKeyInput } from "./schemas";

export type RevokeSigningKeyOptions = RevokeSigningKeyInput & {
  actor: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
  ceremonyId?: string | null;
};

export async function revokeSigningKey(
  tx: PortalTx,
  options: RevokeSigningKeyOptions,
): Promise<SigningKeyDto> {
  const input = ZRevokeSigningKeyInput.parse(options);
  const ceremonyId = options.ceremonyId ?? null;
  const now = options.clock.now();
  const key = await lockKey(tx, input.keyId);
  if (key.status === "revoked") {
    throw new DomainError(
      "CONFLICT",
      `key ${key.keyId} was already revoked on ${key.revokedAt?.toISOString()}`,
    );
  }
  const revokedAt = input.effectiveAt ?? now;
  if (revokedAt > now) {
    throw new DomainError("BAD_REQUEST", "a revocation cannot take effect in the future", {
      fieldErrors: { effectiveAt: ["Not in the future"] },
    });
  }
  if (revokedAt < key.createdAt) {
    throw new DomainError("BAD_REQUEST", "a revocation cannot take effect before the key existed", {
      fieldErrors: { effectiveAt: [`Not before ${key.createdAt.toISOString()}`] },
    });
  }
  const signaturesBefore = await tx.signatureRecord.count({
    where: { signingKeyId: key.id, signedAt: { lt: revokedAt } },
  });
  const row = await tx.signingKey.update({
    where: { id: key.id },
    data: {
      status: "revoked",
      revokedAt,
      revocationReason: input.reason,
      revokedByName: options.actor.name,
    },
    select: signingKeySelect,
  });
  await appendAudit(tx, {
    payload: {
      type: "signing.key_revoked",
      keyId: key.keyId,
      purpose: key.purpose as SigningKeyPurpose,
      reason: input.reason,
      previousStatus: key.status as SigningKeyStatus,
      revokedAt: revokedAt.toISOString(),
      signaturesBefore,
      ceremonyId,
    },
    actor: options.actor,
    subject: { type: "signing-key", id: key.keyId },
    request: options.request,
    clock: options.clock,
  });
  return toSigningKeyDto(row);
}
