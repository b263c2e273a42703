import { describe, expect, it } from "vitest";
import { assignBundlePaths } from "./bundle-paths";

describe("assignBundlePaths", () => {
  it("files evidence by kind under portable names, numbering clashes in selection order", () => {
    const paths = assignBundlePaths([
      { id: "a", kind: "SBOM", fileName: "app.cdx.json" },
      { id: "b", kind: "SBOM", fileName: "app.cdx.json" },
      { id: "c", kind: "SCAN_REPORT", fileName: "app.cdx.json" },
      { id: "d", kind: "SBOM", fileName: "app.cdx (1).json" },
      { id: "e", kind: "OTHER", fileName: "README" },
      { id: "f", kind: "OTHER", fileName: "README" },
    ]);
    expect(Object.fromEntries(paths)).toEqual({
      a: "files/sbom/app.cdx.json",
      b: "files/sbom/app.cdx-2.json",
      c: "files/scan-report/app.cdx.json",
      d: "files/sbom/app.cdx_1_.json",
      e: "files/other/README",
      f: "files/other/README-2",
    });
  });
});
