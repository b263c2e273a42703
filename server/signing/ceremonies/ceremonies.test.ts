// Key ceremonies and escrow through tRPC, as custodians would use them: a 2-of-3 rotation that executes once
// under concurrent approvals, one vote per person, fresh sign-in per decision, expiry (lazily and by the sweeper),
// vetoes, failed executions, and a Shamir escrow split whose recovery refuses short and wrong share sets.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { contextFor, createTestUser } from "@/test/context";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend, testSigner } from "@/test/signing";
import type { SessionUser } from "../../auth/session";
import { manualClock } from "../../lib/clock";
import { createCaller } from "../../trpc/root";
import { signWithPurpose } from "../sign-with-purpose";
import { transactionWithSigningAudit } from "../signing-failure";
import { verifyEnvelopeWithRegistry } from "../verify-with-registry";
import { assertDirectOperationAllowed } from "./configured-policy";
import { parseCeremonyPolicy } from "./policy";
import { startCeremonySweeper, sweepExpiredCeremonies } from "./sweep-expired-ceremonies";

let db: TestDatabase;
let restore: () => void;
let sam: SessionUser;
let cora: SessionUser;
let kit: SessionUser;
let auditor: SessionUser;
const clock = manualClock("2026-07-01T09:00:00.000Z");
const minute = 60_000;

const fresh = (user: SessionUser) => ({ ...user, authTime: clock.now() });
const as = (user: SessionUser) => createCaller(contextFor(db.prisma, fresh(user), { clock }));
async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : String(error)),
  );
}
async function messageOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "OK",
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}
const actions = async (action: string, ceremonyId: string) =>
  db.prisma.auditEvent.count({ where: { action, subjectId: ceremonyId } });

async function signRelease(text: string) {
  return transactionWithSigningAudit(db.prisma, (tx) =>
    signWithPurpose(tx, {
      purpose: "release",
      payloadType: "application/vnd.portal.test+json",
      payload: Buffer.from(text),
      requester: { id: null, name: "release-service", roles: [] },
      clock,
    }),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
  sam = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Sam Security" });
  cora = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Cora Custodian" });
  kit = await createTestUser(db.prisma, { roles: ["SECURITY_OFFICER"], name: "Kit Keeper" });
  auditor = await createTestUser(db.prisma, { roles: ["AUDITOR"], name: "Ada Auditor" });
  for (const purpose of ["release", "attestation", "dev"] as const) {
    await as(sam).keys.create({ purpose, label: `${purpose}-first` });
  }
});
afterAll(async () => {
  restore();
  await db.close();
});

