// Demo data: a few releases registered through the real registration service, so /releases is not empty on the
// first start. The demo "CI" signs each bundle's manifest.dsse (an in-toto statement listing SHA256SUMS and the
// artifacts) with the portal's release key through the Signing service, audited like any signature; if the demo
// has no release key yet, one is created through the key registry. One release is tampered with after signing
// (an artifact's bytes changed), so the page also shows a FAILED report. Runs once: any release already there
// (seeded or real) leaves it alone. Without a key-encryption key the software keystore cannot sign: nothing is
// seeded then, and the log says why.
import { createHash } from "node:crypto";
import { SYSTEM_ACTOR } from "../audit/events";
import type { PortalPrisma } from "../db/connection";
import { blobStore } from "../evidence/blob-store";
import { type Clock, systemClock } from "../lib/clock";
import { logger } from "../lib/logger";
import { softwareBackend } from "../signing/backends";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, statementPayload } from "../signing/in-toto";
import { createSigningKey } from "../signing/keys/create-signing-key";
import { findActiveKey } from "../signing/keys/registry";
import { signWithPurpose } from "../signing/sign-with-purpose";
import { registerRelease } from "./register-release";
import type { ReleaseSubmission } from "./submission";

const HOUR = 3_600_000;
const DEMO_PIPELINE = { id: null, name: "ci:demo-pipeline", roles: [] as string[] };

export type DemoRelease = {
  product: string;
  version: string;
  hoursAgo: number;
  /** artifact bytes uploaded (true) or only their digests registered */
  upload: boolean;
  /** an artifact whose bytes are changed after the manifest was signed */
  tamper?: string;
  files: Record<string, string>;
};

/** What the demo seeds (the promotion workflow's demo data can build on these). */
export const DEMO_RELEASES: readonly DemoRelease[] = [
  {
    product: "portal",
    version: "2.3.0",
    hoursAgo: 96,
    upload: true,
    files: {
      "portal-2.3.0-linux-amd64.tar.gz": "portal 2.3.0 server build for linux/amd64\n".repeat(400),
      "portal-2.3.0.sbom.cdx.json": '{"bomFormat":"CycloneDX","specVersion":"1.6","version":1}\n',
      "CHANGELOG.md": "# 2.3.0\n\n- Dual-control PROD promotions\n",
    },
  },
  {
    product: "agent",
    version: "1.8.2",
    hoursAgo: 50,
    upload: true,
    files: {
      "agent-1.8.2-linux-amd64": "agent 1.8.2 static binary\n".repeat(300),
      "agent-1.8.2-windows-amd64.zip": "agent 1.8.2 windows package\n".repeat(200),
    },
  },
  {
    product: "portal",
    version: "2.4.0-rc.1",
    hoursAgo: 26,
    upload: false,
    files: {
      "portal-2.4.0-rc.1-linux-amd64.tar.gz": "portal 2.4.0-rc.1 server build\n".repeat(400),
      "CHANGELOG.md": "# 2.4.0-rc.1\n\n- Release registration from CI\n",
    },
  },
  {
    product: "portal",
    version: "2.4.0",
    hoursAgo: 3,
    upload: true,
    tamper: "portal-2.4.0-linux-amd64.tar.gz",
    files: {
      "portal-2.4.0-linux-amd64.tar.gz": "portal 2.4.0 server build\n".repeat(400),
      "CHANGELOG.md": "# 2.4.0\n\n- Release registration from CI\n",
    },
  },
];

const sha256Hex = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

async function* once(bytes: Buffer) {
  yield bytes;
}

async function seedOne(prisma: PortalPrisma, demo: DemoRelease, clock: Clock): Promise<void> {
  const names = Object.keys(demo.files).sort();
  const checksums = Buffer.from(
    names.map((name) => `${sha256Hex(demo.files[name] ?? "")}  ${name}\n`).join(""),
  );
  const statement = inTotoStatement({
    subject: [
      { name: "SHA256SUMS", digest: { sha256: sha256Hex(checksums) } },
      ...names.map((name) => ({ name, digest: { sha256: sha256Hex(demo.files[name] ?? "") } })),
    ],
    predicateType: "https://portal.example/release-manifest/v1",
    predicate: { product: demo.product, version: demo.version },
  });
  const { envelope } = await prisma.$transaction((tx) =>
    signWithPurpose(tx, {
      purpose: "release",
      payloadType: IN_TOTO_PAYLOAD_TYPE,
      payload: statementPayload(statement),
      subjectDigest: `sha256:${sha256Hex(checksums)}`,
      requester: DEMO_PIPELINE,
      clock,
    }),
  );
  const artifacts = await Promise.all(
    names.map(async (name) => {
      const original = demo.files[name] ?? "";
      const bytes = Buffer.from(demo.tamper === name ? `${original}# patched after signing\n` : original);
      const staged = demo.upload ? await blobStore().stage(once(bytes)) : null;
      return { path: name, sha256: sha256Hex(bytes), size: bytes.length, staged };
    }),
  );
  const submission: ReleaseSubmission = {
    meta: {
      product: demo.product,
      version: demo.version,
      sourceCommit: createHash("sha1").update(`${demo.product}@${demo.version}`).digest("hex"),
      ciRunId: `demo-${demo.product}-${demo.version}`,
      ciRunUrl: `https://ci.example.test/${demo.product}/runs/${demo.version}`,
    },
    checksums,
    checksumsSignature: null,
    manifestDsse: Buffer.from(JSON.stringify(envelope)),
    publicKeyPem: null,
    artifacts,
  };
  await registerRelease(
    prisma,
    {
      actor: DEMO_PIPELINE,
      registeredBy: { userId: null, tokenId: null, name: "demo pipeline" },
      viewer: null,
      clock,
    },
    submission,
  );
}

export async function seedDemoReleases(
  prisma: PortalPrisma,
  clock: Clock = systemClock,
): Promise<{ created: number }> {
  if ((await prisma.release.count()) > 0) return { created: 0 };
  if (!softwareBackend().kekId) {
    logger.warn("demo releases not created: no key-encryption key (SIGNING_KEK or SIGNING_KEK_FILE)");
    return { created: 0 };
  }
  const now = clock.now().getTime();
  const oldest = Math.max(...DEMO_RELEASES.map((demo) => demo.hoursAgo));
  let key = await findActiveKey(prisma, "release");
  if (!key) {
    // made before the first demo release, so its signatures fall inside the key's validity
    const keyClock = { now: () => new Date(now - (oldest + 24) * HOUR) };
    await prisma.$transaction((tx) =>
      createSigningKey(tx, {
        purpose: "release",
        backend: "software",
        label: "release-demo",
        actor: SYSTEM_ACTOR,
        clock: keyClock,
      }),
    );
    key = await findActiveKey(prisma, "release");
  }
  const activatedAt = key?.activatedAt?.getTime() ?? now;
  for (const [index, demo] of DEMO_RELEASES.entries()) {
    // a key made just now (an existing demo) cannot have signed in the past: the demo then happens after it
    const at = Math.max(now - demo.hoursAgo * HOUR, activatedAt + (index + 1) * 60_000);
    await seedOne(prisma, demo, { now: () => new Date(at) });
  }
  return { created: DEMO_RELEASES.length };
}
