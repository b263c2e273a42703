// Everything a release's gates are evaluated over, read from the database and the blob store: the release, its
// artifacts, its signatures (from a verification report: the one just made at promotion, else the stored one), the
// SBOM and scan reports linked to it as evidence, the VEX exceptions not revoked, and the decisions on its open
// request for the environment. Documents are handed over as stored: server/gates parses them, so a malformed one
// becomes a failing gate that names the problem, not an error here.
import type { PortalTx } from "../db/connection";
import type { BlobStore } from "../evidence/blob-store";
import type { GateInputsInput } from "../gates/gate-inputs";
import type { ReleaseBundleReport } from "../signing/bundle/report";
import { ZReleaseBundleReport } from "../signing/bundle/report";
import { vexExceptionInput } from "./vex-exception-row";

/** The package URLs a VEX statement may use to name a release: the product, and the product at this version. */
export function releasePurls(product: string, version: string): string[] {
  const name = encodeURIComponent(product);
  return [`pkg:generic/${name}`, `pkg:generic/${name}@${encodeURIComponent(version)}`];
}

async function linkedDocuments(
  db: PortalTx,
  blobs: BlobStore,
  releaseId: string,
  kind: "SBOM" | "SCAN_REPORT",
): Promise<{ createdAt: Date; text: string }[]> {
  const links = await db.evidenceLink.findMany({
    where: { releaseId, evidence: { kind } },
    select: { evidence: { select: { sha256: true, createdAt: true, id: true } } },
  });
  const documents: { createdAt: Date; text: string; id: string }[] = [];
  for (const { evidence } of links) {
    const bytes = await blobs.get(evidence.sha256);
    // bytes gone from the store: the document is missing, which the gates report like an unattached one
    if (bytes)
      documents.push({ createdAt: evidence.createdAt, id: evidence.id, text: bytes.toString("utf8") });
  }
  // newest first, the id breaking ties: the same evidence gives the same order every time
  return documents.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1));
}

export async function loadGateInputs(
  db: PortalTx,
  blobs: BlobStore,
  options: { releaseId: string; environment: string; report?: ReleaseBundleReport },
): Promise<GateInputsInput> {
  const release = await db.release.findUniqueOrThrow({
    where: { id: options.releaseId },
    select: {
      id: true,
      product: true,
      version: true,
      sourceCommit: true,
      ciRunId: true,
      verificationReport: true,
      artifacts: { select: { path: true, sha256: true, size: true }, orderBy: { path: "asc" } },
    },
  });
  const report = options.report ?? ZReleaseBundleReport.parse(release.verificationReport);
  const [sboms, scanReports, vex, open] = await Promise.all([
    linkedDocuments(db, blobs, release.id, "SBOM"),
    linkedDocuments(db, blobs, release.id, "SCAN_REPORT"),
    db.vexException.findMany({ where: { revokedAt: null }, orderBy: { createdAt: "asc" } }),
    db.promotionRequest.findFirst({
      where: { releaseId: release.id, environment: options.environment, status: "PENDING" },
      select: { approvals: { select: { approverName: true, role: true, decision: true, decidedAt: true } } },
    }),
  ]);
  return {
    release: {
      id: release.id,
      product: release.product,
      version: release.version,
      sourceCommit: release.sourceCommit,
      ciRunId: release.ciRunId,
      purls: releasePurls(release.product, release.version),
    },
    artifacts: release.artifacts.map((artifact) => ({
      name: artifact.path,
      digest: `sha256:${artifact.sha256}`,
      size: Number(artifact.size),
    })),
    signatures: report.signatures
      .filter((signature) => signature.keyId !== null)
      .map((signature) => ({
        keyId: signature.keyId as string,
        purpose: report.purpose,
        verified: signature.ok,
        subject: signature.source,
      })),
    // the newest SBOM speaks for the release; every scan report counts
    sbom: sboms[0]?.text ?? null,
    scanReports: scanReports.map((document) => document.text),
    vex: vex.map(vexExceptionInput),
    approvals: (open?.approvals ?? []).map((approval) => ({
      actor: approval.approverName,
      role: approval.role,
      decision: approval.decision === "APPROVE" ? ("approve" as const) : ("reject" as const),
      decidedAt: approval.decidedAt.toISOString(),
    })),
  };
}
