// One program as the UI shows it: computed coverage and readiness per item, requirements with the level they are
// needed for, proof artifacts with their verification state, sign-offs with whether they still match, the trend.
import type { PortalPrisma, PortalTx } from "../db/connection";
import type { BlobStore } from "../evidence/blob-store";
import type { Clock } from "../lib/clock";
import type { DsseEnvelope } from "../signing/dsse";
import { verifyEnvelopeWithRegistry } from "../signing/verify-with-registry";
import { requirementLevelOf, summarizeProgram } from "./policy";
import { contentSha256, documentOf, loadProgramRow } from "./program-store";
import type { ProgramView, SignOffView } from "./schemas";
import { signedContentDigest } from "./sign-off-statement";
import { verifyProof } from "./verify-proof";

export type ComplianceReadDeps = { clock: Clock; blobs: BlobStore };

export async function checkSignOff(
  db: PortalTx,
  signOff: { envelope: unknown; contentSha256: string },
  currentSha256: string,
  clock: Clock,
): Promise<Pick<SignOffView, "state" | "detail">> {
  const verification = await verifyEnvelopeWithRegistry(db, signOff.envelope, {
    purpose: "attestation",
    clock,
  });
  if (!verification.ok)
    return { state: "invalid", detail: `The signature does not verify: ${verification.reason}` };
  const signed = signedContentDigest(signOff.envelope as DsseEnvelope);
  if (signed !== signOff.contentSha256) {
    return { state: "invalid", detail: "The signed statement does not carry the recorded program digest." };
  }
  if (signed !== currentSha256) {
    return {
      state: "superseded",
      detail: "The program changed after this sign-off; the signature still verifies.",
    };
  }
  return { state: "current", detail: "The signature verifies and the program is unchanged since." };
}

export async function getProgram(
  prisma: PortalPrisma | PortalTx,
  slug: string,
  deps: ComplianceReadDeps,
): Promise<ProgramView> {
  const db = prisma as PortalTx;
  const row = await loadProgramRow(db, { slug });
  const document = documentOf(row);
  const summary = summarizeProgram(document);
  const currentSha256 = contentSha256(document);
  const signOffRows = await db.complianceSignOff.findMany({
    where: { programId: row.id },
    orderBy: { signedAt: "desc" },
  });
  const signOffs: SignOffView[] = [];
  for (const signOff of signOffRows) {
    const check = await checkSignOff(db, signOff, currentSha256, deps.clock);
    signOffs.push({
      id: signOff.id,
      stakeholderRole: signOff.stakeholderRole,
      signerName: signOff.signerName,
      signedAt: signOff.signedAt,
      revision: signOff.revision,
      contentSha256: signOff.contentSha256,
      keyId: signOff.keyId,
      ...check,
    });
  }
  const snapshots = await db.complianceCoverageSnapshot.findMany({
    where: { programId: row.id },
    orderBy: { takenAt: "asc" },
    select: { takenAt: true, revision: true, coverage: true },
    take: 500,
  });

  const items: ProgramView["items"] = [];
  for (const [index, item] of row.items.entries()) {
    const computed = summary.items[index];
    const documentItem = document.items[index];
    if (!computed || !documentItem) continue;
    const proofs: ProgramView["items"][number]["proofs"] = [];
    for (const proof of item.proofArtifacts) {
      const check = await verifyProof(db, proof, deps);
      proofs.push({
        id: proof.id,
        position: proof.position,
        description: proof.description,
        evidenceSha256: proof.evidenceSha256,
        evidenceName: proof.evidenceName,
        evidenceSize: proof.evidenceSize,
        signed: proof.signature !== null,
        signatureKeyId: check.keyId,
        state: check.state,
        detail: check.detail,
      });
    }
    items.push({
      id: item.id,
      number: item.number,
      title: item.title,
      summary: item.summary,
      whyItMatters: item.whyItMatters,
      targetLevel: documentItem.targetLevel,
      coverage: computed.coverage,
      status: computed.status,
      readiness: computed.readiness,
      atTarget: computed.atTarget,
      counts: computed.counts,
      documentCoverage: item.documentCoverage,
      documentStatus: item.documentStatus,
      requirements: item.requirements.map((requirement, position) => {
        const plain = documentItem.requirements[position] ?? { status: "TODO" as const, sprint: "" };
        return {
          id: requirement.id,
          position: requirement.position,
          title: requirement.title,
          implementation: requirement.implementation,
          status: plain.status,
          sprint: requirement.sprint,
          owner: requirement.owner,
          notes: requirement.notes,
          frameworks: [...requirement.frameworks],
          neededFor: requirementLevelOf(plain, document.phases, documentItem.targetLevel),
        };
      }),
      proofs,
    });
  }

  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    version: row.version,
    status: row.status,
    owner: row.owner,
    description: row.description,
    createdOn: row.createdOn,
    updatedOn: row.updatedOn,
    revision: row.revision,
    updatedAt: row.updatedAt,
    contentSha256: currentSha256,
    coverage: summary.coverage,
    itemsAtTarget: summary.itemsAtTarget,
    readyCounts: summary.readyCounts,
    requirementCount: summary.requirementCount,
    items,
    phases: document.phases,
    deliverables: row.deliverables.map(({ id, title, path, status }) => ({ id, title, path, status })),
    stakeholders: document.stakeholders,
    documentHistory: document.documentHistory,
    extraSections: document.extraSections,
    signOffs,
    snapshots,
  };
}
