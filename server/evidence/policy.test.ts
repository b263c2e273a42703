import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkUploadSize,
  displayFileName,
  formatBytes,
  normaliseSubjectDigest,
  portableFileName,
  type SniffInput,
  sniffEvidence,
} from "./policy";
import { EVIDENCE_KINDS } from "./vocabulary";

const HEX64 = "ab".repeat(32);

describe("normaliseSubjectDigest", () => {
  it.each([
    [HEX64, `sha256:${HEX64}`],
    [`sha256:${HEX64.toUpperCase()}`, `sha256:${HEX64}`],
    [`  SHA256:${HEX64}  `, `sha256:${HEX64}`],
    [`sha384:${"c".repeat(96)}`, `sha384:${"c".repeat(96)}`],
    [`sha512:${"D".repeat(128)}`, `sha512:${"d".repeat(128)}`],
  ])("accepts %s", (input, expected) => {
    expect(normaliseSubjectDigest(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", /looks like/],
    ["sha256:", /looks like/],
    [`sha256:${HEX64.slice(1)}`, /64 hex characters; this one has 63/],
    [`md5:${"a".repeat(32)}`, /looks like/],
    [`sha256:${"g".repeat(64)}`, /looks like/],
    [`sha256:${HEX64}\n`, /./],
  ])("refuses %j", (input, reason) => {
    const verdict = normaliseSubjectDigest(input);
    if (input.endsWith("\n")) {
      // trailing whitespace is trimmed like leading whitespace
      expect(verdict.ok).toBe(true);
      return;
    }
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it("is idempotent on whatever it accepts", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const first = normaliseSubjectDigest(text);
        if (first.ok) expect(normaliseSubjectDigest(first.value)).toEqual(first);
      }),
    );
  });
});

describe("file names", () => {
  it("keeps the last path segment without control characters", () => {
    expect(displayFileName("C:\\builds\\app.cdx.json")).toBe("app.cdx.json");
    expect(displayFileName("../../etc/passwd")).toBe("passwd");
    expect(displayFileName("re\u0000port\n.json")).toBe("report.json");
    expect(displayFileName("dir/")).toBeNull();
    expect(displayFileName("..")).toBeNull();
    expect(displayFileName("x".repeat(300))).toHaveLength(200);
  });

  it("makes portable names for archives and SHA256SUMS", () => {
    expect(portableFileName("app 1.2 (final).cdx.json")).toBe("app_1.2_final_.cdx.json");
    expect(portableFileName(".hidden")).toBe("hidden");
    expect(portableFileName("ünïcødé.json")).toBe("unic_de.json");
    expect(portableFileName("日本語")).toBe("evidence.bin");
    const long = portableFileName(`${"a".repeat(150)}.spdx.json`);
    expect(long).toHaveLength(100);
    expect(long.endsWith(".json")).toBe(true);
  });

  it("never produces a name a shell, tar or sha256sum would trip over", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (name) => {
        const portable = portableFileName(name);
        expect(portable).toMatch(/^[A-Za-z0-9-][A-Za-z0-9._-]{0,99}$/);
      }),
    );
  });
});

describe("upload size", () => {
  it("refuses empty and oversized files, saying how big", () => {
    expect(checkUploadSize(0, 100)).toEqual({ ok: false, reason: "The file is empty", tooLarge: false });
    expect(checkUploadSize(101, 100)).toMatchObject({ ok: false, tooLarge: true });
    expect(checkUploadSize(70 * 1024 * 1024, 64 * 1024 * 1024)).toMatchObject({
      reason: "The file is 70 MiB; evidence may be at most 64 MiB",
    });
    expect(checkUploadSize(100, 100)).toEqual({ ok: true });
  });

  it("formats sizes for people", () => {
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5.0 GiB");
  });
});

const cyclonedx = JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", version: 1, components: [] });
const spdx = JSON.stringify({ spdxVersion: "SPDX-2.3", SPDXID: "SPDXRef-DOCUMENT", name: "app" });
const dsse = JSON.stringify({
  payloadType: "application/vnd.in-toto+json",
  payload: "e30=",
  signatures: [{ keyid: "k", sig: "MEUCIQ==" }],
});

function sniff(input: Partial<SniffInput> & { text?: string }) {
  return sniffEvidence({
    kind: input.kind ?? "OTHER",
    bytes: input.bytes ?? Buffer.from(input.text ?? ""),
    claimedMediaType: input.claimedMediaType ?? "",
    fileName: input.fileName ?? "file",
  });
}

