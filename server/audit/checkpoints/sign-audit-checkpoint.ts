// Signs a checkpoint of the audit log: indexes the tree up to the newest event, computes the root from O(log n)
// stored nodes, and signs "<origin>\n<size>\n<base64 root>\nTimestamp: <ns>\n" as a signed note with the
// audit-checkpoint key (through the Signing service, audited), in the c2sp.org/tlog-checkpoint format that Rekor and
// Go's checksum database use, so their tooling and our CLI verify it alike.
//
// A checkpoint writes two audit events of its own (the signature and the checkpoint), which the next one covers.
// The scheduler therefore signs only when something else happened since the last checkpoint's own event; an
// operator asking for one gets one whenever the tree has grown. Checkpoints are serialised by an advisory lock, so
// several instances never sign two of the same size.
import type { PortalPrisma } from "../../db/connection";
import type { Clock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { nodeHash } from "../../lib/merkle";
import { refsOf, resolvePlan, rootPlan } from "../../lib/merkle-plan";
import { formatCheckpointText, timestampLine } from "../../lib/tlog-checkpoint";
import { signNoteWithPurpose } from "../../signing/sign-note-with-purpose";
import { transactionWithSigningAudit } from "../../signing/signing-failure";
import { appendAudit } from "../append-audit";
import type { AuditActor, AuditRequestMeta } from "../events";
import { checkpointSelect, toCheckpointView } from "./checkpoint-row";
import { indexAuditTree, indexedTreeSize } from "./index-audit-tree";
import type { SignCheckpointResult } from "./schemas";
import { readTreeNodes } from "./tree-store";

const AUDIT_CHECKPOINT_LOCK = 4_242_003;
export const CHECKPOINT_PAYLOAD_TYPE = "c2sp.org/tlog-checkpoint";

export type SignAuditCheckpointOptions = {
  origin: string;
  trigger: "scheduled" | "manual";
  actor: AuditActor;
  request?: AuditRequestMeta;
  clock: Clock;
};

export async function signAuditCheckpoint(
  prisma: PortalPrisma,
  options: SignAuditCheckpointOptions,
): Promise<SignCheckpointResult> {
  await indexAuditTree(prisma, { clock: options.clock });
  return transactionWithSigningAudit(prisma, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHECKPOINT_LOCK})`;
    const size = await indexedTreeSize(tx);
    const latest = await tx.auditCheckpoint.findFirst({
      orderBy: { treeSize: "desc" },
      select: checkpointSelect,
    });
    if (size === 0)
      throw new DomainError("PRECONDITION_FAILED", "the audit log is empty: there is nothing to sign");
    if (latest && size <= Number(latest.treeSize))
      return { created: false, checkpoint: toCheckpointView(latest) };
    if (latest && options.trigger === "scheduled") {
      const head = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
      // nothing but the last checkpoint's own events since it was signed
      if (head && head.seq <= latest.auditSeq)
        return { created: false, checkpoint: toCheckpointView(latest) };
    }

    const plan = rootPlan(size);
    const nodes = await readTreeNodes(tx, refsOf([plan]));
    const root = Buffer.from(resolvePlan(plan, nodes.rootOf, nodeHash));
    const rootHex = root.toString("hex");
    const text = formatCheckpointText({
      origin: options.origin,
      treeSize: size,
      rootHash: root,
      extensions: [timestampLine(options.clock.now())],
    });
    const signed = await signNoteWithPurpose(tx, {
      purpose: "audit-checkpoint",
      payloadType: CHECKPOINT_PAYLOAD_TYPE,
      text,
      keyName: options.origin,
      subjectDigest: `sha256:${rootHex}`,
      requester: options.actor,
      request: options.request,
      clock: options.clock,
    });
    const audited = await appendAudit(tx, {
      payload: {
        type: "audit.checkpoint_signed",
        treeSize: size,
        rootHash: rootHex,
        origin: options.origin,
        keyId: signed.keyId,
        trigger: options.trigger,
      },
      actor: options.actor,
      subject: { type: "audit-checkpoint", id: String(size) },
      request: options.request,
      clock: options.clock,
    });
    const row = await tx.auditCheckpoint.create({
      data: {
        treeSize: BigInt(size),
        rootHash: rootHex,
        origin: options.origin,
        signedNote: signed.signedNote,
        keyId: signed.keyId,
        signedAt: signed.signedAt,
        trigger: options.trigger,
        requestedByName: options.actor.name,
        auditSeq: BigInt(audited.seq),
      },
      select: checkpointSelect,
    });
    return { created: true, checkpoint: toCheckpointView(row) };
  });
}
