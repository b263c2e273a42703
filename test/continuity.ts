// Fixtures for verify-all and continuity tests: the worker's dependencies over a temporary blob store, and evidence
// that carries signatures (a DSSE attestation signed through the registry, and one signed by a key nobody trusts).

import type { PortalPrisma } from "@/server/db/connection";
import { fileBlobReader } from "@/server/evidence/continuity/blob-reader";
import type { VerifyAllDeps } from "@/server/evidence/continuity/run-verify-all";
import type { Clock } from "@/server/lib/clock";
import { signEnvelope } from "@/server/signing/dsse";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, statementPayload } from "@/server/signing/in-toto";
import { signWithPurpose } from "@/server/signing/sign-with-purpose";
import { testSigner } from "./signing";

export function verifyAllDeps(
  prisma: PortalPrisma,
  clock: Clock,
  blobDirectory: string,
  options: Partial<VerifyAllDeps> = {},
): VerifyAllDeps {
  return { prisma, clock, reader: fileBlobReader(blobDirectory), workerId: "test-worker", ...options };
}

function provenance(name: string) {
  return inTotoStatement({
    subject: [{ name, digest: { sha256: "ab".repeat(32) } }],
    predicateType: "https://slsa.dev/provenance/v1",
    predicate: { buildDefinition: { buildType: "https://example.test/build" } },
  });
}

/** A DSSE attestation signed with the registry's active attestation key, as bytes to upload. */
export async function registrySignedAttestation(
  prisma: PortalPrisma,
  clock: Clock,
  name: string,
): Promise<Buffer> {
  const signed = await prisma.$transaction((tx) =>
    signWithPurpose(tx, {
      purpose: "attestation",
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: statementPayload(provenance(name)),
      requester: { id: null, name: "ci", roles: [] },
      clock,
    }),
  );
  return Buffer.from(`${JSON.stringify(signed.envelope)}\n`);
}

/** A DSSE attestation signed by a key the registry does not know. */
export async function strangerSignedAttestation(name: string): Promise<Buffer> {
  const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, statementPayload(provenance(name)), [
    testSigner().signer,
  ]);
  return Buffer.from(`${JSON.stringify(envelope)}\n`);
}
