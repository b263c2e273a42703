// SBOMs and scan reports are what the promotion gates read (server/gates). An upload in a format the gates know
// (CycloneDX or SPDX JSON as an SBOM; CycloneDX, Trivy or Grype JSON as a scan report) must be one they can read:
// a malformed one is refused at the door with where it is wrong, rather than stored and failing a gate later.
// Other formats (SARIF, XML, PDF...) are kept as they are: evidence for people, not input for gates.
import { describeProblems } from "../gates/parse-result";
import { parseSbom } from "../gates/sbom";
import { parseScanReport } from "../gates/scan-report";
import type { EvidenceKind } from "./vocabulary";

const SBOM_MARKERS = ["bomFormat", "spdxVersion"];
const SCAN_MARKERS = ["bomFormat", "SchemaVersion", "matches"];

function jsonObject(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Why the gates could not read this upload, or null when they can or it is not a format they read. */
export function gateDocumentProblem(kind: EvidenceKind, bytes: Uint8Array): string | null {
  if (kind !== "SBOM" && kind !== "SCAN_REPORT") return null;
  const document = jsonObject(bytes);
  if (!document) return null;
  const markers = kind === "SBOM" ? SBOM_MARKERS : SCAN_MARKERS;
  if (!markers.some((marker) => marker in document)) return null;
  const result = kind === "SBOM" ? parseSbom(document) : parseScanReport(document);
  if (result.ok) return null;
  const what = kind === "SBOM" ? "SBOM" : "scan report";
  return `The ${what} cannot be read by the promotion gates: ${describeProblems(result.problems)}`;
}
