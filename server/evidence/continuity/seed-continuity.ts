// Demo data: the upgrade story of the seed document (item 7, demo 5) on the first start. Rhea uploads an SBOM, a
// scan report and a signed build attestation, and Ada runs verify-all "pre-upgrade 2026.11"; then one more SBOM
// comes in, Ada runs "post-upgrade 2027.1" and signs the continuity report between the two (CONTINUOUS: three
// unchanged, one added). Everything goes through the real services, at the moment of seeding: the demo keys are
// made then too, and a signature dated before its key existed would (rightly) not verify. Runs once: any snapshot
// already there leaves it alone. Without the demo signing keys (seeded before it) the attestation and the report
// are skipped.

import type { PortalPrisma } from "../../db/connection";
import { DEMO_USERS } from "../../db/demo-users";
import { APP_VERSION } from "../../lib/app-version";
import { type Clock, systemClock } from "../../lib/clock";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, statementPayload } from "../../signing/in-toto";
import { signWithPurpose } from "../../signing/sign-with-purpose";
import { type BlobStore, blobStore } from "../blob-store";
import { DEFAULT_EVIDENCE_LIMITS } from "../limits";
import { uploadEvidence } from "../upload-evidence";
import { type BlobReader, processBlobReader } from "./blob-reader";
import { createContinuityReport } from "./create-continuity-report";
import { runVerifyAll } from "./run-verify-all";
import { startVerifyAll } from "./start-verify-all";

const sbom = (version: string) =>
  Buffer.from(
    `${JSON.stringify(
      {
        bomFormat: "CycloneDX",
        specVersion: "1.6",
        version: 1,
        metadata: { component: { type: "application", name: "payments-api", version } },
        components: [
          { type: "library", name: "openssl", version: "3.0.15", purl: "pkg:generic/openssl@3.0.15" },
        ],
      },
      null,
      2,
    )}\n`,
  );

const SARIF = Buffer.from(
  `${JSON.stringify({
    version: "2.1.0",
    runs: [{ tool: { driver: { name: "grype", version: "0.80.0" } }, results: [] }],
  })}\n`,
);

export async function seedDemoContinuity(
  prisma: PortalPrisma,
  options: { clock?: Clock; blobs?: BlobStore; reader?: BlobReader } = {},
): Promise<{ created: number }> {
  if ((await prisma.evidenceSnapshot.count()) > 0) return { created: 0 };
  const users = await prisma.user.findMany({
    where: { email: { in: DEMO_USERS.map((user) => user.email) } },
    select: { id: true, name: true, email: true, roles: true },
  });
  const rhea = users.find((user) => user.roles.includes("RELEASE_ENGINEER"));
  const ada = users.find((user) => user.roles.includes("AUDITOR"));
  if (!rhea || !ada) return { created: 0 };
  const clock = options.clock ?? systemClock;
  const blobs = options.blobs ?? blobStore();
  const reader = options.reader ?? processBlobReader();
  const hasAttestationKey =
    (await prisma.signingKey.count({ where: { purpose: "attestation", status: "active" } })) > 0;
  const actorOf = (user: typeof rhea) => ({ id: user.id, name: user.name, roles: user.roles });
  const upload = (kind: "SBOM" | "SCAN_REPORT" | "ATTESTATION", fileName: string, bytes: Buffer) =>
    uploadEvidence(
      { prisma, blobs, clock, limits: DEFAULT_EVIDENCE_LIMITS },
      {
        meta: { kind, fileName, description: "Demo evidence of the upgrade story" },
        bytes,
        producer: { kind: "USER", userId: rhea.id, name: rhea.name },
        actor: actorOf(rhea),
      },
    );
  const verifyAll = async (label: string) => {
    await startVerifyAll(
      { prisma, clock, appVersion: APP_VERSION },
      { input: { label }, actor: actorOf(ada) },
    );
    return runVerifyAll({ prisma, clock, reader, workerId: "demo-seed" });
  };

  await upload("SBOM", "payments-api-2.14.0.cdx.json", sbom("2.14.0"));
  await upload("SCAN_REPORT", "payments-api-2.14.0.sarif", SARIF);
  if (hasAttestationKey) {
    const statement = inTotoStatement({
      subject: [{ name: "payments-api-2.14.0.tar.gz", digest: { sha256: "5f".repeat(32) } }],
      predicateType: "https://slsa.dev/provenance/v1",
      predicate: { buildDefinition: { buildType: "https://release-governance-portal.dev/demo-build/v1" } },
    });
    const signed = await prisma.$transaction((tx) =>
      signWithPurpose(tx, {
        purpose: "attestation",
        payloadType: IN_TOTO_PAYLOAD_TYPE,
        payload: statementPayload(statement),
        requester: actorOf(rhea),
        clock,
      }),
    );
    await upload(
      "ATTESTATION",
      "payments-api-2.14.0.intoto.dsse.json",
      Buffer.from(`${JSON.stringify(signed.envelope)}\n`),
    );
  }
  const before = await verifyAll("pre-upgrade 2026.11");
  await upload("SBOM", "payments-api-2.15.0.cdx.json", sbom("2.15.0"));
  const after = await verifyAll("post-upgrade 2027.1");
  if (before && after && hasAttestationKey) {
    await createContinuityReport(
      { prisma, clock, appVersion: APP_VERSION },
      { input: { baselineId: before.id, targetId: after.id }, actor: actorOf(ada) },
    );
  }
  return { created: [before, after].filter(Boolean).length };
}
