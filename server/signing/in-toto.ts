// in-toto Statement v1 (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md): what was attested
// (subjects by digest), what kind of claim (predicateType) and the claim. Serialised as RFC 8785 canonical JSON,
// so the same statement is the same bytes (and the same payload digest) on every machine.
import { canonicalJson, type JsonValue } from "../lib/canonical-json";

export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
export const IN_TOTO_STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

export type InTotoSubject = { name: string; digest: { sha256: string } & Record<string, string> };

export type InTotoStatement<P extends JsonValue = JsonValue> = {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: InTotoSubject[];
  predicateType: string;
  predicate: P;
};

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function inTotoStatement<P extends JsonValue>(input: {
  subject: InTotoSubject[];
  predicateType: string;
  predicate: P;
}): InTotoStatement<P> {
  if (input.subject.length === 0) throw new Error("an in-toto statement needs at least one subject");
  for (const subject of input.subject) {
    if (!subject.name) throw new Error("every in-toto subject needs a name");
    if (!SHA256_HEX.test(subject.digest.sha256)) {
      throw new Error(`subject ${subject.name}: digest.sha256 must be 64 lower-case hex characters`);
    }
  }
  if (!input.predicateType) throw new Error("an in-toto statement needs a predicateType");
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: input.subject.map((subject) => ({ name: subject.name, digest: { ...subject.digest } })),
    predicateType: input.predicateType,
    predicate: input.predicate,
  };
}

/** The statement as the bytes that get signed (canonical JSON, UTF-8). */
export function statementPayload(statement: InTotoStatement): Buffer {
  return Buffer.from(canonicalJson(statement), "utf8");
}

/** Reads a verified payload back as a statement; null when it is not one. */
export function parseStatement(payload: Uint8Array): InTotoStatement | null {
  try {
    const value = JSON.parse(Buffer.from(payload).toString("utf8")) as Partial<InTotoStatement>;
    if (value._type !== IN_TOTO_STATEMENT_TYPE || !Array.isArray(value.subject)) return null;
    if (typeof value.predicateType !== "string") return null;
    const subjects = value.subject.filter(
      (subject): subject is InTotoSubject =>
        typeof subject?.name === "string" && typeof subject?.digest?.sha256 === "string",
    );
    if (subjects.length !== value.subject.length) return null;
    return value as InTotoStatement;
  } catch {
    return null;
  }
}
