// A stakeholder signs the program as it is now: a DSSE envelope (attestation key) over an in-toto statement that
// carries the canonical JSON of the program. The signer must hold the portal role the stakeholder role names
// (when it names one), and must have seen the latest revision: signing something newer than what is on screen
// would approve changes nobody looked at. One person signs one stakeholder role of the same content.
import { appendAudit } from "../audit/append-audit";
import { roleLabels } from "../authz/permissions";
import type { PortalPrisma } from "../db/connection";
import { DomainError } from "../lib/domain-error";
import { IN_TOTO_PAYLOAD_TYPE, statementPayload } from "../signing/in-toto";
import { signWithPurpose } from "../signing/sign-with-purpose";
import { transactionWithSigningAudit } from "../signing/signing-failure";
import { contentOf } from "./document";
import { contentSha256, documentOf, loadProgramRow } from "./program-store";
import { type SignOffInput, ZSignOffInput } from "./schemas";
import { signOffStatement } from "./sign-off-statement";
import type { ComplianceChangeContext } from "./update-requirement";

export async function signOffProgram(
  prisma: PortalPrisma,
  options: ComplianceChangeContext & { input: SignOffInput },
): Promise<{ id: string; contentSha256: string; revision: number }> {
  const input = ZSignOffInput.parse(options.input);
  return transactionWithSigningAudit(prisma, async (tx) => {
    // FOR SHARE: an edit waits until this sign-off is recorded, so the signature is over what is stored
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "compliance_programs" WHERE "slug" = ${input.slug} FOR SHARE`;
    if (!locked[0]) throw new DomainError("NOT_FOUND", `No readiness program "${input.slug}"`);
    const row = await loadProgramRow(tx, { slug: input.slug });
    if (row.revision !== input.revision) {
      throw new DomainError(
        "CONFLICT",
        `The program changed while you were looking (revision ${row.revision}, you saw ${input.revision}); review it again before signing`,
      );
    }
    const stakeholder = row.stakeholders.find((entry) => entry.role === input.stakeholderRole);
    if (!stakeholder) {
      throw new DomainError(
        "BAD_REQUEST",
        `"${input.stakeholderRole}" is not a stakeholder role of this program`,
        {
          field: "stakeholderRole",
        },
      );
    }
    if (stakeholder.portalRole && !options.actor.roles.includes(stakeholder.portalRole)) {
      throw new DomainError(
        "FORBIDDEN",
        `Only a ${roleLabels[stakeholder.portalRole].toLowerCase()} signs as ${stakeholder.role}`,
      );
    }
    const document = documentOf(row);
    const content = contentOf(document);
    const digest = contentSha256(document);
    // separation of duties: one person vouches for one stakeholder role of the same content
    const other = await tx.complianceSignOff.findFirst({
      where: {
        programId: row.id,
        signerId: options.actor.id,
        contentSha256: digest,
        stakeholderRole: { not: stakeholder.role },
      },
      select: { stakeholderRole: true },
    });
    if (other) {
      throw new DomainError(
        "CONFLICT",
        `You signed this revision as ${other.stakeholderRole} already; ${stakeholder.role} needs another person`,
      );
    }
    const signedAt = options.clock.now();
    const statement = signOffStatement({
      slug: row.slug,
      version: row.version,
      revision: row.revision,
      content,
      stakeholderRole: stakeholder.role,
      signer: { id: options.actor.id, name: options.actor.name },
      signedAt,
    });
    const signed = await signWithPurpose(tx, {
      purpose: "attestation",
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: statementPayload(statement),
      subjectDigest: `sha256:${digest}`,
      requester: options.actor,
      request: options.request,
      clock: options.clock,
    });
    const created = await tx.complianceSignOff.create({
      data: {
        programId: row.id,
        stakeholderRole: stakeholder.role,
        signerId: options.actor.id,
        signerName: options.actor.name,
        revision: row.revision,
        contentSha256: digest,
        keyId: signed.keyId,
        envelope: signed.envelope,
        signedAt: signed.signedAt,
      },
      select: { id: true },
    });
    await appendAudit(tx, {
      payload: {
        type: "compliance.signed_off",
        slug: row.slug,
        stakeholderRole: stakeholder.role,
        revision: row.revision,
        contentSha256: digest,
        keyId: signed.keyId,
      },
      actor: options.actor,
      subject: { type: "compliance_program", id: row.id },
      request: options.request,
      clock: options.clock,
    });
    return { id: created.id, contentSha256: digest, revision: row.revision };
  });
}
