// Planned rotation: a new key (same backend unless another is named) becomes the purpose's active key and the old
// one is retired at the same instant. Both sign the rotation statement first, the old key while still active, so
// the retired key's last act is endorsing its successor. A retired key keeps verifying what it signed while it was
// active (its validity window is [activatedAt, retiredAt]). A key that cannot sign any more (lost HSM,
// compromise) is not rotated but revoked, and a new key created.
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { IN_TOTO_PAYLOAD_TYPE, statementPayload } from "../in-toto";
import { recordSignatures, signWithKeys } from "../sign-and-record";
import { type BackendKind, SIGNING_ALGORITHM } from "../signer";
import { assertNotRegistered, defaultLabel, generateInBackend } from "./create-signing-key";
import { keyRotationStatement } from "./key-statements";
import {
  findActiveKey,
  lockPurpose,
  type SigningKeyDto,
  type SigningKeyWithRef,
  signingKeySelect,
  toSigningKeyDto,
  withoutRef,
} from "./registry";
import { type RotateSigningKeyInput, ZRotateSigningKeyInput } from "./schemas";

export type RotateSigningKeyOptions = RotateSigningKeyInput & {
  actor: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
  ceremonyId?: string | null;
};

export type RotationResult = { previous: SigningKeyDto; current: SigningKeyDto };

export async function rotateSigningKey(
  tx: PortalTx,
  options: RotateSigningKeyOptions,
): Promise<RotationResult> {
  const input = ZRotateSigningKeyInput.parse(options);
  const ceremonyId = options.ceremonyId ?? null;
  await lockPurpose(tx, input.purpose);
  const previous = await findActiveKey(tx, input.purpose);
  if (!previous) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `the ${input.purpose} purpose has no active key to rotate: create one`,
    );
  }
  const now = options.clock.now();
  const backend = input.backend ?? (previous.backend as BackendKind);
  const label = input.label ?? defaultLabel(input.purpose, now);
  const created = await generateInBackend({ backend, label });
  await assertNotRegistered(tx, created.keyId);

  // Sign first, while the old key is still the active one; then retire it and insert its successor (the new row
  // cannot exist before: one active key per purpose), and record both signatures at the rotation instant.
  const next: SigningKeyWithRef = {
    ...withoutRef(previous),
    id: crypto.randomUUID(),
    keyId: created.keyId,
    backend,
    label,
    algorithm: SIGNING_ALGORITHM,
    publicKeyPem: created.publicKeyPem,
    backendRef: created.ref,
    status: "active",
    createdAt: now,
    activatedAt: now,
    retiredAt: null,
    revokedAt: null,
    revocationReason: null,
    previousKeyId: previous.keyId,
    rotationReason: input.reason,
    createdByName: options.actor.name,
    revokedByName: null,
    ceremonyId,
  };
  const statement = keyRotationStatement({
    previous,
    next,
    reason: input.reason,
    rotatedAt: now,
    rotatedBy: options.actor.name,
    ceremonyId,
  });

  const signing = {
    keys: [previous, next],
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: statementPayload(statement),
    subjectDigest: next.keyId,
    requester: options.actor,
    request: options.request,
    clock: options.clock,
  };
  const envelope = await signWithKeys(signing);

  const retired = await tx.signingKey.update({
    where: { id: previous.id },
    data: { status: "retired", retiredAt: now },
    select: signingKeySelect,
  });
  const current = await tx.signingKey.create({
    data: {
      id: next.id,
      keyId: next.keyId,
      purpose: input.purpose,
      backend,
      label,
      algorithm: SIGNING_ALGORITHM,
      publicKeyPem: next.publicKeyPem,
      backendRef: next.backendRef,
      status: "active",
      createdAt: now,
      activatedAt: now,
      previousKeyId: previous.keyId,
      rotationReason: input.reason,
      createdById: options.actor.id,
      createdByName: options.actor.name,
      ceremonyId,
    },
    select: signingKeySelect,
  });
  await appendAudit(tx, {
    payload: {
      type: "signing.key_rotated",
      purpose: input.purpose,
      previousKeyId: previous.keyId,
      keyId: current.keyId,
      backend,
      reason: input.reason,
      ceremonyId,
    },
    actor: options.actor,
    subject: { type: "signing-key", id: current.keyId },
    request: options.request,
    clock: options.clock,
  });
  // recorded at `now`: the last instant of the old key's window and the first of the new key's
  await recordSignatures(tx, { ...signing, envelope, signedAt: now });
  return { previous: toSigningKeyDto(retired), current: toSigningKeyDto(current) };
}
