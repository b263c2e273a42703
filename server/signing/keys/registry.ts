// Shared pieces of the key registry services: what a key row looks like to them, its DTO, and the per-purpose
// lock that serialises create / rotate / revoke (the partial unique index is the last line of defence).
import type { PortalTx } from "../../db/connection";
import type { Prisma } from "../../db/generated/client";
import { DomainError } from "../../lib/domain-error";
import type { BackendKind } from "../signer";
import type { SigningKeyPurpose, SigningKeyStatus } from "../vocabulary";

export const signingKeySelect = {
  id: true,
  keyId: true,
  purpose: true,
  backend: true,
  label: true,
  algorithm: true,
  publicKeyPem: true,
  status: true,
  createdAt: true,
  activatedAt: true,
  retiredAt: true,
  revokedAt: true,
  revocationReason: true,
  previousKeyId: true,
  rotationReason: true,
  createdByName: true,
  revokedByName: true,
  ceremonyId: true,
} satisfies Prisma.SigningKeySelect;

export type SigningKeyRow = Prisma.SigningKeyGetPayload<{ select: typeof signingKeySelect }>;
/** A row with the backend's locator, for the services that open a signer; never leaves the server. */
export type SigningKeyWithRef = SigningKeyRow & { backendRef: string };

/** What the UI and callers see of a key: no backend ref, no raw row. */
export type SigningKeyDto = {
  id: string;
  keyId: string;
  purpose: SigningKeyPurpose;
  backend: BackendKind;
  label: string;
  algorithm: string;
  publicKeyPem: string;
  status: SigningKeyStatus;
  createdAt: Date;
  activatedAt: Date;
  retiredAt: Date | null;
  revokedAt: Date | null;
  revocationReason: string | null;
  previousKeyId: string | null;
  rotationReason: string | null;
  createdByName: string;
  revokedByName: string | null;
  ceremonyId: string | null;
};

export function toSigningKeyDto(row: SigningKeyRow): SigningKeyDto {
  return {
    id: row.id,
    keyId: row.keyId,
    // the database's CHECK constraints hold these to the vocabulary
    purpose: row.purpose as SigningKeyPurpose,
    backend: row.backend as BackendKind,
    label: row.label,
    algorithm: row.algorithm,
    publicKeyPem: row.publicKeyPem,
    status: row.status as SigningKeyStatus,
    createdAt: row.createdAt,
    activatedAt: row.activatedAt,
    retiredAt: row.retiredAt,
    revokedAt: row.revokedAt,
    revocationReason: row.revocationReason,
    previousKeyId: row.previousKeyId,
    rotationReason: row.rotationReason,
    createdByName: row.createdByName,
    revokedByName: row.revokedByName,
    ceremonyId: row.ceremonyId,
  };
}

// Namespace of the two-key advisory locks of the registry (the audit chain uses a one-key lock).
const PURPOSE_LOCK_SPACE = 4_242_100;

/** Serialises key changes of one purpose across connections and server instances, until the transaction ends. */
export async function lockPurpose(tx: PortalTx, purpose: SigningKeyPurpose): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PURPOSE_LOCK_SPACE}::int, hashtext(${purpose})::int)`;
}

export async function findActiveKey(
  tx: PortalTx,
  purpose: SigningKeyPurpose,
): Promise<SigningKeyWithRef | null> {
  return tx.signingKey.findFirst({
    where: { purpose, status: "active" },
    select: { ...signingKeySelect, backendRef: true },
  });
}

/** The key row locked against concurrent change; NOT_FOUND when there is none. */
export async function lockKey(tx: PortalTx, keyId: string): Promise<SigningKeyWithRef> {
  await tx.$queryRaw`SELECT 1 FROM "signing_keys" WHERE "key_id" = ${keyId} FOR UPDATE`;
  const row = await tx.signingKey.findUnique({
    where: { keyId },
    select: { ...signingKeySelect, backendRef: true },
  });
  if (!row) throw new DomainError("NOT_FOUND", `no signing key ${keyId} in the registry`);
  return row;
}

export function withoutRef(row: SigningKeyWithRef): SigningKeyRow {
  const { backendRef: _ref, ...rest } = row;
  return rest;
}
