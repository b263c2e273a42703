import { describe, expect, it } from "vitest";
import { DEMO_ARTIFACTS, fixture, fixtureText } from "./fixture-files";
import { describeProblem } from "./parse-result";
import { parseSbom } from "./sbom";

const digests = DEMO_ARTIFACTS.map((artifact) => artifact.digest);

describe("parseSbom", () => {
  it("summarizes the CycloneDX 1.5 fixture: components, artifact digests, purls", () => {
    const result = parseSbom(fixtureText("demo-app-1.0.0.cdx.json"));
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join("\n"));
    expect(result.value).toMatchObject({ format: "CycloneDX", specVersion: "1.5", components: 5 });
    for (const digest of digests) expect(result.value.digests).toContain(digest);
    expect(result.value.purls).toEqual([
      "pkg:generic/demo-app@1.0.0",
      "pkg:npm/semver-lite@3.0.1",
      "pkg:npm/xml-sax-parser@2.1.0",
      "pkg:npm/yaml-mini@1.8.2",
    ]);
  });

  it("summarizes the SPDX 2.3 fixture from package and file SHA256 checksums", () => {
    const result = parseSbom(fixture("demo-app-1.0.0.spdx.json"));
    if (!result.ok) throw new Error(result.problems.map(describeProblem).join("\n"));
    expect(result.value).toMatchObject({ format: "SPDX", specVersion: "2.3", components: 2 });
    expect(result.value.digests).toEqual([...digests].sort());
    expect(result.value.purls).toEqual(["pkg:generic/demo-app@1.0.0", "pkg:npm/xml-sax-parser@2.1.0"]);
  });

  it("finds digests in nested CycloneDX components and ignores hashes that are not SHA-256", () => {
    const result = parseSbom({
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      components: [
        {
          name: "outer",
          hashes: [{ alg: "SHA-1", content: "a".repeat(40) }],
          components: [{ name: "inner", hashes: [{ alg: "SHA-256", content: "AB".repeat(32) }] }],
        },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        format: "CycloneDX",
        specVersion: "1.6",
        components: 2,
        digests: [`sha256:${"ab".repeat(32)}`],
        purls: [],
      },
    });
  });

  it("names where a malformed CycloneDX document is wrong", () => {
    const bom = fixture("demo-app-1.0.0.cdx.json") as { components: { name: unknown; hashes: unknown[] }[] };
    (bom.components[2] as { name: unknown }).name = 42;
    (bom.components[1] as { hashes: unknown[] }).hashes = [{ alg: "SHA-256" }];
    const result = parseSbom(bom);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map(describeProblem)).toEqual(
      expect.arrayContaining([
        "components[2].name: must be a string",
        "components[1].hashes[0].content: must be a string",
      ]),
    );
  });

  it("refuses other versions, non-SBOMs and text that is not JSON, never throwing", () => {
    const old = parseSbom({ bomFormat: "CycloneDX", specVersion: "1.2" });
    expect(old.ok ? null : describeProblem(old.problems[0] ?? { path: "", message: "" })).toMatch(
      /^specVersion: must be one of "1.4", "1.5", "1.6"/,
    );
    const spdx22 = parseSbom({ spdxVersion: "SPDX-2.2" });
    expect(spdx22.ok ? null : spdx22.problems[0]?.path).toBe("spdxVersion");
    expect(parseSbom({ hello: "world" })).toMatchObject({ ok: false, problems: [{ path: "$" }] });
    expect(parseSbom("{not json")).toMatchObject({
      ok: false,
      problems: [{ path: "$", message: expect.stringMatching(/^not JSON/) }],
    });
    expect(parseSbom(null)).toMatchObject({ ok: false });
    expect(parseSbom([1, 2])).toMatchObject({ ok: false });
  });
});
