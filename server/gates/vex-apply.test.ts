import { describe, expect, it } from "vitest";
import type { Finding } from "./findings";
import { DEMO_ARTIFACTS, fixture } from "./fixture-files";
import { parseOpenVex, type VexDocument } from "./openvex";
import { applyVex, type ReleaseIdentity, type VexException } from "./vex-apply";

const release: ReleaseIdentity = {
  releaseId: "rel_1",
  product: "demo-app",
  version: "1.0.0",
  digests: DEMO_ARTIFACTS.map((artifact) => artifact.digest),
  purls: [],
};
const now = new Date("2026-12-02T00:00:00Z");

function finding(id: string, pkg: string, version: string, purl: string | null = null): Finding {
  return { id, severity: "critical", cvss: 9.8, package: pkg, version, purl, source: "cyclonedx" };
}
const xml = finding("CVE-2024-12345", "xml-sax-parser", "2.1.0", "pkg:npm/xml-sax-parser@2.1.0");
const semver = finding("CVE-2024-23456", "semver-lite", "3.0.1", "pkg:npm/semver-lite@3.0.1");
const yaml = finding("GHSA-2x7q-9c4m-v5wh", "yaml-mini", "1.8.2", "pkg:npm/yaml-mini@1.8.2");

function doc(name: string): VexDocument {
  const result = parseOpenVex(fixture(name));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

function exception(name: string, extra: Partial<VexException> = {}): VexException {
  return { document: doc(name), scope: { kind: "all" }, expiresAt: null, signedBy: "sec-officer", ...extra };
}

function apply(exceptions: VexException[], findings: Finding[] = [xml, semver, yaml]) {
  return applyVex({ findings, exceptions, release, now });
}

describe("applyVex", () => {
  it("not_affected removes a finding from the count and records the statement and signer", () => {
    const [first] = apply([exception("vex-not-affected.json")]).findings;
    expect(first).toMatchObject({
      id: "CVE-2024-12345",
      counted: false,
      vex: {
        status: "not_affected",
        documentId: "https://portal.example.com/vex/2026-12-01-cve-2024-12345",
        statementIndex: 0,
        justification: "vulnerable_code_not_in_execute_path",
        signedBy: "sec-officer",
      },
    });
  });

  it("fixed removes, affected keeps (with its action statement), unmatched findings stay as they were", () => {
    const { findings } = apply([exception("vex-affected.json"), exception("vex-fixed.json")]);
    expect(findings.map((f) => [f.id, f.vex?.status ?? null, f.counted])).toEqual([
      ["CVE-2024-12345", null, true],
      ["CVE-2024-23456", "affected", true],
      ["GHSA-2x7q-9c4m-v5wh", "fixed", false],
    ]);
    expect(findings[1]?.vex?.actionStatement).toMatch(/^Upgrade semver-lite/);
  });

  it("under_investigation keeps the finding counted", () => {
    const vex = doc("vex-not-affected.json");
    const statement = vex.statements[0];
    if (!statement) throw new Error("fixture has a statement");
    const investigating = {
      ...vex,
      statements: [{ ...statement, status: "under_investigation" as const, justification: null }],
    };
    const [first] = apply([
      { document: investigating, scope: { kind: "all" }, expiresAt: null, signedBy: null },
    ]).findings;
    expect(first).toMatchObject({ counted: true, vex: { status: "under_investigation" } });
  });

  it("ignores expired exceptions and ones scoped elsewhere, saying why", () => {
    const result = apply([
      exception("vex-not-affected.json", { expiresAt: "2026-12-01T23:59:59Z" }),
      exception("vex-fixed.json", { scope: { kind: "release", releaseId: "rel_other" } }),
      exception("vex-affected.json", {
        scope: { kind: "product", product: "demo-app", versions: ["0.9.0"] },
      }),
    ]);
    expect(result.findings.every((f) => f.vex === null && f.counted)).toBe(true);
    expect(result.ignored.map((i) => i.reason).sort()).toEqual([
      "expired 2026-12-01T23:59:59Z",
      "scoped to another release",
      "scoped to demo-app 0.9.0",
    ]);
  });

  it("applies exceptions scoped to this release, this product (all or listed versions), or all", () => {
    for (const scope of [
      { kind: "release" as const, releaseId: "rel_1" },
      { kind: "product" as const, product: "demo-app", versions: null },
      { kind: "product" as const, product: "demo-app", versions: ["1.0.0"] },
    ]) {
      expect(
        apply([exception("vex-not-affected.json", { scope, expiresAt: "2027-01-01T00:00:00Z" })]).findings[0]
          ?.counted,
      ).toBe(false);
    }
  });

  it("does not apply a statement to another product or another subcomponent", () => {
    const vex = doc("vex-not-affected.json");
    const statement = vex.statements[0];
    if (!statement) throw new Error("fixture has a statement");
    const elsewhere = {
      ...vex,
      statements: [{ ...statement, products: [{ ids: [`sha256:${"0".repeat(64)}`], subcomponents: [] }] }],
    };
    const otherSub = {
      ...vex,
      statements: [
        {
          ...statement,
          products: [{ ids: release.digests.slice(0, 1), subcomponents: [["pkg:npm/other@1.0.0"]] }],
        },
      ],
    };
    for (const document of [elsewhere, otherSub]) {
      expect(
        apply([{ document, scope: { kind: "all" }, expiresAt: null, signedBy: null }]).findings[0]?.vex,
      ).toBeNull();
    }
  });

  it("matches a finding by a vulnerability alias (Grype's GHSA id for the CVE)", () => {
    const ghsa = finding("GHSA-7h3m-4q9x-c2vr", "xml-sax-parser", "2.1.0", "pkg:npm/xml-sax-parser@2.1.0");
    expect(apply([exception("vex-not-affected.json")], [ghsa]).findings[0]?.counted).toBe(false);
  });

  it("lets the newest statement win, and at equal times the more cautious one, whatever the order", () => {
    const vex = doc("vex-not-affected.json");
    const statement = vex.statements[0];
    if (!statement) throw new Error("fixture has a statement");
    const affectedLater = {
      ...vex,
      id: "later",
      statements: [
        {
          ...statement,
          status: "affected" as const,
          actionStatement: "patch",
          timestamp: "2026-12-01T11:00:00.000Z",
        },
      ],
    };
    const affectedSameTime = {
      ...affectedLater,
      id: "same",
      statements: [{ ...affectedLater.statements[0], timestamp: statement.timestamp }],
    };
    const wrap = (document: VexDocument): VexException => ({
      document,
      scope: { kind: "all" },
      expiresAt: null,
      signedBy: null,
    });
    for (const list of [
      [wrap(vex), wrap(affectedLater)],
      [wrap(affectedLater), wrap(vex)],
    ]) {
      expect(apply(list, [xml]).findings[0]?.vex?.documentId).toBe("later");
    }
    for (const list of [
      [wrap(vex), wrap(affectedSameTime as VexDocument)],
      [wrap(affectedSameTime as VexDocument), wrap(vex)],
    ]) {
      expect(apply(list, [xml]).findings[0]?.vex?.status).toBe("affected");
    }
  });
});
