// Demo data: evidence for the demo readiness program and the demo break-glass session, so /evidence and
// /evidence/bundles are not empty on the first start. Written through the real services with a clock set in the
// past: an SBOM and a scan report uploaded by the release engineer, an SBOM attestation signed by the portal's
// attestation key, an incident note linked to Ian's expired session, and one bundle of the program's evidence
// exported by the security officer. Runs once: any evidence already there leaves it alone.
import { SYSTEM_ACTOR } from "../audit/events";
import { DEMO_TRACKER_SLUG } from "../compliance/seed-compliance";
import type { PortalPrisma } from "../db/connection";
import { DEMO_USERS } from "../db/demo-users";
import { type Clock, manualClock, systemClock } from "../lib/clock";
import { logger } from "../lib/logger";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, statementPayload } from "../signing/in-toto";
import { signWithPurpose } from "../signing/sign-with-purpose";
import { type BlobStore, blobStore, sha256Hex } from "./blob-store";
import { exportBundle } from "./bundle/export-bundle";
import { withoutExtraFiles } from "./bundle/extra-files";
import { DEFAULT_EVIDENCE_LIMITS } from "./limits";
import type { UploadEvidenceMeta } from "./schemas";
import { uploadEvidence } from "./upload-evidence";

const HOUR = 3_600_000;
const IMAGE_DIGEST = `sha256:${sha256Hex(Buffer.from("registry.demo.test/portal:1.4.0"))}`;

const sbom = Buffer.from(
  `${JSON.stringify(
    {
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      serialNumber: "urn:uuid:6f0b2c1e-9d2a-4c55-8f3e-2a7d5b9c1e40",
      version: 1,
      metadata: {
        timestamp: "2026-11-28T14:02:11Z",
        tools: { components: [{ type: "application", name: "cyclonedx-npm", version: "1.19.3" }] },
        component: { type: "container", name: "registry.demo.test/portal", version: "1.4.0" },
      },
      components: [
        { type: "library", name: "next", version: "16.4.5", purl: "pkg:npm/next@16.4.5" },
        { type: "library", name: "zod", version: "4.6.7", purl: "pkg:npm/zod@4.6.7" },
        { type: "library", name: "pg", version: "8.23.1", purl: "pkg:npm/pg@8.23.1" },
      ],
    },
    null,
    2,
  )}\n`,
);

const sarif = Buffer.from(
  `${JSON.stringify(
    {
      version: "2.1.0",
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      runs: [
        {
          tool: { driver: { name: "demo-scanner", version: "2.3.0" } },
          results: [
            {
              ruleId: "CVE-2024-12345",
              level: "warning",
              message: {
                text: "CVSS 5.3 in a transitive dependency; not reachable from the portal's code paths",
              },
            },
          ],
        },
      ],
    },
    null,
    2,
  )}\n`,
);

const incidentNote = Buffer.from(
  [
    "INC-2041 — payments API failing after the 2.14 rollout",
    "",
    "09:02  break-glass opened (audit:read, audit:verify), reason INCIDENT_P1",
    "09:05  audit chain verified: intact, no release record altered",
    "09:11  second verification after the rollback: intact",
    "09:17  session expired on its own; acknowledged by Sam Security",
    "",
  ].join("\n"),
);

