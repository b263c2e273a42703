// What a sign-off signs: an in-toto statement whose subject is the program's content digest and whose predicate
// carries the program itself (canonical JSON), the stakeholder role and the signer. Anyone holding the envelope
// and the trust root can check offline which program content a person approved.

import { sha256Hex } from "../evidence/blob-store";
import type { JsonValue } from "../lib/canonical-json";
import { canonicalJson } from "../lib/canonical-json";
import type { DsseEnvelope } from "../signing/dsse";
import { envelopePayload } from "../signing/dsse";
import { type InTotoStatement, inTotoStatement, parseStatement } from "../signing/in-toto";

export const SIGN_OFF_PREDICATE_TYPE = "https://release-governance-portal.dev/compliance-sign-off/v1";
export const PROOF_PREDICATE_TYPE = "https://release-governance-portal.dev/compliance-proof/v1";

export function signOffStatement(input: {
  slug: string;
  version: string;
  revision: number;
  content: JsonValue;
  stakeholderRole: string;
  signer: { id: string | null; name: string };
  signedAt: Date;
}): InTotoStatement {
  return inTotoStatement({
    subject: [
      {
        name: `compliance-program:${input.slug}@${input.version}`,
        digest: { sha256: sha256Hex(Buffer.from(canonicalJson(input.content), "utf8")) },
      },
    ],
    predicateType: SIGN_OFF_PREDICATE_TYPE,
    predicate: {
      program: input.content,
      revision: input.revision,
      stakeholderRole: input.stakeholderRole,
      signer: { id: input.signer.id, name: input.signer.name },
      signedAt: input.signedAt.toISOString(),
    },
  });
}

/** The content digest a verified sign-off envelope vouches for, or null when the payload is not such a statement. */
export function signedContentDigest(envelope: DsseEnvelope): string | null {
  const statement = parseStatement(envelopePayload(envelope));
  if (!statement || statement.predicateType !== SIGN_OFF_PREDICATE_TYPE) return null;
  const predicate = statement.predicate as { program?: unknown } | null;
  const digest = statement.subject[0]?.digest.sha256 ?? null;
  if (!predicate || predicate.program === undefined || digest === null) return null;
  // the subject must be the digest of the program the predicate carries, or the statement lies about itself
  return sha256Hex(Buffer.from(canonicalJson(predicate.program), "utf8")) === digest ? digest : null;
}
