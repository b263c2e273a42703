// An editor attaches the evidence of a proof artifact: the bytes go to the content-addressed blob store, the
// artifact records their SHA-256, and optionally the portal's attestation key signs an in-toto statement naming
// that digest (or a DSSE envelope made elsewhere is attached as it is; it is verified on every read).
import { appendAudit } from "../audit/append-audit";
import type { PortalPrisma } from "../db/connection";
import type { BlobStore } from "../evidence/blob-store";
import { DomainError } from "../lib/domain-error";
import type { DsseEnvelope } from "../signing/dsse";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, statementPayload } from "../signing/in-toto";
import { signWithPurpose } from "../signing/sign-with-purpose";
import { transactionWithSigningAudit } from "../signing/signing-failure";
import { recordProgramChange } from "./program-store";
import { type AttachProofInput, MAX_PROOF_BYTES, ZAttachProofInput } from "./schemas";
import { PROOF_PREDICATE_TYPE } from "./sign-off-statement";
import type { ComplianceChangeContext, FieldChange } from "./update-requirement";

function parseEnvelope(text: string): DsseEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError("BAD_REQUEST", "The signature is not JSON (expected a DSSE envelope)", {
      field: "envelope",
    });
  }
  const envelope = value as Partial<DsseEnvelope> | null;
  if (
    typeof envelope?.payloadType !== "string" ||
    typeof envelope.payload !== "string" ||
    !Array.isArray(envelope.signatures)
  ) {
    throw new DomainError(
      "BAD_REQUEST",
      "The signature must be a DSSE envelope (payloadType, payload, signatures)",
      {
        field: "envelope",
      },
    );
  }
  return envelope as DsseEnvelope;
}

export async function attachProofEvidence(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: AttachProofInput; blobs: BlobStore },
): Promise<{ sha256: string; revision: number }> {
  const input = ZAttachProofInput.parse(options.input);
  if (input.sign && input.envelope) {
    throw new DomainError("BAD_REQUEST", "Either sign with the portal's key or attach an envelope, not both");
  }
  const bytes = Buffer.from(input.contentBase64, "base64");
  if (bytes.length === 0)
    throw new DomainError("BAD_REQUEST", "The file is empty", { field: "contentBase64" });
  if (bytes.length > MAX_PROOF_BYTES)
    throw new DomainError("BAD_REQUEST", "Evidence attached here may be at most 5 MB");
  const external = input.envelope ? parseEnvelope(input.envelope) : null;
  // before the transaction: a blob nobody links to is harmless (content-addressed), a link to no blob is not
  const { sha256, size } = await options.blobs.put(bytes);
  return transactionWithSigningAudit(prisma, async (tx) => {
    const proof = await tx.complianceProofArtifact.findUnique({
      where: { id: input.proofId },
      include: { item: { select: { number: true, programId: true, program: { select: { slug: true } } } } },
    });
    if (!proof) throw new DomainError("NOT_FOUND", "No such proof artifact");
    await tx.$queryRaw`SELECT 1 FROM "compliance_programs" WHERE "id" = ${proof.item.programId}::uuid FOR UPDATE`;
    let signature: DsseEnvelope | null = external;
    if (input.sign) {
      const statement = inTotoStatement({
        subject: [{ name: input.fileName, digest: { sha256 } }],
        predicateType: PROOF_PREDICATE_TYPE,
        predicate: {
          program: proof.item.program.slug,
          item: proof.item.number,
          proof: proof.description,
          attachedBy: options.actor.name,
        },
      });
      const signed = await signWithPurpose(tx, {
        purpose: "attestation",
        payloadType: IN_TOTO_PAYLOAD_TYPE,
        payload: statementPayload(statement),
        subjectDigest: `sha256:${sha256}`,
        requester: options.actor,
        request: options.request,
        clock: options.clock,
      });
      signature = signed.envelope;
    }
    await tx.complianceProofArtifact.update({
      where: { id: proof.id },
      data: {
        evidenceSha256: sha256,
        evidenceName: input.fileName,
        evidenceSize: size,
        signature: signature ?? undefined,
        updatedAt: options.clock.now(),
      },
    });
    if (!signature && proof.signature !== null) {
      // new bytes make an old signature meaningless: drop it rather than show a stale "bad signature"
      await tx.$executeRaw`UPDATE "compliance_proof_artifacts" SET "signature" = NULL WHERE "id" = ${proof.id}::uuid`;
    }
    const changes: FieldChange[] = [{ field: "evidence", from: proof.evidenceSha256, to: sha256 }];
    await appendAudit(tx, {
      payload: {
        type: "compliance.proof_attached",
        slug: proof.item.program.slug,
        itemNumber: proof.item.number,
        proof: proof.description,
        changes,
        signed: signature !== null,
      },
      actor: options.actor,
      subject: { type: "compliance_program", id: proof.item.programId },
      request: options.request,
      clock: options.clock,
    });
    const { revision } = await recordProgramChange(tx, proof.item.programId, options.clock);
    return { sha256, revision };
  });
}
