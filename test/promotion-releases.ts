// Releases for the promotion tests, registered through the registration service: a bundle built with sha256sum
// and signed with openssl by the CI release key (a PEM file that the key registry imported as the release
// purpose's key, so the portal's promotion attestations are signed by the same key), sent as the JSON a pipeline
// sends (SHA256SUMS, its signature, the artifacts' digests and sizes as the files hash).
import fs from "node:fs";
import path from "node:path";
import { SYSTEM_ACTOR } from "@/server/audit/events";
import type { PortalPrisma } from "@/server/db/connection";
import type { Clock } from "@/server/lib/clock";
import { submissionFromJson } from "@/server/releases/read-submission";
import { registerRelease } from "@/server/releases/register-release";
import { ZRegisterReleaseJson } from "@/server/releases/schemas";
import { createSigningKey } from "@/server/signing/keys/create-signing-key";
import { buildBundle, opensslKeyPair, tempDir } from "./bundles";
import { registrationJson, releaseMeta } from "./releases";
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
  const result = await registerRelease(
    prisma,
    {
      actor: { id: null, name: "api-token:test-ci", roles: [] },
      registeredBy: { userId: null, tokenId: null, name: "api-token:test-ci" },
      viewer: null,
      clock: options.clock,
    },
    submissionFromJson(
      ZRegisterReleaseJson.parse(registrationJson(dir, releaseMeta(options.version, product))),
    ),
  );
  const { id, version, bundleDigest, report } = result.release;
  return { id, product, version, bundleDigest, report, dir };
}
