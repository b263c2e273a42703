// Fixtures for the evidence tests: things evidence links to (a release, a break-glass session), a blob store in a
// temporary directory, the service dependencies, and sample evidence in the formats the store recognises.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PortalPrisma } from "@/server/db/connection";
import { createFileBlobStore } from "@/server/evidence/blob-store";
import type { EvidenceDeps } from "@/server/evidence/deps";
import { DEFAULT_EVIDENCE_LIMITS, type EvidenceLimits } from "@/server/evidence/limits";
import type { Clock } from "@/server/lib/clock";

export function tempBlobStore() {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "evidence-blobs-"));
  return {
    directory,
    blobs: createFileBlobStore(directory),
    pathOf: (sha256: string) => path.join(directory, "sha256", sha256.slice(0, 2), sha256),
    remove: () => fs.rmSync(directory, { recursive: true, force: true }),
  };
}

export function evidenceDeps(
  prisma: PortalPrisma,
  clock: Clock,
  blobs: EvidenceDeps["blobs"],
  limits: Partial<EvidenceLimits> = {},
): EvidenceDeps {
  return { prisma, clock, blobs, limits: { ...DEFAULT_EVIDENCE_LIMITS, ...limits } };
}

export async function createTestRelease(
  prisma: PortalPrisma,
  options: { product?: string; version: string },
): Promise<{ id: string; product: string; version: string }> {
  const product = options.product ?? "portal";
  const row = await prisma.release.create({
    data: {
      product,
      version: options.version,
      sourceCommit: "0123456789abcdef0123456789abcdef01234567",
      ciRunId: `run-${options.version}`,
      bundleDigest: "c".repeat(64),
      checksums: `${"d".repeat(64)}  app.tar.gz\n`,
      verificationStatus: "VERIFIED",
      verificationReport: {},
      verificationDigest: "e".repeat(64),
      verifiedAt: new Date("2026-11-30T10:00:00.000Z"),
      registeredByName: "ci",
    },
    select: { id: true },
  });
  return { id: row.id, product, version: options.version };
}

export async function createTestBreakGlassSession(
  prisma: PortalPrisma,
  requesterId: string,
  requesterName: string,
): Promise<{ id: string }> {
  return prisma.breakGlassSession.create({
    data: {
      requesterId,
      requesterName,
      reasonCode: "INCIDENT_P1",
      justification: "Payments API failing",
      ticketRef: "INC-7",
      scopes: ["audit:verify"],
      durationMinutes: 15,
      approvalRequired: false,
      status: "CLOSED",
      requestedAt: new Date("2026-11-30T09:00:00.000Z"),
      activatedAt: new Date("2026-11-30T09:00:00.000Z"),
      expiresAt: new Date("2026-11-30T09:15:00.000Z"),
      endedAt: new Date("2026-11-30T09:10:00.000Z"),
    },
    select: { id: true },
  });
}

export const SAMPLE_CYCLONEDX = Buffer.from(
  `${JSON.stringify(
    {
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
      version: 1,
      metadata: { component: { type: "application", name: "portal", version: "1.4.0" } },
      components: [{ type: "library", name: "zod", version: "4.6.7", purl: "pkg:npm/zod@4.6.7" }],
    },
    null,
    2,
  )}\n`,
);

export const SAMPLE_SARIF = Buffer.from(
  `${JSON.stringify({
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [{ tool: { driver: { name: "scanner", version: "1.0" } }, results: [] }],
  })}\n`,
);
