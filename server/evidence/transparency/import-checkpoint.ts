// A log's checkpoint comes into the mirror (uploaded, synced, or carried by an entry). It is taken only when it
// verifies with a key trusted for that log and states that log's origin; then policy.ts decides what it means
// next to the checkpoints already held, with a consistency proof when the sizes differ. A checkpoint that cannot be
// reconciled with what is held is kept anyway, as diverged, next to the held one, and raises the divergence alarm:
// an audit event, a banner for security officers, and the webhook. Nothing held is ever replaced or removed.
//
// Imports of one log are serialised (an advisory lock per log) so two syncs never both take "the next" checkpoint.
// The consistency proof is fetched before the transaction (a sync asks the log), and the decision is made again
// inside it: if the mirror moved meanwhile the import is refused as a conflict and simply runs again.
import { appendAudit } from "../../audit/append-audit";
import type { PortalPrisma, PortalTx } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { type Checkpoint, verifyCheckpoint } from "../../lib/tlog-checkpoint";
import { mirrorLink } from "./deps";
import { trustedKeysOf } from "./log-keys";
import type { MirrorContext } from "./mirror-context";
import {
  type CheckpointDecision,
  decideCheckpoint,
  divergenceDetail,
  type HeldCheckpoint,
  judgeConsistency,
} from "./policy";
import { refuseImport } from "./refuse-import";
import type { AlarmView, CheckpointImport } from "./schemas";
import { alarmSelect, alarmViews, mirrorCheckpointSelect, toMirrorCheckpointView } from "./views";
import { divergenceWebhookEvent } from "./webhook";

const MIRROR_LOG_LOCK = 4_242_004;

export type CheckpointSource = "upload" | "sync" | "entry";

/** Where the consistency proof between two sizes comes from: the uploaded file, or the log itself when syncing. */
export type ProofSource = (size1: number, size2: number) => Promise<Buffer[] | null>;

export async function loadLog(db: PortalTx, logId: string) {
  const log = await db.transparencyLog.findUnique({
    where: { id: logId },
    select: { id: true, name: true, origin: true },
  });
  if (!log) throw new DomainError("NOT_FOUND", "no such transparency log");
  return log;
}

async function heldCheckpoints(db: PortalTx, logId: string, treeSize: number) {
  const select = { id: true, treeSize: true, rootHash: true } as const;
  const toHeld = (row: { id: string; treeSize: bigint; rootHash: string } | null): HeldCheckpoint | null =>
    row ? { id: row.id, treeSize: Number(row.treeSize), rootHash: Buffer.from(row.rootHash, "hex") } : null;
  const trusted = { logId, status: { in: ["first", "consistent"] } };
  const sameSize = await db.transparencyCheckpoint.findFirst({
    where: { ...trusted, treeSize: BigInt(treeSize) },
    select,
  });
  const latest = await db.transparencyCheckpoint.findFirst({
    where: trusted,
    orderBy: { treeSize: "desc" },
    select,
  });
  return { sameSize: toHeld(sameSize), latest: toHeld(latest) };
}

/** Verifies the note with the log's trusted keys; a checkpoint that does not verify is refused (and audited). */
export async function verifiedCheckpointOf(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  input: { logId: string; note: string; source: CheckpointSource },
): Promise<{
  log: { id: string; name: string; origin: string };
  checkpoint: Checkpoint;
  keyName: string;
  keyHash: string;
  stateTime: Date | null;
}> {
  const log = await loadLog(prisma, input.logId);
  const keys = await trustedKeysOf(prisma, log.id);
  if (keys.length === 0) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `no key is trusted for ${log.name} yet: add the log's public key first`,
    );
  }
  const verified = verifyCheckpoint(input.note, keys, { origin: log.origin });
  if (!verified.ok || !verified.checkpoint) {
    await refuseImport(prisma, ctx, {
      logId: log.id,
      what: "checkpoint",
      source: input.source,
      reason: verified.reason,
    });
    throw new DomainError("BAD_REQUEST", `checkpoint refused: ${verified.reason}`);
  }
  if (verified.checkpoint.treeSize === 0) {
    throw new DomainError(
      "BAD_REQUEST",
      "checkpoint refused: a checkpoint of the empty tree (size 0) proves nothing",
    );
  }
  const signer = verified.note.signatures.find((check) => check.status === "verified");
  return {
    log,
    checkpoint: verified.checkpoint,
    keyName: signer?.name ?? "",
    keyHash: signer?.keyHash ?? "",
    stateTime: verified.timestamp,
  };
}