describe("sniffEvidence: SBOMs", () => {
  it("recognises CycloneDX and SPDX in JSON, XML and tag-value", () => {
    expect(sniff({ kind: "SBOM", text: cyclonedx })).toEqual({
      ok: true,
      value: { mediaType: "application/vnd.cyclonedx+json", format: "CycloneDX" },
    });
    expect(sniff({ kind: "SBOM", text: `\uFEFF  ${spdx}` })).toMatchObject({
      value: { mediaType: "application/spdx+json" },
    });
    expect(
      sniff({
        kind: "SBOM",
        text: '<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"/>',
      }),
    ).toMatchObject({ value: { mediaType: "application/vnd.cyclonedx+xml" } });
    expect(sniff({ kind: "SBOM", text: "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n" })).toMatchObject({
      value: { mediaType: "text/spdx" },
    });
  });

  it("refuses an SBOM declared as CycloneDX that does not parse, naming the parse error", () => {
    const verdict = sniff({
      kind: "SBOM",
      text: '{"bomFormat": "CycloneDX", "specVersion": ',
      claimedMediaType: "application/vnd.cyclonedx+json",
    });
    expect(verdict).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /^The file is declared as application\/vnd.cyclonedx\+json, but it is not valid JSON \(/,
      ),
    });
  });

  it("refuses a declared format the content contradicts", () => {
    expect(sniff({ kind: "SBOM", text: spdx, claimedMediaType: "application/vnd.cyclonedx+json" })).toEqual({
      ok: false,
      reason: "The file is declared as CycloneDX (application/vnd.cyclonedx+json), but its content is SPDX",
    });
  });

  it("refuses JSON that is no SBOM, and binary data", () => {
    expect(sniff({ kind: "SBOM", text: '{"hello": "world"}' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("neither a CycloneDX SBOM"),
    });
    expect(sniff({ kind: "SBOM", text: JSON.stringify({ bomFormat: "CycloneDX" }) })).toMatchObject({
      ok: false,
      reason: 'A CycloneDX SBOM needs a "specVersion"',
    });
    expect(sniff({ kind: "SBOM", bytes: Buffer.from([0xff, 0xfe, 0x00, 0x01]) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("An SBOM must be CycloneDX"),
    });
  });
});

describe("sniffEvidence: attestations", () => {
  it("recognises DSSE envelopes, Sigstore bundles and in-toto statements", () => {
    expect(sniff({ kind: "ATTESTATION", text: dsse })).toMatchObject({
      value: { mediaType: "application/vnd.dsse.envelope.v1+json", format: "DSSE envelope" },
    });
    const bundle = JSON.stringify({ mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json" });
    expect(sniff({ kind: "ATTESTATION", text: bundle })).toMatchObject({
      value: { mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json" },
    });
    const statement = JSON.stringify({
      _type: "https://in-toto.io/Statement/v1",
      subject: [],
      predicateType: "https://slsa.dev/provenance/v1",
    });
    expect(sniff({ kind: "ATTESTATION", text: statement })).toMatchObject({
      value: { mediaType: "application/vnd.in-toto+json" },
    });
  });

  it("refuses envelopes without signatures, half envelopes and non-JSON", () => {
    expect(
      sniff({ kind: "ATTESTATION", text: JSON.stringify({ payloadType: "x", payload: "", signatures: [] }) }),
    ).toEqual({
      ok: false,
      reason: "The DSSE envelope carries no signature",
    });
    expect(sniff({ kind: "ATTESTATION", text: JSON.stringify({ payloadType: "x" }) })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("needs payloadType, payload"),
    });
    expect(sniff({ kind: "ATTESTATION", text: "signed, honestly" })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("An attestation must be"),
    });
    expect(sniff({ kind: "ATTESTATION", text: "{nope" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^The file is not valid JSON/),
    });
  });
});

describe("sniffEvidence: other kinds", () => {
  it("recognises SARIF among scan reports and keeps a declared text type", () => {
    expect(
      sniff({ kind: "SCAN_REPORT", text: JSON.stringify({ version: "2.1.0", runs: [] }) }),
    ).toMatchObject({
      value: { mediaType: "application/sarif+json" },
    });
    expect(
      sniff({ kind: "SCAN_REPORT", text: "cve,severity\nCVE-1,high\n", claimedMediaType: "text/csv" }),
    ).toMatchObject({ value: { mediaType: "text/csv" } });
    expect(sniff({ kind: "SCAN_REPORT", text: "<!DOCTYPE html><html></html>" })).toMatchObject({
      value: { mediaType: "text/html" },
    });
  });

  it("wants an archive for a release bundle", () => {
    const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3]);
    expect(sniff({ kind: "RELEASE_BUNDLE", bytes: gzip })).toMatchObject({
      value: { mediaType: "application/gzip" },
    });
    expect(sniff({ kind: "RELEASE_BUNDLE", text: "SHA256SUMS" })).toMatchObject({
      ok: false,
      reason: "A release bundle must be a .tar, .tar.gz or .zip archive",
    });
    expect(sniff({ kind: "RELEASE_BUNDLE", bytes: gzip, claimedMediaType: "application/zip" })).toMatchObject(
      {
        ok: false,
        reason: "The file is declared as zip (application/zip), but its content is gzip",
      },
    );
  });

  it("checks JSON declared by media type or file name, for any kind", () => {
    expect(sniff({ kind: "OTHER", text: "{oops", fileName: "notes.json" })).toMatchObject({ ok: false });
    expect(sniff({ kind: "AUDIT_EXPORT", text: "plain", claimedMediaType: "application/json" })).toEqual({
      ok: false,
      reason: "The file is declared as application/json, but it is not JSON",
    });
    expect(sniff({ kind: "OTHER", text: "{oops", fileName: "notes.txt" })).toMatchObject({
      value: { mediaType: "text/plain" },
    });
    expect(sniff({ kind: "OTHER", text: "x", claimedMediaType: "not a type" })).toEqual({
      ok: false,
      reason: '"not a type" is not a media type',
    });
  });

  it("never throws, whatever the bytes, kind and claim", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EVIDENCE_KINDS),
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom(
          "",
          "application/json",
          "application/vnd.cyclonedx+json",
          "text/csv",
          "application/gzip",
        ),
        (kind, bytes, claimedMediaType) => {
          const verdict = sniffEvidence({ kind, bytes, claimedMediaType, fileName: "f" });
          expect(typeof verdict.ok).toBe("boolean");
        },
      ),
    );
  });
});
