// The audit-log proofs of an evidence bundle (issue 7: an export carries "the relevant checkpoints and proofs"):
//   checkpoints/audit-checkpoint.txt        a signed checkpoint of the audit log, covering every upload exported
//   checkpoints/inclusion/event-<seq>.json  per evidence item, the inclusion proof of its `evidence.uploaded` event
//   keys/audit-checkpoint-<16 hex>.pem      the public key that signed the checkpoint
// With them an auditor proves offline that each file's upload (its SHA-256, who, when) is an event of the
// portal's append-only log, whose signed root is the checkpoint: the log cannot be rewritten to hide it later.
//
// No active audit-checkpoint key (a fresh install without one) means an export without these files, not a failed
// export: the bundle is still signed and complete, VERIFY.md then says the checkpoint is absent. The key is looked
// for first, so every such export does not leave a "signing.failed" audit event behind; a key revoked in the
// moment between that look and the signature ends the same way (and that failure is audited).
import { checkpointSelect } from "../../audit/checkpoints/checkpoint-row";
import { judgeCheckpoint } from "../../audit/checkpoints/find-audit-checkpoints";
import { inclusionProofOf } from "../../audit/checkpoints/get-proofs";
import { inclusionProofDocument } from "../../audit/checkpoints/proof-documents";
import type { CheckpointView } from "../../audit/checkpoints/schemas";
import { signAuditCheckpoint } from "../../audit/checkpoints/sign-audit-checkpoint";
import type { StoredAuditRow } from "../../audit/stored-event";
import { DomainError } from "../../lib/domain-error";
import { SigningFailure } from "../../signing/signing-failure";
import { UPLOAD_EVENT } from "./audit-proof-event";
import type { BundleExtraFile, BundleExtraFilesContext, BundleExtraFilesProvider } from "./extra-files";
import {
  AUDIT_CHECKPOINT_FILE,
  AUDIT_CHECKPOINT_KEY_PURPOSE,
  inclusionProofFileName,
  keyFileName,
} from "./layout";

async function checkpointForExport(
  context: BundleExtraFilesContext,
  origin: string,
): Promise<CheckpointView | null> {
  const keys = await context.prisma.signingKey.count({
    where: { purpose: AUDIT_CHECKPOINT_KEY_PURPOSE, status: "active" },
  });
  if (keys === 0) return null;
  try {
    // the latest checkpoint when the log has not grown since; otherwise a new one, audited as the exporter's
    const { checkpoint } = await signAuditCheckpoint(context.prisma, {
      origin,
      trigger: "manual",
      actor: context.actor,
      request: context.request,
      clock: context.clock,
    });
    return checkpoint;
  } catch (error) {
    if (error instanceof SigningFailure && error.audit.payload.outcome === "no_active_key") return null;
    throw error;
  }
}

/** Each evidence item's upload event (the first, should there ever be two), all in one query. */
async function uploadEvents(context: BundleExtraFilesContext): Promise<Map<string, StoredAuditRow>> {
  const rows = await context.prisma.auditEvent.findMany({
    where: {
      action: UPLOAD_EVENT.action,
      subjectType: UPLOAD_EVENT.subjectType,
      subjectId: { in: context.evidence.map((item) => item.evidenceId) },
    },
    orderBy: { seq: "asc" },
  });
  const bySubject = new Map<string, StoredAuditRow>();
  for (const row of rows) {
    if (row.subjectId && !bySubject.has(row.subjectId)) bySubject.set(row.subjectId, row);
  }
  return bySubject;
}

/** The checkpoint with the registry's verdict, as the checkpoints page shows it: judged once, for every proof. */
async function judged(context: BundleExtraFilesContext, checkpoint: CheckpointView) {
  const row = await context.prisma.auditCheckpoint.findUniqueOrThrow({
    where: { treeSize: BigInt(checkpoint.treeSize) },
    select: checkpointSelect,
  });
  const verdict = await judgeCheckpoint(context.prisma, row, context.clock);
  if (!verdict.verified) {
    // a bundle must not ship a checkpoint that fails at the auditor's desk
    throw new DomainError(
      "PRECONDITION_FAILED",
      `The audit checkpoint of size ${checkpoint.treeSize} does not verify (${verdict.verdict}); export again later`,
    );
  }
  return verdict;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export function auditProofFiles(options: { origin: string }): BundleExtraFilesProvider {
  return async (context) => {
    const checkpoint = await checkpointForExport(context, options.origin);
    if (!checkpoint) return [];
    const key = await context.prisma.signingKey.findUnique({
      where: { keyId: checkpoint.keyId },
      select: { keyId: true, publicKeyPem: true },
    });
    if (!key)
      throw new Error(`the key ${checkpoint.keyId} of audit checkpoint ${checkpoint.treeSize} is unknown`);

    const signed = await judged(context, checkpoint);
    const events = await uploadEvents(context);
    const proofs: BundleExtraFile[] = [];
    // bundle archives exported earlier (hand-picked selections) are recorded by `evidence.bundle_exported`, not
    // uploaded: they have no upload event to prove, which the checkpoint's description says
    const unproved: string[] = [];
    for (const item of context.evidence) {
      const event = events.get(item.evidenceId);
      const seq = event ? Number(event.seq) : 0;
      if (!event || seq > checkpoint.treeSize) {
        unproved.push(item.path);
        continue;
      }
      const view = await inclusionProofOf(context.prisma, event, signed);
      // the stored tree disagreeing with its own signed root is a broken log: no bundle should hide that
      if (!view.serverCheck.ok) {
        throw new Error(
          `the inclusion proof of audit event #${seq} does not verify: ${view.serverCheck.reason}`,
        );
      }
      proofs.push({
        path: inclusionProofFileName(seq),
        bytes: Buffer.from(`${JSON.stringify(inclusionProofDocument(view), null, 2)}\n`, "utf8"),
        role: "inclusion-proof",
        description: `inclusion proof of audit event #${seq} (${UPLOAD_EVENT.action} of ${item.path}, sha256 ${item.sha256}) in the checkpoint of size ${checkpoint.treeSize}`,
      });
    }
    const coverage =
      unproved.length === 0
        ? `the upload events of all ${plural(context.evidence.length, "evidence file")}`
        : `the upload events of ${proofs.length} of ${plural(context.evidence.length, "evidence file")}; no ${UPLOAD_EVENT.action} event records ${unproved.join(", ")} (an exported bundle archive is recorded as evidence.bundle_exported)`;
    return [
      {
        path: AUDIT_CHECKPOINT_FILE,
        bytes: Buffer.from(checkpoint.signedNote, "utf8"),
        role: "checkpoint",
        description: `signed audit-log checkpoint of ${checkpoint.origin} at size ${checkpoint.treeSize}, root ${checkpoint.rootHash}: covers ${coverage}`,
      },
      ...proofs,
      {
        path: keyFileName(AUDIT_CHECKPOINT_KEY_PURPOSE, key.keyId),
        bytes: Buffer.from(`${key.publicKeyPem.trim()}\n`, "utf8"),
        role: "trusted-key",
        description: `public key ${key.keyId} (${AUDIT_CHECKPOINT_KEY_PURPOSE}) that signed ${AUDIT_CHECKPOINT_FILE}`,
      },
    ];
  };
}
