// Promotion approvals under load: 20 approvers at once, each working through requests of their own (distinct
// requests, so no two wait on the same row lock), through the real decision step: lock the request, verify the
// bundle again against the key registry, record the decision, audit it, and (for STAGING, one approval) sign the
// attestation and write the promotion. Baseline, in the same run, on the same database, with the same 20 workers:
// one audited write per transaction (appendAudit alone), which every approval also pays for and which serialises
// all writers on the audit chain's lock. The ratio says what a decision costs beyond its audit event.
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { appendAudit } from "../server/audit/append-audit";
import { SYSTEM_ACTOR } from "../server/audit/events";
import type { PortalPrisma } from "../server/db/connection";
import { manualClock } from "../server/lib/clock";
import type { PersonActor } from "../server/releases/promotion/deps";
import { decidePromotionStep, requestPromotionStep } from "../server/releases/promotion/steps";
import { registeredBundleContents } from "../server/releases/registered-bundle";
import { verificationDigest } from "../server/releases/verification-digest";
import { installSigningBackend } from "../server/signing/backends";
import { createSoftwareBackend } from "../server/signing/backends/software";
import { verifyBundleContentsWithRegistry } from "../server/signing/bundle/verify-with-registry";
import { createSigningKey } from "../server/signing/keys/create-signing-key";
import { elapsedMs, perSecond } from "./measure";

export const APPROVERS = 20;

export type ApprovalRate = {
  approvers: number;
  requests: number;
  promotingPerSecond: number;
  countingPerSecond: number;
  auditedWritesPerSecond: number;
};

