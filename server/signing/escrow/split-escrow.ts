// Splits a software key's private key into Shamir shares, one per custodian, M of which rebuild it. The shares
// are returned once, as files to hand to their custodians at the ceremony, and never stored: the escrow row keeps
// the fingerprint of the key and of each share. Only software keys: keys in an HSM or a KMS are generated
// non-extractable, so there is nothing to split (their backup is the provider's own, e.g. HSM key wrapping).
// A new split supersedes the previous one (recovery accepts only the current split's shares).
import { split } from "shamir-secret-sharing";
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { softwareBackend } from "../backends";
import { DEFAULT_CUSTODIAN_ROLE } from "../ceremonies/policy";
import { lockKey } from "../keys/registry";
import { type EscrowDto, findActiveEscrow, toEscrowDto } from "./escrow-views";
import { type SplitEscrowInput, ZSplitEscrowInput } from "./schemas";
import {
  type EscrowShareRecord,
  SHARE_FILE_FORMAT,
  secretFingerprint,
  shareFileName,
  shareFileText,
  shareFingerprint,
} from "./shares";

export type SplitEscrowOptions = SplitEscrowInput & {
  actor: AuditActor & { id: string };
  request?: AuditRequestMeta;
  clock: Clock;
};

export type ShareDownload = { index: number; custodianName: string; fileName: string; text: string };

export const NOT_ESCROWABLE =
  "only software keys can be escrowed: HSM and KMS keys are generated non-extractable, so their private half never leaves the device (back them up with the provider's own mechanisms)";

export async function splitEscrow(
  tx: PortalTx,
  options: SplitEscrowOptions,
): Promise<{ escrow: EscrowDto; shares: ShareDownload[] }> {
  const input = ZSplitEscrowInput.parse(options);
  const key = await lockKey(tx, input.keyId);
  if (key.backend !== "software") throw new DomainError("PRECONDITION_FAILED", NOT_ESCROWABLE);
  if (key.status === "revoked") {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `key ${key.keyId} is revoked: there is nothing left to escrow`,
    );
  }
  const n = input.custodianIds.length;
  if (input.threshold > n) {
    throw new DomainError("BAD_REQUEST", `${input.threshold} shares cannot be needed out of ${n}`, {
      fieldErrors: { threshold: [`At most ${n} (the number of custodians)`] },
    });
  }
  const users = await tx.user.findMany({
    where: { id: { in: input.custodianIds }, disabled: false, roles: { has: DEFAULT_CUSTODIAN_ROLE } },
    select: { id: true, name: true },
  });
  const custodians = input.custodianIds.map((id) => users.find((user) => user.id === id));
  if (custodians.some((user) => !user)) {
    throw new DomainError("BAD_REQUEST", "every custodian must be an active security officer", {
      fieldErrors: { custodianIds: ["Every custodian must be an active security officer"] },
    });
  }

  const now = options.clock.now();
  const escrowId = crypto.randomUUID();
  const secret = softwareBackend().exportForEscrow(key.backendRef);
  let parts: Uint8Array[];
  let secretSha256: string;
  try {
    secretSha256 = secretFingerprint(secret);
    parts = await split(new Uint8Array(secret), n, input.threshold);
  } finally {
    secret.fill(0);
  }
  const records: EscrowShareRecord[] = parts.map((part, position) => ({
    index: position + 1,
    custodianId: (custodians[position] as { id: string }).id,
    custodianName: (custodians[position] as { name: string }).name,
    shareSha256: shareFingerprint(escrowId, part),
  }));

  const previous = await findActiveEscrow(tx, key.keyId);
  if (previous) {
    await tx.keyEscrow.update({ where: { id: previous.id }, data: { status: "superseded" } });
  }
  await tx.keyEscrow.create({
    data: {
      id: escrowId,
      keyId: key.keyId,
      threshold: input.threshold,
      shareCount: n,
      secretSha256,
      shares: records,
      status: "active",
      createdAt: now,
      createdById: options.actor.id,
      createdByName: options.actor.name,
    },
  });
  await appendAudit(tx, {
    payload: {
      type: "signing.escrow_split",
      escrowId,
      keyId: key.keyId,
      threshold: input.threshold,
      shareCount: n,
      custodians: records.map((record) => ({
        index: record.index,
        name: record.custodianName,
        shareSha256: record.shareSha256,
      })),
      secretSha256,
      supersededEscrowId: previous?.id ?? null,
    },
    actor: options.actor,
    subject: { type: "signing-key", id: key.keyId },
    request: options.request,
    clock: options.clock,
  });

  const shares = parts.map((part, position) => {
    const record = records[position] as EscrowShareRecord;
    const file = {
      format: SHARE_FILE_FORMAT,
      escrowId,
      keyId: key.keyId,
      label: key.label,
      index: record.index,
      threshold: input.threshold,
      shares: n,
      custodian: record.custodianName,
      createdAt: now.toISOString(),
      share: Buffer.from(part).toString("base64"),
      shareSha256: record.shareSha256,
    } as const;
    return {
      index: record.index,
      custodianName: record.custodianName,
      fileName: shareFileName(file),
      text: shareFileText(file),
    };
  });
  for (const part of parts) part.fill(0);
  return {
    escrow: toEscrowDto({
      id: escrowId,
      keyId: key.keyId,
      threshold: input.threshold,
      shareCount: n,
      secretSha256,
      shares: records,
      createdAt: now,
      createdByName: options.actor.name,
      recoveredAt: null,
    }),
    shares,
  };
}