describe("a 2-of-3 rotation ceremony", () => {
  it("starts with the initiator's approval, and executes exactly once when two custodians approve at once", async () => {
    const before = await db.prisma.signingKey.findFirstOrThrow({
      where: { purpose: "release", status: "active" },
    });
    const started = await as(sam).ceremonies.start({
      operation: "rotate",
      purpose: "release",
      reason: "yearly rotation under dual control",
    });
    expect(started).toMatchObject({
      status: "pending",
      requiredApprovals: 2,
      custodianCount: 3,
      approvalCount: 1,
      progress: "1 of 2 approvals",
      initiatorCounts: true,
      keyId: before.keyId,
    });
    expect(started.expiresAt.getTime() - clock.now().getTime()).toBe(24 * 60 * minute);

    const outcomes = await Promise.allSettled([
      as(cora).ceremonies.approve({ id: started.id }),
      as(kit).ceremonies.approve({ id: started.id }),
    ]);
    const done = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
      code: "CONFLICT",
      message: "this ceremony has already been executed",
    });
    const executed = (
      done[0] as PromiseFulfilledResult<Awaited<ReturnType<ReturnType<typeof as>["ceremonies"]["approve"]>>>
    ).value;
    expect(executed).toMatchObject({ status: "executed", approvalCount: 2, progress: "2 of 2 approvals" });

    const keys = await db.prisma.signingKey.findMany({
      where: { purpose: "release" },
      orderBy: { createdAt: "asc" },
    });
    expect(keys.map((key) => key.status)).toEqual(["retired", "active"]);
    expect(keys[1]?.ceremonyId).toBe(started.id);
    expect(executed.result).toMatchObject({ previousKeyId: before.keyId, keyId: keys[1]?.keyId });
    expect(await db.prisma.keyCeremonyApproval.count({ where: { ceremonyId: started.id } })).toBe(2);
    expect(await actions("signing.ceremony_executed", started.id)).toBe(1);
    expect(await actions("signing.ceremony_decision_refused", started.id)).toBe(1);
    const rotated = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "signing.key_rotated", subjectId: keys[1]?.keyId },
    });
    expect(rotated.payload).toMatchObject({ ceremonyId: started.id });
  });

  it("counts one person once, and only custodians", async () => {
    const started = await as(sam).ceremonies.start({
      operation: "rotate",
      purpose: "attestation",
      reason: "compromise drill",
      requiredApprovals: 3,
    });
    expect(await messageOf(as(sam).ceremonies.approve({ id: started.id }))).toBe(
      "you already approved this ceremony: each custodian counts once",
    );
    expect(await codeOf(as(auditor).ceremonies.approve({ id: started.id }))).toBe("FORBIDDEN");
    await as(cora).ceremonies.approve({ id: started.id, comment: "checked the ticket" });
    expect(await codeOf(as(cora).ceremonies.approve({ id: started.id }))).toBe("CONFLICT");
    const view = await as(kit).ceremonies.get({ id: started.id });
    expect(view).toMatchObject({
      progress: "2 of 3 approvals",
      viewer: { canDecide: true, completes: true },
    });
    expect((await as(cora).ceremonies.get({ id: started.id })).viewer).toMatchObject({ canDecide: false });
    // a custodian must have signed in within 5 minutes for each decision
    const stale = { ...kit, authTime: new Date(clock.now().getTime() - 6 * minute) };
    expect(
      await codeOf(
        createCaller(contextFor(db.prisma, stale, { clock })).ceremonies.approve({ id: started.id }),
      ),
    ).toBe("PRECONDITION_FAILED");
    expect((await as(kit).ceremonies.approve({ id: started.id })).status).toBe("executed");
  });

  it("refuses an M larger than the custodians, or below 2", async () => {
    expect(
      await messageOf(
        as(sam).ceremonies.start({
          operation: "rotate",
          purpose: "dev",
          reason: "too many",
          requiredApprovals: 4,
        }),
      ),
    ).toBe("4 approvals are needed but only 3 custodians are eligible");
    expect(
      await codeOf(
        as(sam).ceremonies.start({
          operation: "rotate",
          purpose: "dev",
          reason: "too few",
          requiredApprovals: 1,
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(as(auditor).ceremonies.start({ operation: "rotate", purpose: "dev", reason: "not mine" })),
    ).toBe("FORBIDDEN");
  });
});

describe("closing without executing", () => {
  it("a rejection vetoes the ceremony", async () => {
    const started = await as(sam).ceremonies.start({
      operation: "rotate",
      purpose: "dev",
      reason: "routine",
    });
    const rejected = await as(kit).ceremonies.reject({ id: started.id, comment: "no change ticket" });
    expect(rejected.status).toBe("rejected");
    expect(await messageOf(as(cora).ceremonies.approve({ id: started.id }))).toBe(
      "this ceremony was rejected",
    );
    expect(await db.prisma.signingKey.count({ where: { purpose: "dev" } })).toBe(1);
  });

  it("expires at its time: refused lazily, and recorded once by the sweeper", async () => {
    const lazy = await as(sam).ceremonies.start({
      operation: "rotate",
      purpose: "dev",
      reason: "expires soon",
      ttlMinutes: 5,
    });
    clock.advance(5 * minute);
    expect(await messageOf(as(cora).ceremonies.approve({ id: lazy.id }))).toBe(
      "this ceremony has expired: start a new one",
    );
    expect((await db.prisma.keyCeremony.findUniqueOrThrow({ where: { id: lazy.id } })).status).toBe(
      "expired",
    );

    const swept = await as(sam).ceremonies.start({
      operation: "rotate",
      purpose: "dev",
      reason: "later",
      ttlMinutes: 10,
    });
    clock.advance(9 * minute);
    expect((await as(auditor).ceremonies.list({ status: "pending" })).ceremonies.map((c) => c.id)).toContain(
      swept.id,
    );
    clock.advance(minute);
    const expired = await as(auditor).ceremonies.list({ status: "expired" });
    expect(expired.ceremonies.map((c) => c.id)).toEqual(expect.arrayContaining([lazy.id, swept.id]));
    await as(auditor).ceremonies.list({});
    expect(await actions("signing.ceremony_closed", swept.id)).toBe(1);
    expect(await actions("signing.ceremony_closed", lazy.id)).toBe(1);
    expect(await db.prisma.signingKey.count({ where: { purpose: "dev" } })).toBe(1);
  });

  it("two sweepers at the same moment record an expiry once", async () => {
    const started = await as(sam).ceremonies.start({
      operation: "rotate",
      purpose: "dev",
      reason: "sweeper race",
      ttlMinutes: 5,
    });
    clock.advance(5 * minute);
    const results = await Promise.all([
      sweepExpiredCeremonies(db.prisma, clock),
      sweepExpiredCeremonies(db.prisma, clock),
      sweepExpiredCeremonies(db.prisma, clock),
    ]);
    expect(results.reduce((sum, result) => sum + result.expired, 0)).toBe(1);
    expect(await actions("signing.ceremony_closed", started.id)).toBe(1);
  });

  it("the scheduled sweeper records an expiry nobody read, once, with two instances sweeping", async () => {
    const started = await as(sam).ceremonies.start({
      operation: "rotate",
      purpose: "dev",
      reason: "nobody looks at the list",
      ttlMinutes: 5,
    });
    clock.advance(5 * minute);
    // two server instances, each with its own sweeper on a short period; no one reads the ceremony list
    const deps = async () => ({ prisma: db.prisma, clock });
    const stops = [startCeremonySweeper(deps, 20), startCeremonySweeper(deps, 20)];
    try {
      await vi.waitFor(
        async () => {
          const row = await db.prisma.keyCeremony.findUniqueOrThrow({ where: { id: started.id } });
          expect(row.status).toBe("expired");
        },
        { timeout: 5000, interval: 25 },
      );
      // let both sweepers run a few more times
      await new Promise((resolve) => setTimeout(resolve, 150));
    } finally {
      for (const stop of stops) stop();
    }
    expect(await actions("signing.ceremony_closed", started.id)).toBe(1);
  });

  it("an execution that fails closes the ceremony as failed and changes no key", async () => {
    const dev = await db.prisma.signingKey.findFirstOrThrow({ where: { purpose: "dev", status: "active" } });
    await as(sam).keys.revoke({ keyId: dev.keyId, reason: "laptop stolen" });
    const started = await as(sam).ceremonies.start({
      operation: "create",
      purpose: "dev",
      reason: "replacement",
    });
    // meanwhile someone creates the key directly: the ceremony's creation now conflicts
    await as(kit).keys.create({ purpose: "dev", label: "dev-direct" });
    const failed = await as(cora).ceremonies.approve({ id: started.id });
    expect(failed.status).toBe("failed");
    expect(failed.failure).toMatch(/already has an active key/);
    expect(await db.prisma.signingKey.count({ where: { purpose: "dev", status: "active" } })).toBe(1);
    expect(await actions("signing.ceremony_failed", started.id)).toBe(1);
  });
});

describe("the ceremony policy", () => {
  it("refuses the direct operation an installation reserved for a ceremony", async () => {
    const parsed = parseCeremonyPolicy("rotate:release=2,revoke=3");
    if (!parsed.ok) throw new Error(parsed.error);
    const release = await db.prisma.signingKey.findFirstOrThrow({
      where: { purpose: "release", status: "active" },
    });
    await expect(
      assertDirectOperationAllowed(db.prisma, "rotate", { purpose: "release" }, parsed.policy),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("2-of-N ceremony"),
    });
    await expect(
      assertDirectOperationAllowed(db.prisma, "revoke", { keyId: release.keyId }, parsed.policy),
    ).rejects.toMatchObject({ details: { requiredApprovals: 3 } });
    await expect(
      assertDirectOperationAllowed(db.prisma, "rotate", { purpose: "dev" }, parsed.policy),
    ).resolves.toBeUndefined();
    const started = await as(sam).ceremonies.start({
      operation: "rotate",
      purpose: "release",
      reason: "policy",
    });
    expect(started.requiredApprovals).toBe(2);
    await as(sam)
      .ceremonies.reject({ id: started.id })
      .catch(() => undefined);
  });
});