export async function importCheckpoint(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  input: { logId: string; note: string; source: CheckpointSource; proofFor: ProofSource },
): Promise<CheckpointImport> {
  const verified = await verifiedCheckpointOf(prisma, ctx, input);
  const { log, checkpoint } = verified;
  const seen = { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash };
  const before = decideCheckpoint(await heldCheckpoints(prisma, log.id, seen.treeSize), seen);
  const proof = before.kind === "needs_proof" ? await input.proofFor(before.size1, before.size2) : null;

  const result = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MIRROR_LOG_LOCK}, hashtext(${log.id}))`;
    const decision = decideCheckpoint(await heldCheckpoints(tx, log.id, seen.treeSize), seen);
    if (!sameDecision(before, decision)) {
      throw new DomainError(
        "CONFLICT",
        "the mirror took another checkpoint of this log meanwhile: import again",
      );
    }
    const store = async (status: "first" | "consistent" | "diverged", provenAgainstId: string | null) =>
      tx.transparencyCheckpoint.create({
        data: {
          logId: log.id,
          treeSize: BigInt(seen.treeSize),
          rootHash: seen.rootHash.toString("hex"),
          signedNote: input.note,
          stateTime: verified.stateTime,
          keyName: verified.keyName,
          keyHash: verified.keyHash,
          source: input.source,
          status,
          provenAgainstId,
          importedAt: ctx.clock.now(),
          importedByName: ctx.actor.name,
        },
        select: mirrorCheckpointSelect,
      });
    const imported = async (status: "first" | "consistent", held: HeldCheckpoint | null) => {
      const row = await store(status, held?.id ?? null);
      await appendAudit(tx, {
        payload: {
          type: "transparency.checkpoint_imported",
          logId: log.id,
          origin: log.origin,
          treeSize: seen.treeSize,
          rootHash: seen.rootHash.toString("hex"),
          source: input.source,
          status,
          provenAgainstSize: held?.treeSize ?? null,
        },
        actor: ctx.actor,
        subject: { type: "transparency-log", id: log.id },
        request: ctx.request,
        clock: ctx.clock,
      });
      return row;
    };
    const diverged = async (
      kind: "root_mismatch" | "inconsistent",
      held: HeldCheckpoint,
      reason?: string,
    ) => {
      const row = await store("diverged", null);
      const alarm = await tx.transparencyAlarm.create({
        data: {
          logId: log.id,
          kind,
          detail: divergenceDetail(kind, held, seen, reason),
          trustedCheckpointId: held.id,
          conflictingCheckpointId: row.id,
          detectedAt: ctx.clock.now(),
        },
        select: alarmSelect,
      });
      await appendAudit(tx, {
        payload: {
          type: "transparency.divergence_detected",
          logId: log.id,
          alarmId: alarm.id,
          origin: log.origin,
          kind,
          trustedSize: held.treeSize,
          trustedRoot: held.rootHash.toString("hex"),
          conflictingSize: seen.treeSize,
          conflictingRoot: seen.rootHash.toString("hex"),
          source: input.source,
        },
        actor: ctx.actor,
        subject: { type: "transparency-log", id: log.id },
        request: ctx.request,
        clock: ctx.clock,
      });
      const [view] = await alarmViews(tx, [alarm]);
      return { row, alarm: view as AlarmView };
    };

    switch (decision.kind) {
      case "duplicate": {
        const row = await tx.transparencyCheckpoint.findUniqueOrThrow({
          where: { id: decision.held.id },
          select: mirrorCheckpointSelect,
        });
        return {
          outcome: "duplicate" as const,
          row,
          alarm: null,
          message: `the mirror already holds this checkpoint (size ${seen.treeSize})`,
        };
      }
      case "first":
        return {
          outcome: "first" as const,
          row: await imported("first", null),
          alarm: null,
          message: `the first checkpoint of ${log.name} (size ${seen.treeSize}), trusted on first use`,
        };
      case "root_mismatch": {
        const { row, alarm } = await diverged("root_mismatch", decision.held);
        return { outcome: "diverged" as const, row, alarm, message: alarm.detail };
      }
      case "needs_proof": {
        if (!proof) {
          throw new DomainError(
            "BAD_REQUEST",
            `a consistency proof from size ${decision.size1} to ${decision.size2} is needed to take this checkpoint (the mirror holds size ${decision.held.treeSize})`,
            { field: "consistencyProof" },
          );
        }
        const judgement = judgeConsistency(decision, seen, proof);
        if (judgement.kind === "malformed") {
          throw new DomainError("BAD_REQUEST", `consistency proof refused: ${judgement.reason}`, {
            field: "consistencyProof",
          });
        }
        if (judgement.kind === "inconsistent") {
          const { row, alarm } = await diverged("inconsistent", decision.held, judgement.reason);
          return { outcome: "diverged" as const, row, alarm, message: alarm.detail };
        }
        return {
          outcome: "consistent" as const,
          row: await imported("consistent", decision.held),
          alarm: null,
          message:
            seen.treeSize > decision.held.treeSize
              ? `proven consistent with size ${decision.held.treeSize}: the log grew to ${seen.treeSize}`
              : `an earlier checkpoint (size ${seen.treeSize}), proven consistent with the held size ${decision.held.treeSize}`,
        };
      }
    }
  });
  if (result.alarm) ctx.webhook?.send(divergenceWebhookEvent(result.alarm, mirrorLink(log.id)));
  return {
    outcome: result.outcome,
    checkpoint: toMirrorCheckpointView(result.row),
    alarm: result.alarm,
    message: result.message,
  };
}

function sameDecision(a: CheckpointDecision, b: CheckpointDecision): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "first") return true;
  const heldA = (a as { held: HeldCheckpoint }).held;
  const heldB = (b as { held: HeldCheckpoint }).held;
  return heldA.id === heldB.id;
}
