// SHA-256 of the canonical JSON (RFC 8785) of every input an evaluation used, so a stored result says exactly
// what it was computed from. Lists are sorted first: the same set of inputs in any order has the same digests.
import { createHash } from "node:crypto";
import { canonicalJson } from "../lib/canonical-json";
import type { GateInputs } from "./gate-inputs";

export type InputDigests = {
  pack: string;
  release: string;
  artifacts: string;
  signatures: string;
  approvals: string;
  sbom: string | null;
  scanReports: string[];
  vex: string[];
};

function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/** A document given as JSON text is digested as the JSON it holds; text that is not JSON, as its bytes. */
export function documentDigest(document: unknown): string {
  if (typeof document === "string") {
    try {
      return sha256(canonicalJson(JSON.parse(document)));
    } catch {
      return sha256(document);
    }
  }
  return sha256(canonicalJson(document));
}

function setDigest(items: readonly unknown[]): string {
  return sha256(
    `[${items
      .map((item) => canonicalJson(item))
      .sort()
      .join(",")}]`,
  );
}

export function digestInputs(pack: unknown, inputs: GateInputs): InputDigests {
  return {
    pack: documentDigest(pack),
    release: documentDigest(inputs.release),
    artifacts: setDigest(inputs.artifacts),
    signatures: setDigest(inputs.signatures),
    approvals: setDigest(inputs.approvals),
    sbom: inputs.sbom === null || inputs.sbom === undefined ? null : documentDigest(inputs.sbom),
    scanReports: inputs.scanReports.map(documentDigest).sort(),
    vex: inputs.vex
      .map((entry) => documentDigest({ ...entry, document: documentDigest(entry.document) }))
      .sort(),
  };
}
