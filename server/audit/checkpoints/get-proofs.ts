// Inclusion proofs (one event against a checkpoint) and consistency proofs (an earlier checkpoint against a later
// one), built from the stored perfect subtree roots the plan names: O(log n) rows, never the log. The server checks
// each proof against the checkpoint's root before handing it out; the browser and the CLI check it again.
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { nodeHash, verifyConsistency, verifyInclusion } from "../../lib/merkle";
import { consistencyPlan, inclusionPlan, refsOf, resolvePlan } from "../../lib/merkle-plan";
import { canonicalEvent } from "../hash";
import { hashedFieldsOf, type StoredAuditRow } from "../stored-event";
import { type CheckpointRow, checkpointSelect } from "./checkpoint-row";
import { judgeCheckpoint } from "./find-audit-checkpoints";
import {
  type CheckpointWithVerdict,
  type ConsistencyProofView,
  type InclusionProofView,
  ZConsistencyProofInput,
  ZInclusionProofInput,
} from "./schemas";
import { auditLeafHash, readTreeNodes } from "./tree-store";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

async function checkpointOfSize(db: PortalTx, treeSize: number): Promise<CheckpointRow> {
  const row = await db.auditCheckpoint.findUnique({
    where: { treeSize: BigInt(treeSize) },
    select: checkpointSelect,
  });
  if (!row) throw new DomainError("NOT_FOUND", `no checkpoint of the audit log has tree size ${treeSize}`);
  return row;
}

/** The audit path of leaf `leafIndex` in the tree of `treeSize` events, from the stored nodes alone. */
export async function buildInclusionProof(
  db: PortalTx,
  leafIndex: number,
  treeSize: number,
): Promise<{ proof: Uint8Array[]; rowsRead: number }> {
  const plans = inclusionPlan(leafIndex, treeSize);
  const nodes = await readTreeNodes(db, refsOf(plans));
  return { proof: plans.map((plan) => resolvePlan(plan, nodes.rootOf, nodeHash)), rowsRead: nodes.rowsRead };
}

/** The consistency proof between the trees of `size1` and `size2` events, from the stored nodes alone. */
export async function buildConsistencyProof(
  db: PortalTx,
  size1: number,
  size2: number,
): Promise<{ proof: Uint8Array[]; rowsRead: number }> {
  const plans = consistencyPlan(size1, size2);
  const nodes = await readTreeNodes(db, refsOf(plans));
  return { proof: plans.map((plan) => resolvePlan(plan, nodes.rootOf, nodeHash)), rowsRead: nodes.rowsRead };
}

export async function getInclusionProof(
  db: PortalTx,
  input: { seq: number; treeSize?: number },
  clock: Clock,
): Promise<InclusionProofView> {
  const { seq, treeSize } = ZInclusionProofInput.parse(input);
  const event = await db.auditEvent.findUnique({ where: { seq: BigInt(seq) } });
  if (!event) throw new DomainError("NOT_FOUND", `the audit log has no event #${seq}`);
  let checkpoint: CheckpointRow;
  if (treeSize !== undefined) {
    checkpoint = await checkpointOfSize(db, treeSize);
    if (treeSize < seq) {
      throw new DomainError(
        "BAD_REQUEST",
        `the checkpoint of size ${treeSize} covers events #1-#${treeSize}; event #${seq} came later`,
      );
    }
  } else {
    const latest = await db.auditCheckpoint.findFirst({
      orderBy: { treeSize: "desc" },
      select: checkpointSelect,
    });
    if (!latest || Number(latest.treeSize) < seq) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        latest
          ? `event #${seq} is newer than the latest checkpoint (events #1-#${latest.treeSize}): make a checkpoint to prove it`
          : "no checkpoint of the audit log has been signed yet: make one to prove events",
        { latestTreeSize: latest ? Number(latest.treeSize) : null },
      );
    }
    checkpoint = latest;
  }

  return inclusionProofOf(db, event, await judgeCheckpoint(db, checkpoint, clock));
}

/**
 * The inclusion proof of a stored event in a checkpoint already read and judged, so that many proofs against one
 * checkpoint (an evidence bundle's) judge its signature once. The caller makes sure the checkpoint covers the event.
 */
export async function inclusionProofOf(
  db: PortalTx,
  event: StoredAuditRow,
  checkpoint: CheckpointWithVerdict,
): Promise<InclusionProofView> {
  const seq = Number(event.seq);
  const size = checkpoint.treeSize;
  const { proof, rowsRead } = await buildInclusionProof(db, seq - 1, size);
  const leaf = auditLeafHash(event.hash);
  const serverCheck = verifyInclusion({
    leafIndex: seq - 1,
    treeSize: size,
    leafHash: leaf,
    proof,
    root: Buffer.from(checkpoint.rootHash, "hex"),
  });
  return {
    seq,
    leafIndex: seq - 1,
    treeSize: size,
    eventHash: event.hash,
    leafHash: hex(leaf),
    canonicalEvent: canonicalEvent(hashedFieldsOf(event)),
    hashes: proof.map(hex),
    checkpoint,
    // the event row itself, plus the nodes
    rowsRead: rowsRead + 1,
    serverCheck: serverCheck.ok
      ? {
          ok: true,
          reason: `event #${seq} is leaf ${seq - 1} of the tree of ${size} signed in the checkpoint`,
        }
      : { ok: false, reason: serverCheck.reason },
  };
}

export async function getConsistencyProof(
  db: PortalTx,
  input: { size1: number; size2: number },
  clock: Clock,
): Promise<ConsistencyProofView> {
  const { size1, size2 } = ZConsistencyProofInput.parse(input);
  const [first, second] = [await checkpointOfSize(db, size1), await checkpointOfSize(db, size2)];
  const { proof, rowsRead } = await buildConsistencyProof(db, size1, size2);
  const serverCheck = verifyConsistency({
    size1,
    size2,
    proof,
    root1: Buffer.from(first.rootHash, "hex"),
    root2: Buffer.from(second.rootHash, "hex"),
  });
  return {
    checkpoint1: await judgeCheckpoint(db, first, clock),
    checkpoint2: await judgeCheckpoint(db, second, clock),
    hashes: proof.map(hex),
    rowsRead,
    serverCheck: serverCheck.ok
      ? {
          ok: true,
          reason:
            size1 === size2
              ? "the same checkpoint"
              : `the first ${size1} events are unchanged in the tree of ${size2}: the log only grew`,
        }
      : { ok: false, reason: serverCheck.reason },
  };
}
