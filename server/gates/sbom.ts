// Reads an SBOM (CycloneDX 1.4–1.6 JSON or SPDX 2.3 JSON) into the summary the SBOM gate and CEL expressions see:
// which format, how many components, which artifact digests (SHA-256) and package URLs it covers.
import { z } from "zod";
import { allComponents, sha256Digest, ZCycloneDxBom } from "./cyclonedx-shape";
import { type ParseResult, parsed, problemsFromZod, readJson, refused } from "./parse-result";

export type SbomSummary = {
  format: "CycloneDX" | "SPDX";
  specVersion: string;
  components: number;
  /** sorted, `sha256:<hex>` */
  digests: string[];
  /** sorted, unique */
  purls: string[];
};

const ZChecksum = z.looseObject({ algorithm: z.string(), checksumValue: z.string() });

const ZSpdxDocument = z.looseObject({
  spdxVersion: z.literal("SPDX-2.3"),
  packages: z
    .array(
      z.looseObject({
        name: z.string(),
        checksums: z.array(ZChecksum).optional(),
        externalRefs: z
          .array(z.looseObject({ referenceType: z.string(), referenceLocator: z.string() }))
          .optional(),
      }),
    )
    .optional(),
  files: z.array(z.looseObject({ checksums: z.array(ZChecksum).optional() })).optional(),
});

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function summarizeCycloneDx(document: unknown): ParseResult<SbomSummary> {
  const result = ZCycloneDxBom.safeParse(document);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error) };
  const components = allComponents(result.data);
  const digests = components.flatMap((component) =>
    (component.hashes ?? [])
      .filter((hash) => hash.alg === "SHA-256")
      .map((hash) => sha256Digest(hash.content)),
  );
  return parsed({
    format: "CycloneDX",
    specVersion: result.data.specVersion,
    // metadata.component is what the BOM describes, not one of its components
    components: components.length - (result.data.metadata?.component ? 1 : 0),
    digests: sortedUnique(digests.filter((digest): digest is string => digest !== null)),
    purls: sortedUnique(components.flatMap((component) => (component.purl ? [component.purl] : []))),
  });
}

function summarizeSpdx(document: unknown): ParseResult<SbomSummary> {
  const result = ZSpdxDocument.safeParse(document);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error) };
  const packages = result.data.packages ?? [];
  const checksums = [...packages, ...(result.data.files ?? [])].flatMap((element) => element.checksums ?? []);
  const digests = checksums
    .filter((checksum) => checksum.algorithm === "SHA256")
    .map((checksum) => sha256Digest(checksum.checksumValue));
  const purls = packages.flatMap((pkg) =>
    (pkg.externalRefs ?? []).filter((ref) => ref.referenceType === "purl").map((ref) => ref.referenceLocator),
  );
  return parsed({
    format: "SPDX",
    specVersion: "2.3",
    components: packages.length,
    digests: sortedUnique(digests.filter((digest): digest is string => digest !== null)),
    purls: sortedUnique(purls),
  });
}

/** Parses JSON text or an already-parsed value; the format is told by `bomFormat` or `spdxVersion`. */
export function parseSbom(input: unknown): ParseResult<SbomSummary> {
  const json = readJson(input);
  if (!json.ok) return json;
  const document = json.value;
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return refused("$", "must be a JSON object (a CycloneDX or SPDX document)");
  }
  if ("bomFormat" in document) return summarizeCycloneDx(document);
  if ("spdxVersion" in document) return summarizeSpdx(document);
  return refused("$", "neither CycloneDX (bomFormat) nor SPDX (spdxVersion): not an SBOM this portal reads");
}
