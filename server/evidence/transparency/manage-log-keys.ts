// Trust another key of a log (a rotation, a second shard's key, a witness) or stop trusting one. A removed key
// stays on record (who removed it, when); checkpoints it verified keep their history.
import { appendAudit } from "../../audit/append-audit";
import type { PortalPrisma } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { keyHashHex, vkeyOf } from "../../lib/signed-note";
import { parseLogKey } from "./log-keys";
import type { MirrorContext } from "./mirror-context";
import { ZAddLogKeyInput, ZRemoveLogKeyInput } from "./schemas";

export async function addLogKey(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  raw: { logId: string; key: string; keyName?: string },
): Promise<{ id: string }> {
  const input = ZAddLogKeyInput.parse(raw);
  const key = parseLogKey(input);
  return prisma.$transaction(async (tx) => {
    const log = await tx.transparencyLog.findUnique({ where: { id: input.logId }, select: { id: true } });
    if (!log) throw new DomainError("NOT_FOUND", "no such transparency log");
    const keyHash = keyHashHex(key.keyHash);
    const existing = await tx.transparencyLogKey.findUnique({
      where: { logId_keyName_keyHash: { logId: log.id, keyName: key.name, keyHash } },
      select: { removedAt: true },
    });
    if (existing) {
      throw new DomainError(
        "CONFLICT",
        existing.removedAt
          ? `key ${key.name} ${keyHash} was removed from this log; a removed key is not trusted again`
          : `key ${key.name} ${keyHash} is already trusted for this log`,
      );
    }
    const row = await tx.transparencyLogKey.create({
      data: {
        logId: log.id,
        keyName: key.name,
        keyHash,
        algorithm: key.algorithm,
        publicKeyPem: key.publicKey.export({ type: "spki", format: "pem" }).toString(),
        vkey: vkeyOf(key),
        addedAt: ctx.clock.now(),
        addedByName: ctx.actor.name,
      },
      select: { id: true },
    });
    await appendAudit(tx, {
      payload: {
        type: "transparency.key_added",
        logId: log.id,
        keyName: key.name,
        keyHash,
        algorithm: key.algorithm,
      },
      actor: ctx.actor,
      subject: { type: "transparency-log", id: log.id },
      request: ctx.request,
      clock: ctx.clock,
    });
    return row;
  });
}

export async function removeLogKey(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  raw: { keyId: string },
): Promise<void> {
  const input = ZRemoveLogKeyInput.parse(raw);
  await prisma.$transaction(async (tx) => {
    const key = await tx.transparencyLogKey.findUnique({
      where: { id: input.keyId },
      select: { logId: true, keyName: true, keyHash: true, removedAt: true },
    });
    if (!key) throw new DomainError("NOT_FOUND", "no such log key");
    const removed = await tx.transparencyLogKey.updateMany({
      where: { id: input.keyId, removedAt: null },
      data: { removedAt: ctx.clock.now(), removedByName: ctx.actor.name },
    });
    if (removed.count === 0) throw new DomainError("CONFLICT", "this key was already removed");
    await appendAudit(tx, {
      payload: {
        type: "transparency.key_removed",
        logId: key.logId,
        keyName: key.keyName,
        keyHash: key.keyHash,
      },
      actor: ctx.actor,
      subject: { type: "transparency-log", id: key.logId },
      request: ctx.request,
      clock: ctx.clock,
    });
  });
}
