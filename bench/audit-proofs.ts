// Audit checkpoint proofs at scale: a log of `logSize` events is indexed by the real indexer (which checks every
// event's hash and link as it goes), then inclusion proofs for events spread over the log and a consistency proof
// between two checkpoint sizes are built from the stored perfect subtree roots. Baselines from the same run: a
// primary-key read of one event (the least a proof could cost), and the same inclusion proof built the naive way,
// from every leaf of the log read into memory (what storing the nodes avoids). Every proof is verified against the
// root a checkpoint would sign, and that root against the one recomputed from the whole log.
import { buildConsistencyProof, buildInclusionProof } from "../server/audit/checkpoints/get-proofs";
import { indexAuditTree } from "../server/audit/checkpoints/index-audit-tree";
import { auditLeafHash, readTreeNodes } from "../server/audit/checkpoints/tree-store";
import type { PortalPrisma } from "../server/db/connection";
import { systemClock } from "../server/lib/clock";
import {
  inclusionProof,
  merkleRoot,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from "../server/lib/merkle";
import { refsOf, resolvePlan, rootPlan } from "../server/lib/merkle-plan";
import { fillAuditLog } from "./fill-audit-log";
import { elapsedMs, median, timed } from "./measure";

export type AuditProofFigures = {
  logSize: number;
  fillMs: number;
  indexMs: number;
  nodesStored: number;
  inclusionMs: number;
  inclusionRowsRead: number;
  pkLookupMs: number;
  consistencyMs: number;
  consistencyRowsRead: number;
  naiveInclusionMs: number;
};

/** Leaf indexes spread over the log, the same in every run (a multiplicative hash of the probe number). */
function probes(logSize: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Number((BigInt(i + 1) * 2_654_435_761n) % BigInt(logSize)));
}

async function signedRoot(prisma: PortalPrisma, treeSize: number): Promise<Uint8Array> {
  const plan = rootPlan(treeSize);
  const nodes = await readTreeNodes(prisma, refsOf([plan]));
  return resolvePlan(plan, nodes.rootOf, nodeHash);
}

const leafOf = async (prisma: PortalPrisma, seq: number) =>
  auditLeafHash(
    (await prisma.auditEvent.findUniqueOrThrow({ where: { seq: BigInt(seq) }, select: { hash: true } })).hash,
  );

export async function measureAuditProofs(
  prisma: PortalPrisma,
  options: { logSize: number; runs: number; warmup: number; progress: (message: string) => void },
): Promise<AuditProofFigures> {
  const { logSize } = options;
  options.progress(`audit proofs: filling a log of ${logSize.toLocaleString("en-US")} events`);
  const fill = await timed(() => fillAuditLog(prisma, logSize));
  options.progress("audit proofs: indexing the Merkle tree (checking every event's hash on the way)");
  const index = await timed(() => indexAuditTree(prisma, { clock: systemClock }));
  if (index.value.size !== logSize) throw new Error(`indexed ${index.value.size} of ${logSize} events`);
  const nodesStored = await prisma.auditTreeNode.count();
  const root = await signedRoot(prisma, logSize);

  options.progress("audit proofs: inclusion proofs, interleaved with primary-key reads of the same events");
  const proofTimes: number[] = [];
  const lookupTimes: number[] = [];
  let inclusionRowsRead = 0;
  for (const [round, leafIndex] of probes(logSize, options.warmup + options.runs).entries()) {
    let built: { proof: Uint8Array[]; rowsRead: number } = { proof: [], rowsRead: 0 };
    const proofMs = await elapsedMs(async () => {
      built = await buildInclusionProof(prisma, leafIndex, logSize);
    });
    const lookupMs = await elapsedMs(() =>
      prisma.auditEvent.findUnique({ where: { seq: BigInt(leafIndex + 1) } }),
    );
    const check = verifyInclusion({
      leafIndex,
      treeSize: logSize,
      leafHash: await leafOf(prisma, leafIndex + 1),
      proof: built.proof,
      root,
    });
    if (!check.ok) throw new Error(`the proof of leaf ${leafIndex} does not verify: ${check.reason}`);
    inclusionRowsRead = Math.max(inclusionRowsRead, built.rowsRead);
    if (round < options.warmup) continue;
    proofTimes.push(proofMs);
    lookupTimes.push(lookupMs);
  }

  options.progress("audit proofs: a consistency proof between two checkpoint sizes");
  const size1 = Math.floor(logSize / 2) + 7;
  const consistency = await timed(() => buildConsistencyProof(prisma, size1, logSize));

  options.progress("audit proofs: the same inclusion proof from every leaf of the log (the naive way)");
  const naive = await timed(async () => {
    const rows = await prisma.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { hash: true } });
    const leaves = rows.map((row) => auditLeafHash(row.hash));
    return { leaves, proof: inclusionProof(leaves, Math.floor(logSize / 3)) };
  });
  const fullRoot = merkleRoot(naive.value.leaves);
  if (!fullRoot.equals(root))
    throw new Error("the stored tree's root differs from the one recomputed from the log");
  const consistent = verifyConsistency({
    size1,
    size2: logSize,
    proof: consistency.value.proof,
    root1: merkleRoot(naive.value.leaves.slice(0, size1)),
    root2: fullRoot,
  });
  if (!consistent.ok) throw new Error(`the consistency proof does not verify: ${consistent.reason}`);

  return {
    logSize,
    fillMs: fill.ms,
    indexMs: index.ms,
    nodesStored,
    inclusionMs: median(proofTimes),
    inclusionRowsRead,
    pkLookupMs: median(lookupTimes),
    consistencyMs: consistency.ms,
    consistencyRowsRead: consistency.value.rowsRead,
    naiveInclusionMs: naive.ms,
  };
}
