// Exports a selection of evidence as a signed, deterministic .tar.gz (layout.ts). The heavy work (reading and
// hashing blobs, packing, compressing) happens outside any transaction, so a large export never holds the audit
// log's lock; two short transactions do the rest:
//   1. the manifest is signed through signWithPurpose with the attestation key (the signing request is audited in
//      that transaction, as every signature is);
//   2. the archive's evidence record, the bundle row, its items and the export's audit event commit together.
// Why the attestation key: the manifest is a statement by the portal about evidence it holds (an in-toto statement
// over the files), the same kind of claim as its SBOM and sign-off attestations, and the auditors who receive
// bundles already trust that key for those; the mirror key vouches for redistributed product content.
import { randomUUID } from "node:crypto";
import { appendAudit } from "../../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../../audit/events";
import { APP_VERSION } from "../../lib/app-version";
import { canonicalJson } from "../../lib/canonical-json";
import { DomainError } from "../../lib/domain-error";
import { IN_TOTO_PAYLOAD_TYPE } from "../../signing/in-toto";
import { signWithPurpose } from "../../signing/sign-with-purpose";
import { transactionWithSigningAudit } from "../../signing/signing-failure";
import { sha256Hex } from "../blob-store";
import { checkStoredBytes } from "../check-evidence";
import type { EvidenceDeps } from "../deps";
import { assignBundlePaths } from "./bundle-paths";
import { bundleSummarySelect, toBundleSummary } from "./bundle-row";
import { deterministicTarGz, type TarFile } from "./deterministic-tar";
import { type BundleExtraFilesProvider, extraFileProblem, withoutExtraFiles } from "./extra-files";
import {
  CHECKPOINTS_DIR,
  CHECKSUMS_FILE,
  ENVELOPE_FILE,
  INSTRUCTIONS_FILE,
  keyFileName,
  MANIFEST_FILE,
} from "./layout";
import {
  buildManifest,
  filesMerkleRoot,
  type ManifestFile,
  type SupportingFile,
  sortByPath,
} from "./manifest";
import { type BundleSummary, type ExportBundleInput, ZExportBundleInput } from "./schemas";
import { selectEvidence } from "./select-evidence";
import { renderInstructions, renderSha256Sums } from "./verify-instructions";

export const BUNDLE_SIGNING_PURPOSE = "attestation" as const;

export type ExportBundleDeps = EvidenceDeps & { extraFiles?: BundleExtraFilesProvider };

export type BundleParts = {
  /** the archive's top-level folder */
  folder: string;
  /** every file but SHA256SUMS, with its path inside the folder */
  files: readonly TarFile[];
};

/** SHA256SUMS over the given files, then the deterministic archive: the same parts give the same bytes. */
export async function packBundle(parts: BundleParts): Promise<Buffer> {
  const sums = renderSha256Sums(
    parts.files.map((file) => ({ path: file.path, sha256: sha256Hex(file.bytes) })),
  );
  const files = [...parts.files, { path: CHECKSUMS_FILE, bytes: Buffer.from(sums, "utf8") }];
  return deterministicTarGz(
    files.map((file) => ({ path: `${parts.folder}/${file.path}`, bytes: file.bytes })),
    // checkpoints/ is part of the layout even when no checkpoint provider added anything
    [`${parts.folder}/${CHECKPOINTS_DIR}`],
  );
}

export function bundleFolderName(bundleId: string, createdAt: Date): string {
  const stamp = createdAt
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  return `evidence-bundle-${stamp}-${bundleId.slice(0, 8)}`;
}