describe("Shamir escrow", () => {
  let shares: { index: number; custodianName: string; text: string }[] = [];
  let keyId = "";

  it("splits a software key 2-of-3, one share file per custodian, and stores no share", async () => {
    keyId = (
      await db.prisma.signingKey.findFirstOrThrow({ where: { purpose: "attestation", status: "active" } })
    ).keyId;
    const split = await as(sam).ceremonies.splitEscrow({
      keyId,
      threshold: 2,
      custodianIds: [sam.id, cora.id, kit.id],
    });
    shares = split.shares;
    expect(split.escrow).toMatchObject({ threshold: 2, shareCount: 3 });
    expect(shares.map((share) => share.custodianName)).toEqual([
      "Sam Security",
      "Cora Custodian",
      "Kit Keeper",
    ]);
    const file = JSON.parse(shares[0]?.text ?? "{}");
    expect(file).toMatchObject({
      format: "portal-escrow-share/v1",
      keyId,
      index: 1,
      threshold: 2,
      shares: 3,
    });
    const stored = JSON.stringify(await db.prisma.keyEscrow.findMany());
    const audited = JSON.stringify(
      await db.prisma.auditEvent.findMany({
        where: { action: "signing.escrow_split" },
        select: { payload: true },
      }),
    );
    for (const share of shares) {
      const material = JSON.parse(share.text).share as string;
      expect(stored).not.toContain(material);
      expect(audited).not.toContain(material);
    }
    expect(await as(auditor).ceremonies.escrow({ keyId })).toMatchObject({ threshold: 2, shareCount: 3 });
  });

  it("refuses escrow for keys outside the software keystore, and unknown keys", async () => {
    const { signer } = testSigner();
    await db.prisma.signingKey.create({
      data: {
        keyId: signer.keyId,
        purpose: "mirror",
        backend: "pkcs11",
        label: "mirror-hsm",
        algorithm: "ecdsa-p256-sha256",
        publicKeyPem: signer.publicKeyPem,
        backendRef: "{}",
        status: "active",
        createdAt: clock.now(),
        activatedAt: clock.now(),
        createdByName: "test",
      },
    });
    const custodianIds = [sam.id, cora.id];
    expect(
      await messageOf(as(sam).ceremonies.splitEscrow({ keyId: signer.keyId, threshold: 2, custodianIds })),
    ).toMatch(/^only software keys can be escrowed/);
    expect(
      await codeOf(
        as(sam).ceremonies.splitEscrow({ keyId: `sha256:${"a".repeat(64)}`, threshold: 2, custodianIds }),
      ),
    ).toBe("NOT_FOUND");
    expect(
      await messageOf(
        as(sam).ceremonies.splitEscrow({ keyId, threshold: 2, custodianIds: [sam.id, auditor.id] }),
      ),
    ).toBe("every custodian must be an active security officer");
  });

  it("recovers the key after the key-encryption key was lost, and refuses a short or wrong share set", async () => {
    // the key-encryption key is lost: a new one is configured, and the stored key cannot be opened any more
    const replaced = installTestSoftwareBackend();
    try {
      expect(await messageOf(signRelease("before"))).not.toBe("OK");
      const attestationSign = () =>
        transactionWithSigningAudit(db.prisma, (tx) =>
          signWithPurpose(tx, {
            purpose: "attestation",
            payloadType: "application/vnd.portal.test+json",
            payload: Buffer.from("after recovery"),
            requester: { id: null, name: "attestation-service", roles: [] },
            clock,
          }),
        );
      expect(await messageOf(attestationSign())).toMatch(/encrypted under kek:/);

      const started = await as(cora).ceremonies.start({
        operation: "escrow-recover",
        keyId,
        reason: "KEK lost in the move",
      });
      expect(started).toMatchObject({ requiredApprovals: 2, custodianCount: 3, approvalCount: 1 });
      const texts = (indices: number[]) => indices.map((index) => shares[index - 1]?.text ?? "");

      expect(await messageOf(as(kit).ceremonies.approve({ id: started.id }))).toMatch(
        /upload the share files/,
      );
      expect(await messageOf(as(kit).ceremonies.approve({ id: started.id, shares: texts([3]) }))).toBe(
        "2 shares are needed to rebuild the key; only 1 was given",
      );
      const tampered = JSON.parse(shares[1]?.text ?? "{}");
      const bytes = Buffer.from(tampered.share, "base64");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      tampered.share = bytes.toString("base64");
      expect(
        await messageOf(
          as(kit).ceremonies.approve({
            id: started.id,
            shares: [texts([1])[0] ?? "", JSON.stringify(tampered)],
          }),
        ),
      ).toBe("share 2 (number 2) is not the share that was issued: it was altered or mixed up");
      expect(await messageOf(as(kit).ceremonies.approve({ id: started.id, shares: texts([3, 3]) }))).toBe(
        "share number 3 is given twice",
      );
      expect(
        await messageOf(as(kit).ceremonies.approve({ id: started.id, shares: ["hello", "world"] })),
      ).toBe("share 1 is not an escrow share file (portal-escrow-share/v1)");
      // refusals left the ceremony waiting, with the initiator's approval only
      expect(await as(kit).ceremonies.get({ id: started.id })).toMatchObject({
        status: "pending",
        approvalCount: 1,
      });

      const done = await as(kit).ceremonies.approve({ id: started.id, shares: texts([1, 3]) });
      expect(done.status).toBe("executed");
      expect(done.result).toMatchObject({ keyId, sharesUsed: [1, 3], kekId: replaced.backend.kekId });
      const signed = await attestationSign();
      expect(signed.keyId).toBe(keyId);
      expect((await verifyEnvelopeWithRegistry(db.prisma, signed.envelope, { clock })).ok).toBe(true);
      expect(
        await db.prisma.auditEvent.count({ where: { action: "signing.escrow_recovered", subjectId: keyId } }),
      ).toBe(1);
    } finally {
      replaced.restore();
    }
  });

  it("the database refuses a changed backend ref outside a declared recovery", async () => {
    await expect(
      db.prisma.signingKey.update({ where: { keyId }, data: { backendRef: "{}" } }),
    ).rejects.toThrow(/identity of a signing key cannot change/);
  });
});