const sha256Hex = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** A software backend holding a CI release key read from a key file, registered as the release purpose's key. */
async function installReleaseKey(prisma: PortalPrisma, clock: ReturnType<typeof manualClock>) {
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-bench-key-"));
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  fs.writeFileSync(path.join(keyDir, "ci-release.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
  const restore = installSigningBackend(createSoftwareBackend({ kek: randomBytes(32), keyDir }));
  await prisma.$transaction((tx) =>
    createSigningKey(tx, { purpose: "release", keyFile: "ci-release.pem", actor: SYSTEM_ACTOR, clock }),
  );
  return {
    privateKey,
    restore: () => {
      restore();
      fs.rmSync(keyDir, { recursive: true, force: true });
    },
  };
}

/** A signed release of three artifacts, registered as the registration service stores it. */
async function registerRelease(
  prisma: PortalPrisma,
  options: {
    version: string;
    privateKey: ReturnType<typeof generateKeyPairSync>["privateKey"];
    clock: ReturnType<typeof manualClock>;
  },
) {
  const artifacts = ["app-linux-amd64.tar.gz", "app-darwin-arm64.tar.gz", "sbom.spdx.json"].map((name) => {
    const bytes = `${name} ${options.version} ${randomBytes(8).toString("hex")}`;
    return { path: name, sha256: sha256Hex(bytes), size: bytes.length };
  });
  const checksums = artifacts.map((artifact) => `${artifact.sha256}  ${artifact.path}\n`).join("");
  const signature = sign("sha256", Buffer.from(checksums), options.privateKey).toString("base64");
  const bundle = {
    product: "bench-app",
    version: options.version,
    checksums,
    checksumsSignature: signature,
    manifestDsse: null,
    publicKeyHint: null,
    artifacts,
  };
  const report = await verifyBundleContentsWithRegistry(prisma, registeredBundleContents(bundle), {
    purpose: "release",
    clock: options.clock,
  });
  if (!report.ok) throw new Error(`bench release does not verify: ${report.summary}`);
  return prisma.release.create({
    data: {
      product: bundle.product,
      version: bundle.version,
      sourceCommit: sha256Hex(options.version).slice(0, 40),
      ciRunId: `bench-${options.version}`,
      bundleDigest: sha256Hex(checksums),
      checksums,
      checksumsSignature: signature,
      verificationStatus: "VERIFIED",
      verificationReport: report,
      verificationDigest: verificationDigest(report),
      verifiedAt: options.clock.now(),
      registeredByName: "bench",
      createdAt: options.clock.now(),
      artifacts: { create: artifacts.map((artifact) => ({ ...artifact, size: BigInt(artifact.size) })) },
    },
    select: { id: true },
  });
}

async function inParallel<T>(lanes: readonly T[][], work: (item: T, lane: number) => Promise<unknown>) {
  return elapsedMs(() =>
    Promise.all(
      lanes.map(async (items, lane) => {
        for (const item of items) await work(item, lane);
      }),
    ),
  );
}

export async function measureApprovalRate(
  prisma: PortalPrisma,
  options: { requestsPerApprover: number },
): Promise<ApprovalRate> {
  const clock = manualClock(new Date());
  const key = await installReleaseKey(prisma, clock);
  try {
    const people = async (role: "RELEASE_ENGINEER" | "SECURITY_OFFICER", count: number, prefix: string) =>
      Promise.all(
        Array.from({ length: count }, async (_, index): Promise<PersonActor & { authTime: Date }> => {
          const row = await prisma.user.create({
            data: {
              email: `${prefix}-${index}-${randomBytes(4).toString("hex")}@bench.local`,
              name: `${prefix} ${index}`,
              roles: [role],
            },
            select: { id: true, name: true },
          });
          return {
            kind: "person",
            id: row.id,
            name: row.name,
            roles: [role],
            breakGlassSessionId: null,
            authTime: clock.now(),
          };
        }),
      );
    const [requester] = await people("RELEASE_ENGINEER", 1, "requester");
    const engineers = await people("RELEASE_ENGINEER", APPROVERS, "engineer");
    const officers = await people("SECURITY_OFFICER", APPROVERS, "officer");
    if (!requester) throw new Error("no requester");
    const deps = { prisma, clock };

    // per approver: releases waiting at STAGING (the approval promotes) and at PROD (the approval counts, one more needed)
    const staging: string[][] = [];
    const prod: string[][] = [];
    for (let lane = 0; lane < APPROVERS; lane += 1) {
      staging.push([]);
      prod.push([]);
      for (let i = 0; i < options.requestsPerApprover; i += 1) {
        const atStaging = await registerRelease(prisma, {
          version: `1.${lane}.${i}`,
          privateKey: key.privateKey,
          clock,
        });
        await requestPromotionStep(deps, { releaseId: atStaging.id, environment: "DEV", actor: requester });
        const request = await requestPromotionStep(deps, {
          releaseId: atStaging.id,
          environment: "STAGING",
          actor: requester,
        });
        staging[lane]?.push(request.requestId);
        const atProd = await registerRelease(prisma, {
          version: `2.${lane}.${i}`,
          privateKey: key.privateKey,
          clock,
        });
        await requestPromotionStep(deps, { releaseId: atProd.id, environment: "DEV", actor: requester });
        const toStaging = await requestPromotionStep(deps, {
          releaseId: atProd.id,
          environment: "STAGING",
          actor: requester,
        });
        await decidePromotionStep(deps, {
          requestId: toStaging.requestId,
          decision: "APPROVE",
          decider: engineers[0] as PersonActor & { authTime: Date },
        });
        const toProd = await requestPromotionStep(deps, {
          releaseId: atProd.id,
          environment: "PROD",
          actor: requester,
        });
        prod[lane]?.push(toProd.requestId);
      }
    }
    const total = APPROVERS * options.requestsPerApprover;
    const promotingMs = await inParallel(staging, async (requestId, lane) => {
      const result = await decidePromotionStep(deps, {
        requestId,
        decision: "APPROVE",
        decider: engineers[lane] as PersonActor & { authTime: Date },
      });
      if (result.status !== "PROMOTED") throw new Error(`expected a promotion, got ${result.status}`);
    });
    const countingMs = await inParallel(prod, async (requestId, lane) => {
      const result = await decidePromotionStep(deps, {
        requestId,
        decision: "APPROVE",
        decider: officers[lane] as PersonActor & { authTime: Date },
      });
      if (result.status !== "PENDING") throw new Error(`expected the request to wait, got ${result.status}`);
    });
    const writes = Array.from({ length: APPROVERS }, (_, lane) =>
      Array.from({ length: options.requestsPerApprover }, (_, i) => `${lane}-${i}`),
    );
    const auditedMs = await inParallel(writes, (label) =>
      prisma.$transaction((tx) =>
        appendAudit(tx, {
          payload: { type: "system.demo_seeded", users: label.length },
          actor: SYSTEM_ACTOR,
          subject: { type: "bench", id: label },
          clock,
        }),
      ),
    );
    return {
      approvers: APPROVERS,
      requests: total,
      promotingPerSecond: perSecond(total, promotingMs),
      countingPerSecond: perSecond(total, countingMs),
      auditedWritesPerSecond: perSecond(total, auditedMs),
    };
  } finally {
    key.restore();
  }
}