export async function exportBundle(
  deps: ExportBundleDeps,
  options: { input: ExportBundleInput; actor: AuditActor & { id: string }; request?: AuditRequestMeta },
): Promise<BundleSummary> {
  const input = ZExportBundleInput.parse(options.input);
  const { prisma, clock } = deps;
  const selected = await selectEvidence(prisma, input.selection, deps.limits);
  const now = clock.now();

  // every blob is hashed again: a bundle must never carry bytes that are not the recorded evidence
  const blobs = new Map<string, Buffer>();
  for (const item of selected.items) {
    const check = await checkStoredBytes(deps.blobs, item.sha256, now);
    if (check.state !== "ok" || !check.bytes) {
      throw new DomainError(
        "PRECONDITION_FAILED",
        `${item.fileName} (${item.id}) cannot be exported: ${check.detail}`,
        { evidenceId: item.id, state: check.state },
      );
    }
    blobs.set(item.id, check.bytes);
  }

  const key = await prisma.signingKey.findFirst({
    where: { purpose: BUNDLE_SIGNING_PURPOSE, status: "active" },
    select: { keyId: true, publicKeyPem: true },
  });
  if (!key) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `No active ${BUNDLE_SIGNING_PURPOSE} signing key: a security officer must create one on /keys`,
      { purpose: BUNDLE_SIGNING_PURPOSE },
    );
  }

  const bundleId = randomUUID();
  const title = input.title || `Evidence: ${selected.label}`;
  const folder = bundleFolderName(bundleId, now);
  const archiveName = `${folder}.tar.gz`;
  const paths = assignBundlePaths(selected.items);
  const manifestFiles: ManifestFile[] = selected.items.map((item) => ({
    path: paths.get(item.id) as string,
    sha256: item.sha256,
    size: item.size,
    kind: item.kind,
    mediaType: item.mediaType,
    fileName: item.fileName,
    subjectDigest: item.subjectDigest,
    evidenceId: item.id,
    description: item.description,
    producer: item.producerName,
    uploadedAt: item.createdAt.toISOString(),
    links: item.links.map((link) => ({ target: link.target, id: link.id, label: link.label })),
  }));

  const extra = await (deps.extraFiles ?? withoutExtraFiles)({
    prisma,
    bundleId,
    createdAt: now,
    actor: options.actor,
    request: options.request,
    clock,
    evidence: manifestFiles.map((file) => ({
      evidenceId: file.evidenceId,
      path: file.path,
      sha256: file.sha256,
    })),
  });
  for (const file of extra) {
    const problem = extraFileProblem(file);
    if (problem) throw new Error(problem);
  }
  const keyFile = {
    path: keyFileName(BUNDLE_SIGNING_PURPOSE, key.keyId),
    bytes: Buffer.from(`${key.publicKeyPem.trim()}\n`, "utf8"),
    role: "trusted-key",
    description: `public key ${key.keyId} (${BUNDLE_SIGNING_PURPOSE}) that signed ${ENVELOPE_FILE}`,
  };
  const totalBytes = manifestFiles.reduce((sum, file) => sum + file.size, 0);
  const bundleInfo = {
    id: bundleId,
    title,
    createdAt: now.toISOString(),
    createdBy: options.actor.name,
    selection: selected.label,
    portalVersion: APP_VERSION,
  };
  // VERIFY.md shows the Merkle root and is itself listed in the manifest, so the root comes first
  const merkleRoot = filesMerkleRoot(sortByPath(manifestFiles));
  const instructions = {
    path: INSTRUCTIONS_FILE,
    bytes: Buffer.from(
      renderInstructions({
        bundleId,
        title,
        createdAt: bundleInfo.createdAt,
        createdBy: bundleInfo.createdBy,
        selection: selected.label,
        fileCount: manifestFiles.length,
        totalBytes,
        merkleRoot,
        signingKey: { keyId: key.keyId, path: keyFile.path, purpose: BUNDLE_SIGNING_PURPOSE },
        extraFiles: extra,
        archiveName,
      }),
      "utf8",
    ),
    role: "instructions",
    description: "how to verify this bundle with sha256sum, openssl and portal-verify",
  };
  const supportingFiles = [keyFile, ...extra, instructions];
  const duplicate = supportingFiles.find(
    (file, index) => supportingFiles.findIndex((other) => other.path === file.path) !== index,
  );
  if (duplicate) throw new Error(`two supporting files claim ${duplicate.path}`);
  const supporting: SupportingFile[] = supportingFiles.map((file) => ({
    path: file.path,
    sha256: sha256Hex(file.bytes),
    size: file.bytes.length,
    role: file.role,
    description: file.description,
  }));
  const { bytes: manifestBytes } = buildManifest({ bundle: bundleInfo, files: manifestFiles, supporting });
  const manifestSha256 = sha256Hex(manifestBytes);

  const signed = await transactionWithSigningAudit(prisma, async (tx) => {
    const result = await signWithPurpose(tx, {
      purpose: BUNDLE_SIGNING_PURPOSE,
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: manifestBytes,
      subjectDigest: `sha256:${manifestSha256}`,
      requester: options.actor,
      request: options.request,
      clock,
    });
    if (result.keyId !== key.keyId) {
      // rolled back with the signature: the bundle would ship a key that did not sign it
      throw new DomainError("CONFLICT", "The attestation key was rotated during the export; export again");
    }
    return result;
  });
  const envelopeBytes = Buffer.from(`${canonicalJson(signed.envelope)}\n`, "utf8");

  const archive = await packBundle({
    folder,
    files: [
      ...manifestFiles.map((file) => ({ path: file.path, bytes: blobs.get(file.evidenceId) as Buffer })),
      ...supportingFiles.map((file) => ({ path: file.path, bytes: file.bytes })),
      { path: MANIFEST_FILE, bytes: manifestBytes },
      { path: ENVELOPE_FILE, bytes: envelopeBytes },
    ],
  });
  const { sha256: archiveSha256 } = await deps.blobs.put(archive);

  return prisma.$transaction(async (tx) => {
    const record = await tx.evidenceRecord.create({
      data: {
        kind: "AUDIT_EXPORT",
        sha256: archiveSha256,
        size: BigInt(archive.length),
        mediaType: "application/gzip",
        fileName: archiveName,
        subjectDigest: null,
        description: `Evidence bundle "${title}": ${manifestFiles.length} files, Merkle root ${merkleRoot}`,
        producerKind: "USER",
        producerUserId: options.actor.id,
        producerName: options.actor.name,
        createdAt: now,
      },
      select: { id: true },
    });
    await tx.evidenceBundle.create({
      data: {
        id: bundleId,
        archiveEvidenceId: record.id,
        title,
        selection: JSON.parse(JSON.stringify(selected.selection)),
        selectionLabel: selected.label,
        fileCount: manifestFiles.length,
        totalBytes: BigInt(totalBytes),
        merkleRoot,
        manifestSha256,
        keyId: signed.keyId,
        createdAt: now,
        createdById: options.actor.id,
        createdByName: options.actor.name,
      },
    });
    await tx.evidenceBundleItem.createMany({
      data: manifestFiles.map((file) => ({ bundleId, evidenceId: file.evidenceId, path: file.path })),
    });
    await appendAudit(tx, {
      payload: {
        type: "evidence.bundle_exported",
        title,
        selection: selected.label,
        fileCount: manifestFiles.length,
        totalBytes,
        merkleRoot,
        manifestSha256,
        archiveSha256,
        archiveEvidenceId: record.id,
        keyId: signed.keyId,
      },
      actor: options.actor,
      subject: { type: "evidence_bundle", id: bundleId },
      request: options.request,
      clock,
    });
    const row = await tx.evidenceBundle.findUniqueOrThrow({
      where: { id: bundleId },
      select: bundleSummarySelect,
    });
    return toBundleSummary(row);
  });
}
