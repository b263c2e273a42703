// Demo data for the policy gates (the seed's demo 2): a pack "Default gates" put in force, whose gates every release
// registered without an SBOM or a scan report still passes (the SBOM and scan freshness only warn, and a missing scan
// report counts nothing), and the seeded agent 1.8.2, waiting at PROD, with an SBOM and a scan report linked to it as
// evidence: the report names CVE-2024-12345 at CVSS 9.8, so its PROD gate fails, and that evaluation is recorded.
// Written through the real services with a clock set in the past. Runs once: any pack already there leaves it alone.
// Runs after the evidence seed, which seeds only an empty evidence store.
import type { PortalPrisma } from "../db/connection";
import { DEMO_USERS } from "../db/demo-users";
import { type BlobStore, blobStore } from "../evidence/blob-store";
import { DEFAULT_EVIDENCE_LIMITS } from "../evidence/limits";
import { uploadEvidence } from "../evidence/upload-evidence";
import type { PolicyPackInput } from "../gates/policy-pack";
import { type Clock, manualClock, systemClock } from "../lib/clock";
import { logger } from "../lib/logger";
import { evaluateReleaseGates, recordEvaluation } from "./evaluate-release";
import { activatePack, readPackDocument, savePackVersion } from "./pack-store";

const MINUTE = 60_000;

export const DEMO_PACK_NAME = "Default gates";

/** Passes a signed release with no SBOM and no scan report everywhere (warnings at PROD); blocks critical findings. */
export const DEMO_PACK: PolicyPackInput = {
  schemaVersion: 1,
  name: DEMO_PACK_NAME,
  version: 1,
  description:
    "Demo gates: STAGING needs the release signature; PROD also blocks findings above CVSS 7.0 or any critical one " +
    "that no VEX exception covers, and warns when the SBOM or a recent scan report is missing.",
  environments: {
    DEV: [],
    STAGING: [{ id: "signed", kind: "signature", requirePurposes: ["release"] }],
    PROD: [
      { id: "signed", kind: "signature", requirePurposes: ["release"] },
      {
        id: "vulns",
        kind: "vulnerabilities",
        maxCvss: 7.0,
        maxCount: { critical: 0 },
        requireReport: false,
      },
      { id: "sbom", kind: "sbom", mode: "warn", coverage: "warn" },
      { id: "fresh-scan", kind: "freshness", mode: "warn", maxAgeDays: 30 },
    ],
  },
};

/** The demo release that demo 2 blocks at PROD (registered and moved to PROD's queue by the other seeds). */
export const DEMO_GATED_RELEASE = { product: "agent", version: "1.8.2" } as const;

const XML_SAX = { name: "xml-sax-parser", version: "2.1.0" };
const SEMVER_LITE = { name: "semver-lite", version: "3.0.1" };
const LIBRARIES = [XML_SAX, SEMVER_LITE, { name: "zod", version: "4.6.7" }];
const purl = (library: { name: string; version: string }) => `pkg:npm/${library.name}@${library.version}`;

/** CycloneDX 1.5 SBOM of the release: its artifacts (by SHA-256) and the libraries inside. */
export function demoSbom(
  release: { product: string; version: string; artifacts: { path: string; sha256: string }[] },
  at: Date,
): Buffer {
  const bom = {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    serialNumber: "urn:uuid:0d6c3b4e-5a1f-4e0b-9a57-3f1c2b8d7e61",
    version: 1,
    metadata: {
      timestamp: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
      tools: { components: [{ type: "application", name: "syft", version: "1.57.2" }] },
      component: {
        type: "application",
        name: release.product,
        version: release.version,
        purl: `pkg:generic/${release.product}@${release.version}`,
      },
    },
    components: [
      ...release.artifacts.map((artifact) => ({
        type: "file",
        name: artifact.path,
        hashes: [{ alg: "SHA-256", content: artifact.sha256 }],
      })),
      ...LIBRARIES.map((library) => ({ type: "library", ...library, purl: purl(library) })),
    ],
  };
  return Buffer.from(`${JSON.stringify(bom, null, 2)}\n`);
}

