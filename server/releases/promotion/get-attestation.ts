// A promotion's attestation as stored: the DSSE envelope of the in-toto statement, signed by the release key,
// named for download. Anyone with release:read may fetch it; it verifies offline (README: "openssl").
import { z } from "zod";
import type { PortalTx } from "../../db/connection";
import { DomainError } from "../../lib/domain-error";
import type { DsseEnvelope } from "../../signing/dsse";
import { isEnvironment } from "./vocabulary";

export async function getPromotionAttestation(
  db: PortalTx,
  options: { releaseId: string; environment: string },
): Promise<{ envelope: DsseEnvelope; fileName: string; keyId: string }> {
  const environment = options.environment.toUpperCase();
  if (!z.uuid().safeParse(options.releaseId).success || !isEnvironment(environment)) {
    throw new DomainError("NOT_FOUND", "no such promotion");
  }
  const row = await db.promotion.findUnique({
    where: { releaseId_environment: { releaseId: options.releaseId, environment } },
    select: {
      attestation: true,
      attestationKeyId: true,
      release: { select: { product: true, version: true } },
    },
  });
  if (!row) throw new DomainError("NOT_FOUND", `this release has not been promoted to ${environment}`);
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, "_");
  return {
    envelope: row.attestation as DsseEnvelope,
    fileName: `${safe(row.release.product)}-${safe(row.release.version)}-${environment.toLowerCase()}.promotion.dsse.json`,
    keyId: row.attestationKeyId,
  };
}
