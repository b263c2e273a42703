// A first key for a purpose (or a new one after the active key was revoked). The key is generated inside its
// backend (or, for the software backend, read from a key file), registered as the purpose's active key, and signs
// its own activation statement, which proves the backend holds the private half before anything relies on it.
// A purpose that already has an active key is refused: that is a rotation, which retires the old key in the same
// step and has it endorse its successor.
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { backendFor, softwareBackend } from "../backends";
import { IN_TOTO_PAYLOAD_TYPE, statementPayload } from "../in-toto";
import { keyIdOf, toSpkiPem } from "../key-id";
import { signAndRecord } from "../sign-and-record";
import { type CreatedKey, SIGNING_ALGORITHM } from "../signer";
import { keyActivationStatement } from "./key-statements";
import {
  findActiveKey,
  lockPurpose,
  type SigningKeyDto,
  signingKeySelect,
  toSigningKeyDto,
} from "./registry";
import { type CreateSigningKeyInput, ZCreateSigningKeyInput } from "./schemas";

export type CreateSigningKeyOptions = CreateSigningKeyInput & {
  actor: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
  /** the ceremony that approved this, when one did */
  ceremonyId?: string | null;
};

export function defaultLabel(purpose: string, at: Date): string {
  return `${purpose}-${at.toISOString().slice(0, 10)}`;
}

/** Makes the key in its backend; shared with rotation. */
export async function generateInBackend(input: {
  backend: string;
  label: string;
  keyFile?: string;
}): Promise<CreatedKey & { keyId: string }> {
  if (input.keyFile && input.backend !== "software") {
    throw new DomainError("BAD_REQUEST", "key files are for the software backend only");
  }
  const created = input.keyFile
    ? await softwareBackend().importKeyFile(input.keyFile)
    : await backendFor(input.backend).createKey({ label: input.label });
  const publicKeyPem = toSpkiPem(created.publicKeyPem);
  return { ref: created.ref, publicKeyPem, keyId: keyIdOf(publicKeyPem) };
}

export async function assertNotRegistered(tx: PortalTx, keyId: string): Promise<void> {
  const existing = await tx.signingKey.findUnique({ where: { keyId }, select: { status: true } });
  if (existing) {
    throw new DomainError("CONFLICT", `key ${keyId} is already in the registry (${existing.status})`, {
      keyId,
    });
  }
}

export async function createSigningKey(
  tx: PortalTx,
  options: CreateSigningKeyOptions,
): Promise<SigningKeyDto> {
  const input = ZCreateSigningKeyInput.parse(options);
  const ceremonyId = options.ceremonyId ?? null;
  await lockPurpose(tx, input.purpose);
  const active = await findActiveKey(tx, input.purpose);
  if (active) {
    throw new DomainError(
      "CONFLICT",
      `the ${input.purpose} purpose already has an active key (${active.keyId}): rotate it instead`,
      { keyId: active.keyId },
    );
  }
  const now = options.clock.now();
  const label = input.label ?? defaultLabel(input.purpose, now);
  const created = await generateInBackend({ backend: input.backend, label, keyFile: input.keyFile });
  await assertNotRegistered(tx, created.keyId);

  const row = await tx.signingKey.create({
    data: {
      keyId: created.keyId,
      purpose: input.purpose,
      backend: input.backend,
      label,
      algorithm: SIGNING_ALGORITHM,
      publicKeyPem: created.publicKeyPem,
      backendRef: created.ref,
      status: "active",
      createdAt: now,
      activatedAt: now,
      createdById: options.actor.id,
      createdByName: options.actor.name,
      ceremonyId,
    },
    select: { ...signingKeySelect, backendRef: true },
  });
  await appendAudit(tx, {
    payload: {
      type: "signing.key_created",
      keyId: row.keyId,
      purpose: input.purpose,
      backend: input.backend,
      label,
      ceremonyId,
    },
    actor: options.actor,
    subject: { type: "signing-key", id: row.keyId },
    request: options.request,
    clock: options.clock,
  });
  const statement = keyActivationStatement({
    key: row,
    label,
    activatedAt: now,
    activatedBy: options.actor.name,
    ceremonyId,
  });
  await signAndRecord(tx, {
    keys: [row],
    payloadType: IN_TOTO_PAYLOAD_TYPE,
    payload: statementPayload(statement),
    subjectDigest: row.keyId,
    requester: options.actor,
    request: options.request,
    clock: options.clock,
  });
  const { backendRef: _ref, ...dto } = row;
  return toSigningKeyDto(dto);
}
