// Follow a new transparency log (optionally with its first trusted key), or change its name and sync URL. The
// origin never changes: a log with another origin is another log.
import { appendAudit } from "../../audit/append-audit";
import type { PortalPrisma } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { keyHashHex, vkeyOf } from "../../lib/signed-note";
import { parseLogKey } from "./log-keys";
import type { MirrorContext } from "./mirror-context";
import { ZAddLogInput, ZUpdateLogInput } from "./schemas";

export async function addLog(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  raw: { name: string; origin: string; url?: string; key?: string; keyName?: string },
): Promise<{ id: string }> {
  const input = ZAddLogInput.parse(raw);
  const key = input.key ? parseLogKey({ key: input.key, keyName: input.keyName }) : null;
  return prisma.$transaction(async (tx) => {
    const existing = await tx.transparencyLog.findUnique({
      where: { origin: input.origin },
      select: { id: true },
    });
    if (existing)
      throw new DomainError("CONFLICT", `the mirror already follows a log with origin "${input.origin}"`);
    const now = ctx.clock.now();
    const log = await tx.transparencyLog.create({
      data: {
        name: input.name,
        origin: input.origin,
        url: input.url ?? null,
        createdAt: now,
        createdByName: ctx.actor.name,
      },
      select: { id: true },
    });
    await appendAudit(tx, {
      payload: {
        type: "transparency.log_added",
        logId: log.id,
        name: input.name,
        origin: input.origin,
        url: input.url ?? null,
      },
      actor: ctx.actor,
      subject: { type: "transparency-log", id: log.id },
      request: ctx.request,
      clock: ctx.clock,
    });
    if (key) {
      await tx.transparencyLogKey.create({
        data: {
          logId: log.id,
          keyName: key.name,
          keyHash: keyHashHex(key.keyHash),
          algorithm: key.algorithm,
          publicKeyPem: key.publicKey.export({ type: "spki", format: "pem" }).toString(),
          vkey: vkeyOf(key),
          addedAt: now,
          addedByName: ctx.actor.name,
        },
      });
      await appendAudit(tx, {
        payload: {
          type: "transparency.key_added",
          logId: log.id,
          keyName: key.name,
          keyHash: keyHashHex(key.keyHash),
          algorithm: key.algorithm,
        },
        actor: ctx.actor,
        subject: { type: "transparency-log", id: log.id },
        request: ctx.request,
        clock: ctx.clock,
      });
    }
    return log;
  });
}

export async function updateLog(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  raw: { logId: string; name: string; url: string | null },
): Promise<void> {
  const input = ZUpdateLogInput.parse(raw);
  await prisma.$transaction(async (tx) => {
    const updated = await tx.transparencyLog.updateMany({
      where: { id: input.logId },
      data: { name: input.name, url: input.url },
    });
    if (updated.count === 0) throw new DomainError("NOT_FOUND", "no such transparency log");
    await appendAudit(tx, {
      payload: { type: "transparency.log_updated", logId: input.logId, name: input.name, url: input.url },
      actor: ctx.actor,
      subject: { type: "transparency-log", id: input.logId },
      request: ctx.request,
      clock: ctx.clock,
    });
  });
}
