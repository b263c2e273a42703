// A policy pack version as a file for air-gapped sites: a DSSE envelope (attestation key, through the Signing
// service) whose payload is the canonical JSON of the pack document. It verifies offline with openssl over the
// envelope's PAE bytes (README, "Policy gates"), and a portal imports it only when the signature verifies against
// its own key registry: a pack is what decides whether releases ship, so an unverified one is never stored.
import { createHash } from "node:crypto";
import { appendAudit } from "../audit/append-audit";
import type { PortalPrisma } from "../db/connection";
import { canonicalJson } from "../lib/canonical-json";
import { DomainError } from "../lib/domain-error";
import { type DsseEnvelope, envelopePayload } from "../signing/dsse";
import { signWithPurpose } from "../signing/sign-with-purpose";
import { transactionWithSigningAudit } from "../signing/signing-failure";
import { verifyEnvelopeWithRegistry } from "../signing/verify-with-registry";
import {
  loadPackVersion,
  type PackContext,
  readPackDocument,
  type StoredPackVersion,
  savePackVersion,
} from "./pack-store";

export const POLICY_PACK_PAYLOAD_TYPE = "application/vnd.portal.policy-pack+json;version=1";

export async function exportPackFile(
  prisma: PortalPrisma,
  context: PackContext,
  ref: { name: string; version?: number },
): Promise<{ fileName: string; envelope: DsseEnvelope; keyId: string; version: number }> {
  return transactionWithSigningAudit(prisma, async (tx) => {
    const pack = await loadPackVersion(tx, ref);
    const signed = await signWithPurpose(tx, {
      purpose: "attestation",
      payloadType: POLICY_PACK_PAYLOAD_TYPE,
      payload: Buffer.from(canonicalJson(pack.document), "utf8"),
      subjectDigest: pack.documentSha256,
      requester: context.actor,
      request: context.request,
      clock: context.clock,
    });
    await appendAudit(tx, {
      payload: { type: "policy.pack_exported", pack: pack.name, version: pack.version, keyId: signed.keyId },
      actor: context.actor,
      subject: { type: "policy-pack", id: pack.packId },
      request: context.request,
      clock: context.clock,
    });
    const slug = pack.name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    return {
      fileName: `policy-pack-${slug}-v${pack.version}.dsse.json`,
      envelope: signed.envelope,
      keyId: signed.keyId,
      version: pack.version,
    };
  });
}

function parseFile(file: string): unknown {
  try {
    return JSON.parse(file);
  } catch {
    throw new DomainError(
      "BAD_REQUEST",
      "The file is not JSON: choose the .dsse.json file a portal exported",
      {
        field: "file",
      },
    );
  }
}

export async function importPackFile(
  prisma: PortalPrisma,
  context: PackContext,
  input: { file: string; comment: string },
): Promise<StoredPackVersion> {
  const fileSha256 = createHash("sha256").update(input.file, "utf8").digest("hex");
  try {
    const envelope = parseFile(input.file);
    return await prisma.$transaction(async (tx) => {
      const verification = await verifyEnvelopeWithRegistry(tx, envelope, {
        purpose: "attestation",
        payloadType: POLICY_PACK_PAYLOAD_TYPE,
        clock: context.clock,
      });
      if (!verification.ok || verification.flagged) {
        throw new DomainError(
          "BAD_REQUEST",
          `The pack's signature does not verify: ${verification.flagged ? "it was made with a key revoked since" : verification.reason}`,
          { field: "file" },
        );
      }
      const keyId = verification.signatures.find((signature) => signature.ok)?.keyid ?? "";
      let document: unknown;
      try {
        document = JSON.parse(envelopePayload(envelope as DsseEnvelope).toString("utf8"));
      } catch {
        throw new DomainError("BAD_REQUEST", "The signed payload is not JSON", { field: "file" });
      }
      const pack = readPackDocument(document);
      return savePackVersion(tx, context, {
        name: pack.name,
        document: pack,
        comment: input.comment || `imported (signed by ${keyId})`,
        source: "IMPORTED",
        imported: { envelope: envelope as object, keyId },
      });
    });
  } catch (error) {
    if (error instanceof DomainError) {
      await prisma.$transaction((tx) =>
        appendAudit(tx, {
          payload: { type: "policy.pack_import_refused", reason: error.message, fileSha256 },
          actor: context.actor,
          subject: { type: "policy-pack" },
          request: context.request,
          clock: context.clock,
        }),
      );
    }
    throw error;
  }
}
