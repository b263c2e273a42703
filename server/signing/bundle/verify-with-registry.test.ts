// Release bundles against the key registry: the CI's release key is a PEM key file the software backend loads
// from its key directory; bundles are signed with openssl by "CI" and verified through the registry across a
// rotation and a revocation.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle, opensslKeyPair, tempDir } from "@/test/bundles";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { manualClock } from "../../lib/clock";
import { createSigningKey } from "../keys/create-signing-key";
import { revokeSigningKey } from "../keys/revoke-signing-key";
import { rotateSigningKey } from "../keys/rotate-signing-key";
import { readBundle } from "./read-bundle";
import { verifyReleaseBundle } from "./verify-release-bundle";
import { verifyReleaseBundleWithRegistry } from "./verify-with-registry";

const fixtures = path.resolve(import.meta.dirname, "../../../test/fixtures/signing");
const keyDir = tempDir("registry-keys-");
const work = tempDir("registry-bundles-");
let db: TestDatabase;
let restore: () => void;
const clock = manualClock("2026-04-01T08:00:00.000Z");
const officer = { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] };
const day = 86_400_000;

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend({ keyDir }).restore;
});
afterAll(async () => {
  restore();
  await db.close();
  fs.rmSync(keyDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

const ci = opensslKeyPair(keyDir, "ci-release");
const files = { "portal-3.0.0.tar.gz": "binary", "CHANGELOG.md": "# 3.0.0\n" };
const verify = (dir: string, observedAt?: Date) =>
  verifyReleaseBundleWithRegistry(db.prisma, dir, { clock, observedAt });

describe("release bundles against the registry", () => {
  let signedWhileActive: string;
  const registeredAt = new Date(clock.now().getTime() + day);

  it("registers the CI key file and verifies bundles it signed", async () => {
    const key = await db.prisma.$transaction((tx) =>
      createSigningKey(tx, {
        purpose: "release",
        backend: "software",
        keyFile: "ci-release.pem",
        actor: officer,
        clock,
      }),
    );
    expect(key.publicKeyPem).toBe(ci.pubPem);
    clock.advance(day);
    signedWhileActive = buildBundle(path.join(work, "a"), files, ci.key);
    const report = await verify(signedWhileActive);
    expect(report.ok, report.summary).toBe(true);
    expect(report.signatures[0]).toMatchObject({ keyId: key.keyId, status: "ok" });
  });

  it("after a rotation, the retired key's bundles verify when they are known to predate it", async () => {
    clock.advance(day);
    await db.prisma.$transaction((tx) =>
      rotateSigningKey(tx, {
        purpose: "release",
        reason: "moving release signing to the portal",
        actor: officer,
        clock,
      }),
    );
    clock.advance(day);
    // nothing says when CI made this signature: a retired key's signature needs that evidence
    const unknown = await verify(signedWhileActive);
    expect(unknown.signatures[0]).toMatchObject({ status: "outside_validity" });
    // the release was registered (observed) before the rotation: attestation continuity
    const continuity = await verify(signedWhileActive, registeredAt);
    expect(continuity.ok, continuity.summary).toBe(true);
    expect(continuity.signatures[0]?.flags).toEqual(["retired_key"]);
    // the old key signing something new after its retirement does not count
    const late = buildBundle(path.join(work, "late"), files, ci.key);
    expect((await verify(late, clock.now())).signatures[0]).toMatchObject({ status: "outside_validity" });
  });

  it("after a revocation, bundles fail unless known to predate it, and those are flagged", async () => {
    const retired = await db.prisma.signingKey.findFirstOrThrow({ where: { status: "retired" } });
    clock.advance(day);
    await db.prisma.$transaction((tx) =>
      revokeSigningKey(tx, { keyId: retired.keyId, reason: "CI runner image leaked", actor: officer, clock }),
    );
    const flagged = await verify(signedWhileActive, registeredAt);
    expect(flagged).toMatchObject({ ok: true, flagged: true });
    expect(flagged.signatures[0]?.flags).toEqual(["signed_before_revocation", "retired_key"]);
    const failed = await verify(signedWhileActive);
    expect(failed.ok).toBe(false);
    expect(failed.signatures[0]).toMatchObject({ status: "revoked_key" });
    expect(failed.summary).toMatch(/CI runner image leaked/);
  });

  it("does not know a key outside the registry", async () => {
    const outsider = opensslKeyPair(work, "outsider");
    const dir = buildBundle(path.join(work, "outsider-bundle"), files, outsider.key);
    fs.copyFileSync(outsider.pub, path.join(dir, "public-key.pem"));
    expect((await verify(dir)).signatures[0]).toMatchObject({ status: "unknown_key" });
  });
});

describe("the fixture bundle made with GNU tar and openssl", () => {
  it("verifies with its own key and no other", async () => {
    const contents = await readBundle(path.join(fixtures, "release-2.0.0.tar.gz"));
    const key = fs.readFileSync(path.join(fixtures, "release-2.0.0.pub.pem"), "utf8");
    const report = verifyReleaseBundle(contents, [{ publicKeyPem: key, purpose: "release" }], { clock });
    expect(report.ok, report.summary).toBe(true);
    expect(report.source).toEqual({ kind: "tar.gz", name: "release-2.0.0.tar.gz" });
    expect(report.files.map((file) => [file.name, file.status, file.actualSha256?.slice(0, 8)])).toEqual([
      ["NOTES.txt", "ok", "d7930c49"],
      ["images/portal-2.0.0.oci.tar", "ok", "42e8bc96"],
      ["sbom.cdx.json", "ok", "726c2214"],
    ]);
    expect(verifyReleaseBundle(contents, [{ publicKeyPem: ci.pubPem }], { clock }).ok).toBe(false);
  });
});