export async function seedDemoEvidence(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
  blobs: BlobStore = blobStore(),
): Promise<{ created: number }> {
  if ((await prisma.evidenceRecord.count()) > 0) return { created: 0 };
  const user = (email: string) =>
    prisma.user.findUnique({ where: { email }, select: { id: true, name: true, roles: true } });
  const emailOf = (role: string) =>
    DEMO_USERS.find((demo) => demo.roles.some((r) => r === role))?.email ?? "";
  const [rhea, sam] = await Promise.all([
    user(emailOf("RELEASE_ENGINEER")),
    user(emailOf("SECURITY_OFFICER")),
  ]);
  const program = await prisma.complianceProgram.findUnique({
    where: { slug: DEMO_TRACKER_SLUG },
    select: {
      id: true,
      items: {
        select: { number: true, proofArtifacts: { select: { id: true }, orderBy: { position: "asc" } } },
      },
    },
  });
  const session = await prisma.breakGlassSession.findFirst({
    where: { status: "EXPIRED" },
    orderBy: { requestedAt: "asc" },
    select: { id: true },
  });
  if (!rhea || !sam || !program) return { created: 0 };
  const proof = (item: number, position: number) =>
    program.items.find((candidate) => candidate.number === item)?.proofArtifacts[position]?.id;
  const past = manualClock(new Date(clock.now().getTime() - 2 * 24 * HOUR));
  const deps = { prisma, blobs, clock: past, limits: DEFAULT_EVIDENCE_LIMITS };
  const asRhea = {
    producer: { kind: "USER" as const, userId: rhea.id, name: rhea.name },
    actor: { id: rhea.id, name: rhea.name, roles: rhea.roles },
  };
  const upload = (meta: UploadEvidenceMeta, bytes: Buffer, who = asRhea) =>
    uploadEvidence(deps, { meta, bytes, ...who });
  const ids = (...values: (string | undefined)[]) =>
    values.filter((value): value is string => value !== undefined);

  let created = 0;
  await upload(
    {
      kind: "SBOM",
      fileName: "portal-1.4.0.cdx.json",
      subjectDigest: IMAGE_DIGEST,
      description: "CycloneDX SBOM of the portal 1.4.0 image, from the release pipeline",
      links: { proofArtifactIds: ids(proof(3, 0)) },
    },
    sbom,
  );
  created += 1;
  past.advance(20 * 60_000);
  await upload(
    {
      kind: "SCAN_REPORT",
      fileName: "portal-1.4.0.sarif",
      subjectDigest: IMAGE_DIGEST,
      description: "Vulnerability scan of the 1.4.0 image: one finding, not reachable",
      links: { proofArtifactIds: ids(proof(1, 1)) },
    },
    sarif,
  );
  created += 1;
  past.advance(HOUR);
  await upload(
    {
      kind: "OTHER",
      fileName: "INC-2041-timeline.txt",
      description: "Incident timeline written after the break-glass session",
      links: { proofArtifactIds: ids(proof(2, 1)), breakGlassSessionIds: ids(session?.id) },
    },
    incidentNote,
  );
  created += 1;
  // signed now: the demo keys are created at this start, and a signature cannot predate its key
  const attestation = await signedSbomAttestation(prisma, clock);
  if (attestation) {
    await uploadEvidence(
      { ...deps, clock },
      {
        meta: {
          kind: "ATTESTATION",
          fileName: "portal-1.4.0.sbom.intoto.json",
          subjectDigest: IMAGE_DIGEST,
          description: "The portal's attestation that the SBOM above describes the 1.4.0 image",
          links: { proofArtifactIds: ids(proof(3, 0), proof(1, 1)) },
        },
        bytes: attestation,
        producer: { kind: "SYSTEM", name: "portal attestation key" },
        actor: SYSTEM_ACTOR,
      },
    );
    created += 1;
  }

  try {
    await exportBundle(
      { ...deps, clock, extraFiles: withoutExtraFiles },
      {
        input: {
          selection: { mode: "program", programId: program.id },
          title: "Readiness program evidence (demo)",
        },
        actor: { id: sam.id, name: sam.name, roles: sam.roles },
      },
    );
  } catch (error) {
    // no attestation key (no key-encryption key configured): the evidence is there, the bundle is not
    logger.warn("demo evidence bundle not exported", { reason: (error as Error).message });
  }
  return { created };
}

/** A DSSE envelope over an in-toto statement naming the SBOM, signed by the portal's attestation key. */
async function signedSbomAttestation(prisma: PortalPrisma, clock: Clock): Promise<Buffer | null> {
  const key = await prisma.signingKey.findFirst({
    where: { purpose: "attestation", status: "active" },
    select: { id: true },
  });
  if (!key) return null;
  const statement = inTotoStatement({
    subject: [{ name: "registry.demo.test/portal:1.4.0", digest: { sha256: IMAGE_DIGEST.slice(7) } }],
    predicateType: "https://cyclonedx.org/bom",
    predicate: { sbom: { fileName: "portal-1.4.0.cdx.json", sha256: sha256Hex(sbom) } },
  });
  const { envelope } = await prisma.$transaction((tx) =>
    signWithPurpose(tx, {
      purpose: "attestation",
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: statementPayload(statement),
      subjectDigest: IMAGE_DIGEST,
      requester: SYSTEM_ACTOR,
      clock,
    }),
  );
  return Buffer.from(`${JSON.stringify(envelope, null, 2)}\n`);
}
