// The signed checkpoints, newest first, each verified again as it is read: the signature against the key registry
// as it is now (a revoked key's checkpoints show flagged or failed), and the signed text against the stored size,
// root and origin (a row edited behind the triggers' back no longer matches its own note).
import type { PortalTx } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { parseCheckpointText } from "../../lib/tlog-checkpoint";
import { verifyNoteWithRegistry } from "../../signing/verify-note-with-registry";
import { type CheckpointRow, checkpointSelect, toCheckpointView } from "./checkpoint-row";
import { type CheckpointPage, type CheckpointWithVerdict, ZCheckpointListInput } from "./schemas";

export async function judgeCheckpoint(
  db: PortalTx,
  row: CheckpointRow,
  clock: Clock,
): Promise<CheckpointWithVerdict> {
  const view = toCheckpointView(row);
  const signature = await verifyNoteWithRegistry(db, row.signedNote, { purpose: "audit-checkpoint", clock });
  const verdict = (verified: boolean, text: string) => ({
    ...view,
    verified,
    flagged: verified && signature.signatures.some((check) => check.ok && check.flags.length > 0),
    verdict: text,
  });
  if (!signature.ok || signature.text === null) return verdict(false, signature.reason);
  const parsed = parseCheckpointText(signature.text);
  if (!parsed.ok) return verdict(false, `the signed text is not a checkpoint: ${parsed.reason}`);
  const { checkpoint } = parsed;
  if (
    checkpoint.treeSize !== view.treeSize ||
    checkpoint.rootHash.toString("hex") !== view.rootHash ||
    checkpoint.origin !== view.origin
  ) {
    return verdict(false, "the stored size, root or origin differ from what the note signs");
  }
  return verdict(true, signature.reason);
}

export async function findAuditCheckpoints(
  db: PortalTx,
  input: { limit?: number; before?: number },
  clock: Clock,
): Promise<CheckpointPage> {
  const { limit, before } = ZCheckpointListInput.parse(input);
  const rows = await db.auditCheckpoint.findMany({
    where: before ? { treeSize: { lt: BigInt(before) } } : {},
    orderBy: { treeSize: "desc" },
    take: limit + 1,
    select: checkpointSelect,
  });
  const page = rows.slice(0, limit);
  const checkpoints: CheckpointWithVerdict[] = [];
  for (const row of page) checkpoints.push(await judgeCheckpoint(db, row, clock));
  const head = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  const latest = await db.auditCheckpoint.findFirst({
    orderBy: { treeSize: "desc" },
    select: { treeSize: true },
  });
  return {
    checkpoints,
    nextCursor: rows.length > limit ? (checkpoints.at(-1)?.treeSize ?? null) : null,
    logSize: head ? Number(head.seq) : 0,
    latestTreeSize: latest ? Number(latest.treeSize) : null,
  };
}
