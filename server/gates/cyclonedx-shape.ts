// The parts of a CycloneDX 1.4–1.6 JSON BOM the gates read, checked with zod (unknown members pass through, as the
// specification allows extensions), and the walk over nested components both the SBOM and the scan readers use.
import { z } from "zod";

const ZHash = z.looseObject({ alg: z.string(), content: z.string() });

export type CycloneDxComponent = {
  "bom-ref"?: string;
  name: string;
  version?: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  components?: CycloneDxComponent[];
};

const ZComponent: z.ZodType<CycloneDxComponent> = z.lazy(() =>
  z.looseObject({
    "bom-ref": z.string().optional(),
    name: z.string(),
    version: z.string().optional(),
    purl: z.string().optional(),
    hashes: z.array(ZHash).optional(),
    components: z.array(ZComponent).optional(),
  }),
);

const ZRating = z.looseObject({
  score: z.number().optional(),
  severity: z.string().optional(),
  method: z.string().optional(),
});

const ZVulnerability = z.looseObject({
  id: z.string(),
  ratings: z.array(ZRating).optional(),
  affects: z.array(z.looseObject({ ref: z.string() })).optional(),
});

export const ZCycloneDxBom = z.looseObject({
  bomFormat: z.literal("CycloneDX"),
  specVersion: z.enum(["1.4", "1.5", "1.6"]),
  metadata: z.looseObject({ timestamp: z.string().optional(), component: ZComponent.optional() }).optional(),
  components: z.array(ZComponent).optional(),
  vulnerabilities: z.array(ZVulnerability).optional(),
});

export type CycloneDxBom = z.infer<typeof ZCycloneDxBom>;

/** Every component, nested ones included, in document order (metadata.component first). */
export function allComponents(bom: CycloneDxBom): CycloneDxComponent[] {
  const out: CycloneDxComponent[] = [];
  const visit = (list: readonly CycloneDxComponent[] | undefined) => {
    for (const component of list ?? []) {
      out.push(component);
      visit(component.components);
    }
  };
  visit(bom.metadata?.component ? [bom.metadata.component] : []);
  visit(bom.components);
  return out;
}

/** `sha256:<lowercase hex>` for a 64-hex-digit SHA-256 value, else null. */
export function sha256Digest(hex: string): string | null {
  const bare = hex.trim().replace(/^sha256:/i, "");
  return /^[0-9a-fA-F]{64}$/.test(bare) ? `sha256:${bare.toLowerCase()}` : null;
}
