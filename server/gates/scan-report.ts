// Reads any scan report the gates accept, telling the format from the document itself.
import type { ScanReport } from "./findings";
import { type ParseResult, readJson, refused } from "./parse-result";
import { parseCycloneDxScan } from "./scan-cyclonedx";
import { parseGrypeScan } from "./scan-grype";
import { parseTrivyScan } from "./scan-trivy";

export function parseScanReport(input: unknown): ParseResult<ScanReport> {
  const json = readJson(input);
  if (!json.ok) return json;
  const document = json.value;
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return refused("$", "must be a JSON object (CycloneDX, Trivy or Grype report)");
  }
  if ("bomFormat" in document) return parseCycloneDxScan(document);
  if ("SchemaVersion" in document) return parseTrivyScan(document);
  if ("matches" in document) return parseGrypeScan(document);
  return refused(
    "$",
    "not a CycloneDX BOM (bomFormat), Trivy report (SchemaVersion) or Grype report (matches)",
  );
}
