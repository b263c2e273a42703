// Builds the CEL input document (shape and meaning in cel-input.ts) from an evaluation context.
import type { CelInput } from "./cel-input";
import type { EvaluationContext } from "./evaluation-context";
import { SEVERITIES } from "./findings";

const DAY_MS = 86_400_000;

/** Orders by the given keys in turn; equal items compare equal, so the sort is stable and total. */
function byKeys<T>(...keys: ((item: T) => string)[]) {
  return (a: T, b: T): number => {
    for (const key of keys) {
      const [x, y] = [key(a), key(b)];
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  };
}

export function celDocument(context: EvaluationContext): CelInput {
  const { inputs, sbom, scan } = context;
  const summary = sbom.state === "ok" ? sbom.summary : null;
  const counted = context.findings.filter((finding) => finding.counted);
  return {
    environment: context.environment,
    now: context.now.toISOString(),
    release: {
      id: inputs.release.id,
      product: inputs.release.product,
      version: inputs.release.version,
      sourceCommit: inputs.release.sourceCommit ?? "",
      ciRunId: inputs.release.ciRunId ?? "",
    },
    artifacts: inputs.artifacts
      .map((artifact) => ({ name: artifact.name, digest: artifact.digest, size: BigInt(artifact.size) }))
      .sort(
        byKeys(
          (a) => a.name,
          (a) => a.digest,
        ),
      ),
    signatures: inputs.signatures
      .map((signature) => ({ ...signature }))
      .sort(
        byKeys(
          (s) => s.keyId,
          (s) => s.subject,
          (s) => s.purpose,
          (s) => String(s.verified),
        ),
      ),
    sbom: {
      present: sbom.state !== "missing",
      valid: sbom.state === "ok",
      format: summary?.format ?? "",
      specVersion: summary?.specVersion ?? "",
      components: BigInt(summary?.components ?? 0),
      digests: summary?.digests ?? [],
      purls: summary?.purls ?? [],
      missingDigests: sbom.state === "ok" ? sbom.missingDigests : [],
    },
    scan: {
      present: scan.reports > 0,
      valid: scan.reports > 0 && scan.invalid.length === 0,
      scannedAt: scan.newestScanAt ?? "",
      ageDays: scan.newestScanAt ? (context.now.getTime() - Date.parse(scan.newestScanAt)) / DAY_MS : -1,
    },
    findings: context.findings.map((finding) => ({
      id: finding.id,
      severity: finding.severity,
      cvss: finding.cvss,
      package: finding.package,
      version: finding.version,
      purl: finding.purl ?? "",
      source: finding.source,
      vexStatus: finding.vex?.status ?? "",
      counted: finding.counted,
    })),
    counts: Object.fromEntries(
      SEVERITIES.map((severity) => [severity, BigInt(counted.filter((f) => f.severity === severity).length)]),
    ) as CelInput["counts"],
    approvals: inputs.approvals
      .map((approval) => ({ ...approval }))
      .sort(
        byKeys(
          (a) => a.decidedAt,
          (a) => a.actor,
          (a) => a.role,
          (a) => a.decision,
        ),
      ),
  };
}
