// The input document custom (CEL) gates are evaluated over. Every top-level name below is a CEL variable of a
// declared type (CEL_TYPES), so an unknown variable or a misspelt field is a compile error with its position.
// Integers are CEL `int`, scores and ages `double`, absent text is "" and an absent CVSS score is `null`.
//
// | variable      | CEL type | content                                                                            |
// |---------------|----------|------------------------------------------------------------------------------------|
// | `environment` | string   | the target environment: "DEV", "STAGING" or "PROD"                                 |
// | `now`         | string   | evaluation time, RFC 3339 (use `timestamp(now)`)                                   |
// | `release`     | Release  | id, product, version, sourceCommit, ciRunId (strings)                              |
// | `artifacts`   | list<Artifact> | {name, digest ("sha256:…"), size (int)} per artifact                               |
// | `signatures`  | list<Signature> | {keyId, purpose, verified (bool), subject} per signature of the verification report |
// | `sbom`        | Sbom     | present, valid (bool), format ("CycloneDX"/"SPDX"/""), specVersion, components     |
// |               |          | (int), digests, purls, missingDigests (artifact digests the SBOM does not cover)   |
// | `scan`        | Scan     | present, valid (bool), scannedAt (RFC 3339 or ""), ageDays (double, -1.0 unknown)  |
// | `findings`    | list<Finding> | {id, severity, cvss (double or null), package, version, purl, source, vexStatus    |
// |               |          | ("" without VEX), counted (bool: still counts after VEX)}, worst first             |
// | `counts`      | Counts   | critical, high, medium, low, none, unknown: counted findings per severity (int)    |
// | `approvals`   | list<Approval> | {actor, role, decision ("approve"/"reject"), decidedAt}                            |
//
// Examples: `counts.critical == 0`, `findings.all(f, !f.counted || f.cvss == null || f.cvss < 9.0)`,
// `environment != "PROD" || approvals.exists(a, a.role == "SECURITY_OFFICER" && a.decision == "approve")`.
import { z } from "zod";
import { SEVERITIES } from "./findings";

const ZText = z.string();
const ZInt = z.bigint();

export const ZCelInput = z.strictObject({
  environment: ZText,
  now: ZText,
  release: z.strictObject({ id: ZText, product: ZText, version: ZText, sourceCommit: ZText, ciRunId: ZText }),
  artifacts: z.array(z.strictObject({ name: ZText, digest: ZText, size: ZInt })),
  signatures: z.array(
    z.strictObject({ keyId: ZText, purpose: ZText, verified: z.boolean(), subject: ZText }),
  ),
  sbom: z.strictObject({
    present: z.boolean(),
    valid: z.boolean(),
    format: ZText,
    specVersion: ZText,
    components: ZInt,
    digests: z.array(ZText),
    purls: z.array(ZText),
    missingDigests: z.array(ZText),
  }),
  scan: z.strictObject({ present: z.boolean(), valid: z.boolean(), scannedAt: ZText, ageDays: z.number() }),
  findings: z.array(
    z.strictObject({
      id: ZText,
      severity: z.enum(SEVERITIES),
      cvss: z.number().nullable(),
      package: ZText,
      version: ZText,
      purl: ZText,
      source: ZText,
      vexStatus: ZText,
      counted: z.boolean(),
    }),
  ),
  counts: z.strictObject(
    Object.fromEntries(SEVERITIES.map((severity) => [severity, ZInt])) as Record<
      (typeof SEVERITIES)[number],
      typeof ZInt
    >,
  ),
  approvals: z.array(z.strictObject({ actor: ZText, role: ZText, decision: ZText, decidedAt: ZText })),
});
export type CelInput = z.infer<typeof ZCelInput>;

/** CEL object types of the document, so a misspelt field (`release.verison`) fails to compile, not at run time. */
export const CEL_TYPES: Record<string, Record<string, string>> = {
  Release: { id: "string", product: "string", version: "string", sourceCommit: "string", ciRunId: "string" },
  Artifact: { name: "string", digest: "string", size: "int" },
  Signature: { keyId: "string", purpose: "string", verified: "bool", subject: "string" },
  Sbom: {
    present: "bool",
    valid: "bool",
    format: "string",
    specVersion: "string",
    components: "int",
    digests: "list<string>",
    purls: "list<string>",
    missingDigests: "list<string>",
  },
  Scan: { present: "bool", valid: "bool", scannedAt: "string", ageDays: "double" },
  Finding: {
    id: "string",
    severity: "string",
    // double or null: CEL has no nullable double, so it is dynamic; compare with `f.cvss != null && f.cvss >= 9.0`
    cvss: "dyn",
    package: "string",
    version: "string",
    purl: "string",
    source: "string",
    vexStatus: "string",
    counted: "bool",
  },
  Counts: Object.fromEntries(SEVERITIES.map((severity) => [severity, "int"])),
  Approval: { actor: "string", role: "string", decision: "string", decidedAt: "string" },
};

/** The CEL type each variable is declared with, so an unknown name fails to compile. */
export const CEL_VARIABLES: Record<keyof CelInput, string> = {
  environment: "string",
  now: "string",
  release: "Release",
  artifacts: "list<Artifact>",
  signatures: "list<Signature>",
  sbom: "Sbom",
  scan: "Scan",
  findings: "list<Finding>",
  counts: "Counts",
  approvals: "list<Approval>",
};
