// Log entries with inclusion proofs (a Sigstore bundle, a Rekor entry, or the portal's own form), verified against
// the checkpoint the mirror holds for the proof's tree size, with the trusted log key, offline. An entry that carries
// its own checkpoint brings it in first, through the same checks as any checkpoint (signature, origin, consistency
// with what is held). `checkEntries` answers the same question without keeping anything, for auditors.
import { appendAudit } from "../../audit/append-audit";
import type { PortalPrisma, PortalTx } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import { ReportBuilder, type VerificationReport } from "../../lib/verification-report";
import { type LogEntryProof, readLogEntries } from "./entry-formats";
import { importCheckpoint, loadLog, type ProofSource } from "./import-checkpoint";
import type { MirrorContext } from "./mirror-context";
import { refuseImport } from "./refuse-import";
import { type EntryImport, ZEntryInput } from "./schemas";
import { checkEntryAgainst } from "./verify-entry";
import { entrySelect, toEntryView } from "./views";

function readEntries(text: string): LogEntryProof[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError("BAD_REQUEST", "the entry file is not JSON", { field: "entry" });
  }
  const read = readLogEntries(json);
  if (!read.ok) throw new DomainError("BAD_REQUEST", read.reason, { field: "entry" });
  return read.entries;
}

async function heldOfSize(db: PortalTx, logId: string, treeSize: number) {
  return db.transparencyCheckpoint.findFirst({
    where: { logId, treeSize: BigInt(treeSize), status: { in: ["first", "consistent"] } },
    select: { id: true, treeSize: true, rootHash: true },
  });
}

export async function importEntries(
  prisma: PortalPrisma,
  ctx: MirrorContext,
  input: { logId: string; entry: string; source: "upload" | "sync"; proofFor: ProofSource },
): Promise<EntryImport[]> {
  const { logId, entry } = ZEntryInput.parse(input);
  const log = await loadLog(prisma, logId);
  const results: EntryImport[] = [];
  for (const proof of readEntries(entry)) {
    let held = await heldOfSize(prisma, log.id, proof.treeSize);
    if (!held && proof.checkpoint) {
      const imported = await importCheckpoint(prisma, ctx, {
        logId: log.id,
        note: proof.checkpoint,
        source: "entry",
        proofFor: input.proofFor,
      });
      if (imported.outcome === "diverged") {
        throw new DomainError(
          "PRECONDITION_FAILED",
          `the entry's checkpoint diverges from what the mirror holds; the alarm is raised and the entry is not taken: ${imported.message}`,
        );
      }
      held = await heldOfSize(prisma, log.id, proof.treeSize);
    }
    if (!held) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        `the mirror holds no checkpoint of ${log.name} at size ${proof.treeSize}, and the entry carries none: import or sync that checkpoint first`,
      );
    }
    const report = new ReportBuilder("Log entry");
    if (
      !checkEntryAgainst(report, proof, {
        treeSize: Number(held.treeSize),
        rootHash: Buffer.from(held.rootHash, "hex"),
      })
    ) {
      const { verdict } = report.finish("");
      await refuseImport(prisma, ctx, {
        logId: log.id,
        what: "entry",
        source: input.source,
        reason: verdict,
      });
      throw new DomainError("BAD_REQUEST", `entry refused: ${verdict}`, { field: "entry" });
    }
    const leafHash = proof.leafHash.toString("hex");
    const heldId = held.id;
    results.push(
      await prisma.$transaction(async (tx) => {
        const existing = await tx.transparencyEntry.findUnique({
          where: { logId_leafHash_treeSize: { logId: log.id, leafHash, treeSize: BigInt(proof.treeSize) } },
          select: entrySelect,
        });
        if (existing) {
          return {
            outcome: "duplicate" as const,
            entry: toEntryView(existing),
            message: "already verified against this checkpoint",
          };
        }
        const row = await tx.transparencyEntry.create({
          data: {
            logId: log.id,
            leafIndex: BigInt(proof.leafIndex),
            logIndex: proof.logIndex,
            leafHash,
            body: proof.body ? Uint8Array.from(proof.body) : null,
            kind: proof.kind,
            treeSize: BigInt(proof.treeSize),
            proof: proof.hashes.map((hash) => hash.toString("hex")),
            checkpointId: heldId,
            verifiedAt: ctx.clock.now(),
            importedByName: ctx.actor.name,
          },
          select: entrySelect,
        });
        await appendAudit(tx, {
          payload: {
            type: "transparency.entry_imported",
            logId: log.id,
            leafIndex: proof.leafIndex,
            logIndex: proof.logIndex,
            leafHash,
            treeSize: proof.treeSize,
          },
          actor: ctx.actor,
          subject: { type: "transparency-log", id: log.id },
          request: ctx.request,
          clock: ctx.clock,
        });
        return {
          outcome: "imported" as const,
          entry: toEntryView(row),
          message: `leaf ${proof.leafIndex} verified against the held checkpoint of size ${proof.treeSize}`,
        };
      }),
    );
  }
  return results;
}

/** Verifies entries against the mirror's checkpoints and keeps nothing. */
export async function checkEntries(
  db: PortalTx,
  input: { logId: string; entry: string },
): Promise<VerificationReport[]> {
  const { logId, entry } = ZEntryInput.parse(input);
  const log = await loadLog(db, logId);
  const reports: VerificationReport[] = [];
  for (const proof of readEntries(entry)) {
    const report = new ReportBuilder("Log entry against the mirror");
    report.facts.log = `${log.name} (${log.origin})`;
    report.facts["leaf index"] = proof.leafIndex;
    report.facts["log index"] = proof.logIndex;
    report.facts["leaf hash"] = proof.leafHash.toString("hex");
    const held = await heldOfSize(db, log.id, proof.treeSize);
    if (
      report.step(
        "held checkpoint",
        held !== null,
        held
          ? `the mirror holds the checkpoint of size ${proof.treeSize}, verified with the log's key when it came in`
          : `the mirror holds no checkpoint of size ${proof.treeSize}: sync the log or import that checkpoint`,
      ) &&
      held
    ) {
      checkEntryAgainst(report, proof, {
        treeSize: Number(held.treeSize),
        rootHash: Buffer.from(held.rootHash, "hex"),
      });
    }
    reports.push(
      report.finish(`leaf ${proof.leafIndex} is in the log at the held checkpoint of size ${proof.treeSize}`),
    );
  }
  return reports;
}
