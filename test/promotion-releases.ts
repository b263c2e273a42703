// Releases for tests, registered the way the registration service stores them: a bundle built with sha256sum and
// signed with openssl by the CI release key (a PEM file that the key registry imported as the release purpose's
// key, so the portal's promotion attestations are signed by the same key), read and verified against the
// registry, and written as a Release row with its artifacts.
import fs from "node:fs";
import path from "node:path";
import { SYSTEM_ACTOR } from "@/server/audit/events";
import type { PortalPrisma } from "@/server/db/connection";
import type { Clock } from "@/server/lib/clock";
import { verificationDigest } from "@/server/releases/promotion/verification-digest";
import { readBundle } from "@/server/signing/bundle/read-bundle";
import { parseSha256Sums } from "@/server/signing/bundle/sha256sums";
import { verifyBundleContentsWithRegistry } from "@/server/signing/bundle/verify-with-registry";
import { createSigningKey } from "@/server/signing/keys/create-signing-key";
import { buildBundle, opensslKeyPair, tempDir } from "./bundles";
import { installTestSoftwareBackend } from "./signing";

export type ReleaseKey = {
  keyDir: string;
  privateKey: string;
  publicKeyPem: string;
  keyId: string;
  restore: () => void;
};

/** Installs a software backend whose key directory holds the CI key, and registers it as the release key. */
export async function installReleaseKey(prisma: PortalPrisma, clock: Clock): Promise<ReleaseKey> {
  const keyDir = tempDir("portal-release-key-");
  const pair = opensslKeyPair(keyDir, "ci-release");
  const { restore } = installTestSoftwareBackend({ keyDir });
  const key = await prisma.$transaction((tx) =>
    createSigningKey(tx, {
      purpose: "release",
      backend: "software",
      keyFile: "ci-release.pem",
      label: "ci-release",
      actor: SYSTEM_ACTOR,
      clock,
    }),
  );
  return { keyDir, privateKey: pair.key, publicKeyPem: pair.pubPem, keyId: key.keyId, restore };
}

export type TestReleaseOptions = {
  product?: string;
  version: string;
  /** files of the bundle; a small default set otherwise */
  files?: Record<string, string | Buffer>;
  /** the private key that signs SHA256SUMS; null: unsigned */
  signingKey: string | null;
  /** changes a file after SHA256SUMS was written and signed */
  tamper?: boolean;
  clock: Clock;
};

export async function registerTestRelease(prisma: PortalPrisma, options: TestReleaseOptions) {
  const product = options.product ?? "payments-api";
  const dir = path.join(tempDir("portal-release-"), `${product}-${options.version}`);
  const files = options.files ?? {
    [`${product}-linux-amd64.tar.gz`]: `binary ${product} ${options.version} linux`,
    [`${product}-windows-amd64.zip`]: `binary ${product} ${options.version} windows`,
    "sbom.spdx.json": JSON.stringify({ name: product, version: options.version }),
  };
  buildBundle(dir, files, options.signingKey ?? undefined);
  if (options.tamper) {
    const first = Object.keys(files).sort()[0] as string;
    fs.appendFileSync(path.join(dir, first), "\nbackdoor");
  }
  const contents = await readBundle(dir);
  const report = await verifyBundleContentsWithRegistry(prisma, contents, {
    purpose: "release",
    clock: options.clock,
  });
  const checksums = fs.readFileSync(path.join(dir, "SHA256SUMS"), "utf8");
  const signaturePath = path.join(dir, "SHA256SUMS.sig");
  const bundleDigest = contents.files.get("SHA256SUMS")?.sha256 as string;
  const entries = parseSha256Sums(checksums).entries;
  const release = await prisma.release.create({
    data: {
      product,
      version: options.version,
      sourceCommit: "0f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",
      ciRunId: `run-${options.version}`,
      ciRunUrl: `https://ci.example/runs/${options.version}`,
      bundleDigest,
      checksums,
      checksumsSignature: fs.existsSync(signaturePath)
        ? fs.readFileSync(signaturePath).toString("base64")
        : null,
      manifestDsse: undefined,
      verificationStatus: report.ok ? "VERIFIED" : "FAILED",
      verificationReport: report,
      verificationDigest: verificationDigest(report),
      verifiedAt: options.clock.now(),
      registeredByName: "api-token:test-ci",
      createdAt: options.clock.now(),
      artifacts: {
        create: entries.map((entry) => {
          const actual = contents.files.get(entry.name);
          return {
            path: entry.name,
            sha256: actual?.sha256 ?? entry.sha256,
            size: BigInt(actual?.size ?? 0),
            stored: true,
          };
        }),
      },
    },
    select: { id: true, product: true, version: true, bundleDigest: true },
  });
  return { ...release, report, dir };
}
