// What the caller hands `evaluateGates`: the release, its verification summary, and the raw documents attached to
// it (SBOM, scan reports, VEX exceptions with the portal's scope and expiry). Raw documents are parsed here, during
// evaluation, so a malformed one becomes a failing gate with its path rather than an exception.
import { z } from "zod";

const ZDigest = z
  .string()
  .regex(/^(sha256:)?[0-9a-fA-F]{64}$/, "must be a SHA-256 digest (sha256:<64 hex digits>)")
  .transform((digest) => `sha256:${digest.replace(/^sha256:/, "").toLowerCase()}`);

const ZIsoTime = z.iso.datetime({ offset: true });

export const ZVexScope = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("all") }),
  z.strictObject({ kind: z.literal("release"), releaseId: z.string().min(1) }),
  z.strictObject({
    kind: z.literal("product"),
    product: z.string().min(1),
    versions: z.array(z.string()).nullable(),
  }),
]);

export const ZGateInputs = z.strictObject({
  release: z.strictObject({
    id: z.string().min(1),
    product: z.string().min(1),
    version: z.string().min(1),
    sourceCommit: z.string().nullable().default(null),
    ciRunId: z.string().nullable().default(null),
    /** package URLs naming the release itself, which VEX products may use instead of a digest */
    purls: z.array(z.string()).default([]),
  }),
  artifacts: z.array(
    z.strictObject({ name: z.string().min(1), digest: ZDigest, size: z.number().int().min(0) }),
  ),
  /** the release's verification report, reduced to which signatures verified with which key */
  signatures: z.array(
    z.strictObject({
      keyId: z.string().min(1),
      purpose: z.string().min(1),
      verified: z.boolean(),
      /** what was signed, e.g. SHA256SUMS or manifest.dsse */
      subject: z.string().default(""),
    }),
  ),
  /** the attached SBOM as JSON text or parsed value, null when none is attached */
  sbom: z.unknown().nullable().default(null),
  scanReports: z.array(z.unknown()).default([]),
  vex: z
    .array(
      z.strictObject({
        document: z.unknown(),
        scope: ZVexScope,
        expiresAt: ZIsoTime.nullable(),
        signedBy: z.string().nullable().default(null),
      }),
    )
    .default([]),
  approvals: z
    .array(
      z.strictObject({
        actor: z.string().min(1),
        role: z.string().min(1),
        decision: z.enum(["approve", "reject"]),
        decidedAt: ZIsoTime,
      }),
    )
    .default([]),
});
export type GateInputs = z.infer<typeof ZGateInputs>;
export type GateInputsInput = z.input<typeof ZGateInputs>;
