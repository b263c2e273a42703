// Policy gates through tRPC on PGlite and (with TEST_DATABASE_URL) PostgreSQL: packs saved as versions, validated
// with the problem named, put in force, exported as a signed file that openssl verifies and that imports back
// only when it verifies; VEX exceptions signed, scoped and refused for unknown products; and the seed's demo 2:
// a release with a critical CVE is held at PROD with the reason, a signed not_affected exception clears it, the
// next evaluation passes and the promotion goes through, the audit log holding the exception and both evaluations.
import fs from "node:fs";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { evidenceDeps, tempBlobStore } from "@/test/evidence";
import { opensslVerify } from "@/test/openssl";
import { installReleaseKey, type ReleaseKey, registerTestRelease } from "@/test/promotion-releases";
import type { SessionUser } from "../auth/session";
import { installBlobStore } from "../evidence/blob-store";
import { uploadEvidence } from "../evidence/upload-evidence";
import { manualClock } from "../lib/clock";
import { type DsseEnvelope, envelopePayload, pae } from "../signing/dsse";
import { createSigningKey } from "../signing/keys/create-signing-key";
import { verifyEnvelopeWithRegistry } from "../signing/verify-with-registry";
import { createCaller } from "../trpc/root";
import { POLICY_PACK_PAYLOAD_TYPE } from "./pack-file";
import { OPENVEX_PAYLOAD_TYPE } from "./record-vex-exception";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/gates");
const SCAN_REPORT = fs.readFileSync(path.join(FIXTURES, "demo-app-1.0.0.cdx.json"));

let db: TestDatabase;
let key: ReleaseKey;
let restoreBlobs: () => void;
const store = tempBlobStore();
const clock = manualClock("2026-12-01T09:00:00.000Z");
const DAY = 86_400_000;

let rhea: SessionUser;
let ray: SessionUser;
let sam: SessionUser;
let ada: SessionUser;

const as = (user: SessionUser, authTime: Date = clock.now()) =>
  createCaller(contextFor(db.prisma, { ...user, authTime }, { clock }));
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => (error instanceof TRPCError ? { code: error.code, message: error.message } : error),
  );
const count = (action: string) => db.prisma.auditEvent.count({ where: { action } });

const PACK = {
  schemaVersion: 1,
  name: "ignored: the portal names it",
  version: 99,
  environments: {
    STAGING: [{ id: "signed", kind: "signature", requirePurposes: ["release"] }],
    PROD: [
      { id: "signed", kind: "signature", requirePurposes: ["release"] },
      { id: "vulns", kind: "vulnerabilities", maxCvss: 7.0, maxCount: { critical: 0 } },
    ],
  },
};

let versionCounter = 0;
async function releaseWithScan(scan: Buffer | null = SCAN_REPORT) {
  versionCounter += 1;
  const release = await registerTestRelease(db.prisma, {
    product: "demo-app",
    version: `1.${versionCounter}.0`,
    signingKey: key.privateKey,
    clock,
  });
  if (scan) {
    await uploadEvidence(evidenceDeps(db.prisma, clock, store.blobs), {
      meta: {
        kind: "SCAN_REPORT",
        fileName: "scan.cdx.json",
        links: { releaseIds: [release.id], proofArtifactIds: [], breakGlassSessionIds: [] },
      },
      bytes: scan,
      producer: { kind: "USER", userId: rhea.id, name: rhea.name },
      actor: { id: rhea.id, name: rhea.name, roles: rhea.roles },
    });
  }
  return release;
}

async function toProdRequest(releaseId: string): Promise<string> {
  expect((await as(rhea).promotions.request({ releaseId, environment: "DEV" })).status).toBe("PROMOTED");
  const staging = await as(rhea).promotions.request({ releaseId, environment: "STAGING" });
  expect((await as(ray).promotions.approve({ requestId: staging.requestId })).status).toBe("PROMOTED");
  return (await as(rhea).promotions.request({ releaseId, environment: "PROD" })).requestId;
}

