// The fixtures are real documents: each validates against its project's published JSON schema (stored beside the
// fixtures, see test/fixtures/gates/README.md), and so do not drift into something only our parsers accept.
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { FIXTURES, fixture } from "./fixture-files";

function schema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, "schemas", name), "utf8")) as Record<string, unknown>;
}

function errorsOf(validate: { errors?: unknown }): string {
  return JSON.stringify(validate.errors ?? [], null, 2);
}

describe("gate fixtures against the published schemas", () => {
  it("the CycloneDX 1.5 SBOM validates against bom-1.5.schema.json (with its spdx and jsf schemas)", () => {
    // CycloneDX 1.5 is draft-07; ajv-formats lacks the IRI/IDN formats it uses, which are added as lenient checks
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat("iri-reference", true);
    ajv.addFormat("idn-email", /^[^\s@]+@[^\s@]+$/);
    ajv.addSchema(schema("spdx.schema.json"));
    ajv.addSchema(schema("jsf-0.82.schema.json"));
    const validate = ajv.compile(schema("bom-1.5.schema.json"));
    const ok = validate(fixture("demo-app-1.0.0.cdx.json"));
    expect(ok, errorsOf(validate)).toBe(true);
  });

  it("rejects a broken CycloneDX document, so the check is real", () => {
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    ajv.addFormat("iri-reference", true);
    ajv.addFormat("idn-email", true);
    ajv.addSchema(schema("spdx.schema.json"));
    ajv.addSchema(schema("jsf-0.82.schema.json"));
    const validate = ajv.compile(schema("bom-1.5.schema.json"));
    const bom = fixture("demo-app-1.0.0.cdx.json") as {
      vulnerabilities: { ratings: { score: unknown }[] }[];
    };
    const first = bom.vulnerabilities[0]?.ratings[0];
    if (first) first.score = "9.8";
    expect(validate(bom)).toBe(false);
  });

  it.each(["vex-not-affected.json", "vex-affected.json", "vex-fixed.json"])(
    "%s validates against the OpenVEX 0.2.0 JSON schema",
    (name) => {
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      const validate = ajv.compile(schema("openvex_json_schema.json"));
      expect(validate(fixture(name)), errorsOf(validate)).toBe(true);
    },
  );

  it("the SPDX 2.3 SBOM validates against the SPDX 2.3 JSON schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema("spdx-schema-2.3.json"));
    expect(validate(fixture("demo-app-1.0.0.spdx.json")), errorsOf(validate)).toBe(true);
    const fileWithoutChecksums = {
      ...(fixture("demo-app-1.0.0.spdx.json") as object),
      files: [{ fileName: "x" }],
    };
    expect(validate(fileWithoutChecksums)).toBe(false);
  });

  it("the Grype report validates against Grype's document schema 1.0.0", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema("grype-document-schema-1.0.0.json"));
    expect(validate(fixture("grype-demo-app-1.0.0.json")), errorsOf(validate)).toBe(true);
  });
});
