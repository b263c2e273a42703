// The OpenVEX v0.2.0 document a security officer's exception becomes: one statement about one vulnerability, for
// the products the scope names (the release's artifact digests, the product's package URL, or the vulnerable
// package itself), with the status and its justification as the spec requires them. Parsed back with the
// evaluator's own reader before it is signed, so the portal never signs a document its gates would not read.
import { parseOpenVex, type VexDocument } from "../gates/openvex";
import { describeProblems } from "../gates/parse-result";
import { DomainError } from "../lib/domain-error";

export const OPENVEX_CONTEXT = "https://openvex.dev/ns/v0.2.0";

export type VexStatementInput = {
  id: string;
  vulnerability: string;
  status: "not_affected" | "affected" | "fixed" | "under_investigation";
  justification?: string;
  impactStatement?: string;
  actionStatement?: string;
  /** purls or `sha256:<hex>` digests */
  products: string[];
  author: string;
  timestamp: Date;
};

function productEntry(id: string): Record<string, unknown> {
  if (id.startsWith("pkg:")) return { "@id": id, identifiers: { purl: id } };
  if (id.startsWith("sha256:")) return { "@id": id, hashes: { "sha-256": id.slice("sha256:".length) } };
  return { "@id": id };
}

export function buildOpenVex(input: VexStatementInput): {
  document: Record<string, unknown>;
  parsed: VexDocument;
} {
  const timestamp = input.timestamp.toISOString();
  const statement: Record<string, unknown> = {
    vulnerability: { name: input.vulnerability },
    products: [...new Set(input.products)].sort().map(productEntry),
    status: input.status,
    timestamp,
  };
  // OpenVEX's schema takes a justification or an impact statement, not both: the officer's words then go to
  // status_notes, which the schema keeps for exactly that
  if (input.justification) statement.justification = input.justification;
  if (input.impactStatement) {
    if (input.justification) statement.status_notes = input.impactStatement;
    else statement.impact_statement = input.impactStatement;
  }
  if (input.actionStatement) statement.action_statement = input.actionStatement;
  const document = {
    "@context": OPENVEX_CONTEXT,
    "@id": input.id,
    author: input.author,
    role: "Security officer",
    timestamp,
    version: 1,
    statements: [statement],
  };
  const parsed = parseOpenVex(document);
  if (!parsed.ok) {
    throw new DomainError(
      "BAD_REQUEST",
      `the VEX statement is not valid OpenVEX: ${describeProblems(parsed.problems)}`,
    );
  }
  return { document, parsed: parsed.value };
}