beforeAll(async () => {
  db = await createTestDatabase();
  restoreBlobs = installBlobStore(store.blobs);
  key = await installReleaseKey(db.prisma, clock);
  rhea = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Rhea Release" });
  ray = await createTestUser(db.prisma, { roles: ["RELEASE_ENGINEER"], name: "Ray Release" });
  sam = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Security" });
  ada = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  const actor = { id: sam.id, name: sam.name, roles: sam.roles };
  await db.prisma.$transaction((tx) =>
    createSigningKey(tx, { purpose: "attestation", backend: "software", actor, clock }),
  );
});
afterAll(async () => {
  restoreBlobs();
  key.restore();
  store.remove();
  await db.close();
});

describe("policy packs", () => {
  it("refuse a pack that does not validate, naming the gate and the problem, and store nothing", async () => {
    const bad = {
      ...PACK,
      environments: {
        PROD: [{ id: "expr", kind: "custom", expression: "release.verison ==", requirement: "x" }],
      },
    };
    const refused = await refusal(
      as(sam).policies.savePack({ name: "Default gates", document: bad, comment: "first" }),
    );
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect((refused as { message: string }).message).toMatch(/environments\.PROD\[0\]|gate "expr"/);
    expect(await db.prisma.policyPackVersion.count()).toBe(0);
  });

  it("are saved as numbered versions, named by the portal, put in force, each step audited", async () => {
    const first = await as(sam).policies.savePack({
      name: "Default gates",
      document: PACK,
      comment: "first",
    });
    const second = await as(sam).policies.savePack({
      name: "Default gates",
      document: PACK,
      comment: "same gates, again",
    });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.document).toMatchObject({ name: "Default gates", version: 2 });
    await as(sam).policies.activatePack({ name: "Default gates" });
    const packs = await as(ada).policies.packs();
    expect(packs).toMatchObject([{ name: "Default gates", active: true }]);
    expect(packs[0]?.versions.map((version) => version.version)).toEqual([2, 1]);
    expect(await count("policy.pack_version_saved")).toBe(2);
    expect(await count("policy.pack_activated")).toBe(1);
  });

  it("are edited only by security officers with a fresh sign-in; auditors read", async () => {
    expect(
      await refusal(as(ada).policies.savePack({ name: "Default gates", document: PACK, comment: "mine" })),
    ).toMatchObject({ code: "FORBIDDEN" });
    const stale = await refusal(
      as(sam, new Date(clock.now().getTime() - DAY)).policies.savePack({
        name: "Default gates",
        document: PACK,
        comment: "late",
      }),
    );
    expect(stale).toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("export as a signed file that openssl verifies, and import back only when the signature holds", async () => {
    const exported = await as(sam).policies.exportPack({ name: "Default gates" });
    expect(exported.fileName).toBe("policy-pack-default-gates-v2.dsse.json");
    const envelope = exported.envelope as DsseEnvelope;
    expect(envelope.payloadType).toBe(POLICY_PACK_PAYLOAD_TYPE);
    const signer = await db.prisma.signingKey.findFirstOrThrow({
      where: { purpose: "attestation", status: "active" },
      select: { publicKeyPem: true },
    });
    const payload = envelopePayload(envelope);
    expect(
      opensslVerify({
        publicKeyPem: signer.publicKeyPem,
        data: pae(envelope.payloadType, payload),
        signature: Buffer.from(envelope.signatures[0]?.sig ?? "", "base64"),
      }).ok,
    ).toBe(true);

    const imported = await as(sam).policies.importPack({
      file: JSON.stringify(envelope),
      comment: "round trip",
    });
    expect(imported).toMatchObject({ name: "Default gates", version: 3 });
    const row = await db.prisma.policyPackVersion.findFirstOrThrow({ where: { version: 3 } });
    expect(row).toMatchObject({ source: "IMPORTED", importedKeyId: envelope.signatures[0]?.keyid });

    const tampered = JSON.parse(payload.toString("utf8"));
    tampered.environments.PROD = [];
    const forged = { ...envelope, payload: Buffer.from(JSON.stringify(tampered)).toString("base64") };
    const before = await db.prisma.policyPackVersion.count();
    const refused = await refusal(
      as(sam).policies.importPack({ file: JSON.stringify(forged), comment: "forged" }),
    );
    expect(refused).toMatchObject({ code: "BAD_REQUEST" });
    expect((refused as { message: string }).message).toMatch(/^The pack's signature does not verify/);
    expect(await db.prisma.policyPackVersion.count()).toBe(before);
    expect(await count("policy.pack_import_refused")).toBe(1);
    expect(await refusal(as(sam).policies.importPack({ file: "not json", comment: "x" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("not JSON"),
    });
  });
});

describe("VEX exceptions", () => {
  it("refuse what cannot be signed: no justification, an unknown product, a past expiry, a bad document", async () => {
    const base = {
      vulnerability: "CVE-2024-12345",
      status: "not_affected" as const,
      justification: "vulnerable_code_not_in_execute_path" as const,
      expiresAt: new Date(clock.now().getTime() + 30 * DAY),
    };
    expect(
      await refusal(
        as(sam).policies.recordVex({
          ...base,
          justification: undefined,
          scope: { kind: "ALL" },
          packagePurl: "pkg:npm/x@1",
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST" });
    expect(
      await refusal(
        as(sam).policies.recordVex({ ...base, scope: { kind: "PRODUCT", product: "no-such-app" } }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", message: 'No release of a product "no-such-app" is registered' });
    expect(
      await refusal(
        as(sam).policies.recordVex({
          ...base,
          expiresAt: new Date(clock.now().getTime() - DAY),
          scope: { kind: "ALL" },
        }),
      ),
    ).toMatchObject({ code: "BAD_REQUEST", message: "The expiry must be in the future" });
    const broken = await refusal(
      as(sam).policies.importVex({
        document: { "@context": "https://openvex.dev/ns/v0.2.0", statements: [] },
        scope: { kind: "ALL" },
        expiresAt: new Date(clock.now().getTime() + DAY),
      }),
    );
    expect(broken).toMatchObject({ code: "BAD_REQUEST" });
    expect((broken as { message: string }).message).toMatch(/^Not a valid OpenVEX document: /);
    expect(await refusal(as(rhea).policies.recordVex({ ...base, scope: { kind: "ALL" } }))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db.prisma.vexException.count()).toBe(0);
  });
});

describe("the seed's demo 2", () => {
  it("holds PROD on a critical CVE; a signed not_affected exception clears it; the promotion goes through", async () => {
    const release = await releaseWithScan();
    const requestId = await toProdRequest(release.id);
    expect((await as(ray).promotions.approve({ requestId })).status).toBe("PENDING");
    const held = await as(sam).promotions.approve({ requestId, comment: "approvals done" });
    expect(held.status).toBe("PENDING");
    expect(held.held).toMatchObject({ gate: "policy" });
    expect(held.held?.message).toMatch(/^BLOCKED - CVE-2024-12345 \(CVSS 9\.8\)/);
    expect(await db.prisma.promotion.count({ where: { releaseId: release.id, environment: "PROD" } })).toBe(
      0,
    );

    // the release page's promotion view says what holds it, in the lane and on the request
    const view = await as(ada).promotions.forRelease({ releaseId: release.id });
    const prodView = view.environments.find((environment) => environment.environment === "PROD");
    expect(prodView?.lane).toMatchObject({
      state: "waiting",
      detail: { text: "approved; held by the policy gates" },
    });
    expect(prodView?.openRequest?.held).toMatchObject({ gate: "policy", message: held.held?.message });

    const gates = await as(ada).policies.forRelease({ releaseId: release.id });
    const prod = gates.latest.find((row) => row.environment === "PROD");
    expect(prod).toMatchObject({ verdict: "fail", trigger: "PROMOTION" });
    expect(prod?.result?.findings.find((finding) => finding.id === "CVE-2024-12345")).toMatchObject({
      cvss: 9.8,
      counted: true,
    });

    const recorded = await as(sam).policies.recordVex({
      vulnerability: "CVE-2024-12345",
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      impactStatement: "vulnerable code path not reachable",
      scope: { kind: "RELEASE", releaseId: release.id },
      expiresAt: new Date(clock.now().getTime() + 90 * DAY),
    });
    // the waiting PROD request was evaluated again at once, for the officer to see
    expect(recorded.reevaluated).toEqual([{ releaseId: release.id, environment: "PROD", verdict: "pass" }]);
    const exception = await db.prisma.vexException.findUniqueOrThrow({ where: { id: recorded.id } });
    expect(exception).toMatchObject({
      status: "not_affected",
      impactStatement: "vulnerable code path not reachable",
      createdByName: "Sam Security",
    });
    const verified = await verifyEnvelopeWithRegistry(db.prisma, exception.envelope, {
      purpose: "attestation",
      payloadType: OPENVEX_PAYLOAD_TYPE,
      clock,
    });
    expect(verified.ok).toBe(true);

    const again = await as(rhea).policies.evaluate({ releaseId: release.id, environment: "PROD" });
    expect(again.verdict).toBe("pass");
    expect(again.summary).toMatch(/^PASSED - VEX exception applied: CVE-2024-12345 not_affected/);

    const cleared = await as(ada).promotions.forRelease({ releaseId: release.id });
    expect(
      cleared.environments.find((environment) => environment.environment === "PROD")?.openRequest?.held,
    ).toBeNull();
    const promoted = await as(rhea).promotions.promote({ requestId });
    expect(promoted.status).toBe("PROMOTED");
    expect(await count("vex.exception_recorded")).toBe(1);
    const evaluations = await db.prisma.auditEvent.findMany({
      where: { action: "gates.evaluated", subjectId: release.id },
      orderBy: { seq: "asc" },
      select: { payload: true },
    });
    // at registration (before the scan report was linked: none to count, so PROD failed), DEV and STAGING on their
    // way; at PROD: held, right after the exception, on request, the promotion's own
    const verdicts = evaluations.map((event) => {
      const payload = event.payload as { environment: string; trigger: string; verdict: string };
      return `${payload.environment} ${payload.trigger} ${payload.verdict}`;
    });
    expect(verdicts).toEqual([
      "STAGING REGISTRATION pass",
      "PROD REGISTRATION fail",
      "DEV PROMOTION pass",
      "STAGING PROMOTION pass",
      "PROD PROMOTION fail",
      "PROD EXCEPTION pass",
      "PROD MANUAL pass",
      "PROD PROMOTION pass",
    ]);
  });

  it("keeps the held evaluation on record when 'promote now' is refused by a gate", async () => {
    const release = await releaseWithScan();
    const requestId = await toProdRequest(release.id);
    await as(ray).promotions.approve({ requestId });
    await as(sam).promotions.approve({ requestId });
    const before = await db.prisma.gateEvaluation.count({ where: { releaseId: release.id } });
    const refused = await refusal(as(rhea).promotions.promote({ requestId }));
    expect(refused).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect((refused as { message: string }).message).toMatch(/^BLOCKED - CVE-2024-12345/);
    expect(await db.prisma.gateEvaluation.count({ where: { releaseId: release.id } })).toBe(before + 1);
  });

  it("holds a release that has no scan report: the vulnerabilities gate requires one unless told otherwise", async () => {
    const release = await releaseWithScan(null);
    const requestId = await toProdRequest(release.id);
    await as(ray).promotions.approve({ requestId });
    expect((await as(sam).promotions.approve({ requestId })).status).toBe("PENDING");
    // no scan report: the vulnerabilities gate requires one by default
    const gates = await as(ada).policies.forRelease({ releaseId: release.id });
    expect(gates.latest.find((row) => row.environment === "PROD")?.summary).toMatch(/^BLOCKED - /);
  });
});