/** A CycloneDX vulnerability report (the same findings as test/fixtures/gates/demo-app-1.0.0.cdx.json). */
export function demoScanReport(at: Date): Buffer {
  const bom = {
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    serialNumber: "urn:uuid:7e2a9c10-4b3d-4f8e-8c21-5d6a0b9e3f72",
    version: 1,
    metadata: {
      timestamp: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
      tools: { components: [{ type: "application", name: "grype", version: "0.87.0" }] },
    },
    components: LIBRARIES.map((library) => ({
      "bom-ref": purl(library),
      type: "library",
      ...library,
      purl: purl(library),
    })),
    vulnerabilities: [
      {
        "bom-ref": "vuln-CVE-2024-12345",
        id: "CVE-2024-12345",
        source: { name: "NVD", url: "https://nvd.nist.gov/vuln/detail/CVE-2024-12345" },
        ratings: [
          {
            source: { name: "NVD" },
            score: 9.8,
            severity: "critical",
            method: "CVSSv31",
            vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
          },
        ],
        description: "XML external entity expansion in the SAX entity resolver allows remote code execution.",
        affects: [{ ref: purl(XML_SAX) }],
      },
      {
        "bom-ref": "vuln-CVE-2024-23456",
        id: "CVE-2024-23456",
        source: { name: "NVD", url: "https://nvd.nist.gov/vuln/detail/CVE-2024-23456" },
        ratings: [
          {
            source: { name: "NVD" },
            score: 5.3,
            severity: "medium",
            method: "CVSSv31",
            vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L",
          },
        ],
        description: "Regular expression denial of service when parsing crafted version ranges.",
        affects: [{ ref: purl(SEMVER_LITE) }],
      },
    ],
  };
  return Buffer.from(`${JSON.stringify(bom, null, 2)}\n`);
}

async function demoUser(prisma: PortalPrisma, role: string) {
  const email = DEMO_USERS.find((user) => user.roles.some((r) => r === role))?.email ?? "";
  const row = await prisma.user.findUnique({
    where: { email },
    select: { id: true, name: true, roles: true },
  });
  return row ? { ...row, roles: row.roles as string[] } : null;
}

export async function seedDemoPolicies(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
  blobs: BlobStore = blobStore(),
): Promise<{ packs: number; evaluations: number }> {
  if ((await prisma.policyPack.count()) > 0) return { packs: 0, evaluations: 0 };
  const [sam, rhea] = await Promise.all([
    demoUser(prisma, "SECURITY_OFFICER"),
    demoUser(prisma, "RELEASE_ENGINEER"),
  ]);
  if (!sam || !rhea) return { packs: 0, evaluations: 0 };
  const now = clock.now().getTime();
  const past = manualClock(new Date(now - 3 * 60 * MINUTE));
  const asSam = { actor: { id: sam.id, name: sam.name, roles: sam.roles }, clock: past };
  await prisma.$transaction(async (tx) => {
    await savePackVersion(tx, asSam, {
      name: DEMO_PACK_NAME,
      document: readPackDocument(DEMO_PACK),
      comment: "Demo gates: signature everywhere past DEV, no critical findings at PROD",
      source: "EDITED",
    });
    await activatePack(tx, asSam, DEMO_PACK_NAME);
  });

  const release = await prisma.release.findFirst({
    where: DEMO_GATED_RELEASE,
    select: {
      id: true,
      product: true,
      version: true,
      createdAt: true,
      artifacts: { select: { path: true, sha256: true }, orderBy: { path: "asc" } },
    },
  });
  if (!release) return { packs: 1, evaluations: 0 };
  try {
    past.set(new Date(Math.max(now - 90 * MINUTE, release.createdAt.getTime() + MINUTE)));
    const deps = { prisma, blobs, clock: past, limits: DEFAULT_EVIDENCE_LIMITS };
    const asRhea = {
      producer: { kind: "USER" as const, userId: rhea.id, name: rhea.name },
      actor: { id: rhea.id, name: rhea.name, roles: rhea.roles },
    };
    const subjectDigest = `sha256:${release.artifacts[0]?.sha256}`;
    const name = `${release.product}-${release.version}`;
    await uploadEvidence(deps, {
      meta: {
        kind: "SBOM",
        fileName: `${name}.cdx.json`,
        subjectDigest,
        description: `CycloneDX SBOM of ${release.product} ${release.version}, from the release pipeline`,
        links: { releaseIds: [release.id] },
      },
      bytes: demoSbom(release, past.now()),
      ...asRhea,
    });
    past.advance(5 * MINUTE);
    await uploadEvidence(deps, {
      meta: {
        kind: "SCAN_REPORT",
        fileName: `${name}.vulns.cdx.json`,
        subjectDigest,
        description: `Vulnerability scan of ${release.product} ${release.version}: one critical finding`,
        links: { releaseIds: [release.id] },
      },
      bytes: demoScanReport(past.now()),
      ...asRhea,
    });
    past.advance(55 * MINUTE);
    await prisma.$transaction(async (tx) => {
      const pending = await evaluateReleaseGates(
        tx,
        { blobs, clock: past },
        { releaseId: release.id, environment: "PROD", trigger: "MANUAL" },
      );
      await recordEvaluation(tx, pending, {
        actor: { id: rhea.id, name: rhea.name, roles: rhea.roles },
        clock: past,
      });
    });
    return { packs: 1, evaluations: 1 };
  } catch (error) {
    // the pack is in force either way; the demo release simply has no documents
    logger.warn("demo gate evidence not seeded", { error });
    return { packs: 1, evaluations: 0 };
  }
}
