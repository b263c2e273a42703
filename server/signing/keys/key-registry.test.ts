// The key registry against a real database: creation, rotation with attestation continuity, revocation,
// signing through the purpose's active key with its audit trail, and the database's own guarantees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { manualClock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { IN_TOTO_PAYLOAD_TYPE, parseStatement } from "../in-toto";
import { signWithPurpose } from "../sign-with-purpose";
import { SigningFailure, transactionWithSigningAudit } from "../signing-failure";
import { verifyEnvelopeWithRegistry } from "../verify-with-registry";
import { createSigningKey } from "./create-signing-key";
import { KEY_ACTIVATION_PREDICATE, KEY_ROTATION_PREDICATE } from "./key-statements";
import { revokeSigningKey } from "./revoke-signing-key";
import { rotateSigningKey } from "./rotate-signing-key";

let db: TestDatabase;
let restore: () => void;
const clock = manualClock("2026-03-01T09:00:00.000Z");
const officer = { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] };
const releaseBot = { id: null, name: "release-service", roles: [] };
const hour = 3_600_000;

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
});
afterAll(async () => {
  restore();
  await db.close();
});

async function sign(purpose: "release" | "attestation", text: string) {
  return db.prisma.$transaction((tx) =>
    signWithPurpose(tx, {
      purpose,
      payloadType: "application/vnd.portal.test+json",
      payload: Buffer.from(text),
      subjectDigest: `sha256:${"1".repeat(64)}`,
      requester: releaseBot,
      clock,
    }),
  );
}

const verify = (envelope: unknown, purpose?: "release" | "attestation") =>
  verifyEnvelopeWithRegistry(db.prisma, envelope, { purpose, clock });

describe("creating a key", () => {
  it("registers an active key whose activation statement it signed itself, audited", async () => {
    const key = await db.prisma.$transaction((tx) =>
      createSigningKey(tx, { purpose: "release", backend: "software", actor: officer, clock }),
    );
    expect(key).toMatchObject({
      purpose: "release",
      backend: "software",
      status: "active",
      label: "release-2026-03-01",
      activatedAt: clock.now(),
      retiredAt: null,
      createdByName: "Sam Security",
    });
    expect(key.keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(key).not.toHaveProperty("backendRef");

    const records = await db.prisma.signatureRecord.findMany({ where: { keyId: key.keyId } });
    expect(records).toHaveLength(1);
    const statement = parseStatement(
      Buffer.from((records[0]?.envelope as { payload: string } | undefined)?.payload ?? "", "base64"),
    );
    expect(statement?.predicateType).toBe(KEY_ACTIVATION_PREDICATE);
    expect(statement?.subject[0]?.name).toBe(key.keyId);
    expect((await verify(records[0]?.envelope)).ok).toBe(true);

    const events = await db.prisma.auditEvent.findMany({
      where: { subjectId: key.keyId },
      orderBy: { seq: "asc" },
    });
    expect(events.map((event) => event.action)).toEqual(["signing.key_created", "signing.signed"]);
    expect(events[1]?.payload).toMatchObject({ keyId: key.keyId, backend: "software", outcome: "signed" });
  });

  it("keeps the private key encrypted in the database", async () => {
    const row = await db.prisma.signingKey.findFirstOrThrow({
      where: { purpose: "release" },
      select: { backendRef: true },
    });
    const ref = JSON.parse(row.backendRef);
    expect(Object.keys(ref).sort()).toEqual(["ciphertext", "iv", "kek", "keyId", "store", "tag", "v"]);
    expect(row.backendRef).not.toMatch(/PRIVATE KEY|MIG/);
  });

  it("refuses a second active key for the purpose (rotate instead), and bad input", async () => {
    const attempt = db.prisma.$transaction((tx) =>
      createSigningKey(tx, { purpose: "release", backend: "software", actor: officer, clock }),
    );
    await expect(attempt).rejects.toThrow(/already has an active key .*: rotate it instead/);
    await expect(
      db.prisma.$transaction((tx) =>
        createSigningKey(tx, { purpose: "payroll" as "release", backend: "software", actor: officer, clock }),
      ),
    ).rejects.toThrow(/Unknown purpose/);
    await expect(
      db.prisma.$transaction((tx) =>
        createSigningKey(tx, { purpose: "mirror", backend: "pkcs11", actor: officer, clock }),
      ),
    ).rejects.toThrow(/^pkcs11: set PKCS11_MODULE and PKCS11_TOKEN_LABEL$/);
    expect(await db.prisma.signingKey.count({ where: { purpose: "mirror" } })).toBe(0);
  });
});

describe("signing with a purpose", () => {
  it("signs with the active key, records the signing time and audits the request", async () => {
    clock.advance(hour);
    const result = await sign("release", "first release");
    const active = await db.prisma.signingKey.findFirstOrThrow({
      where: { purpose: "release", status: "active" },
    });
    expect(result.keyId).toBe(active.keyId);
    expect(result.signedAt).toEqual(clock.now());
    expect(result.envelope.signatures[0]?.keyid).toBe(active.keyId);
    const report = await verify(result.envelope, "release");
    expect(report).toMatchObject({ ok: true, flagged: false });
    expect(report.signatures[0]).toMatchObject({ signedAt: clock.now(), signedAtSource: "record" });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({
      where: { action: "signing.signed" },
      orderBy: { seq: "desc" },
    });
    expect(audit.actorName).toBe("release-service");
    expect(audit.payload).toMatchObject({
      purpose: "release",
      keyId: active.keyId,
      payloadType: "application/vnd.portal.test+json",
      subjectDigest: `sha256:${"1".repeat(64)}`,
    });
  });

  it("signs in the caller's transaction: when the caller's action fails, nothing is recorded", async () => {
    const before = await db.prisma.signatureRecord.count();
    const events = await db.prisma.auditEvent.count();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await signWithPurpose(tx, {
          purpose: "release",
          payloadType: "text/plain",
          payload: Buffer.from("x"),
          requester: releaseBot,
          clock,
        });
        throw new Error("the promotion failed after signing");
      }),
    ).rejects.toThrow(/promotion failed/);
    expect(await db.prisma.signatureRecord.count()).toBe(before);
    expect(await db.prisma.auditEvent.count()).toBe(events);
  });

  it("refuses a purpose without an active key, and audits the failed request", async () => {
    const attempt = transactionWithSigningAudit(db.prisma, (tx) =>
      signWithPurpose(tx, {
        purpose: "attestation",
        payloadType: "text/plain",
        payload: Buffer.from("x"),
        requester: releaseBot,
        clock,
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(SigningFailure);
    await expect(attempt).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const failed = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "signing.failed" } });
    expect(failed.payload).toMatchObject({ outcome: "no_active_key", purpose: "attestation" });
  });
});

describe("rotation", () => {
  it("retires the old key, activates the new one, both endorse the rotation, and the old key still verifies its past", async () => {
    const past = await sign("release", "signed before the rotation");
    clock.advance(hour);
    const { previous, current } = await db.prisma.$transaction((tx) =>
      rotateSigningKey(tx, { purpose: "release", reason: "yearly rotation", actor: officer, clock }),
    );
    expect(previous).toMatchObject({ keyId: past.keyId, status: "retired", retiredAt: clock.now() });
    expect(current).toMatchObject({ status: "active", activatedAt: clock.now(), previousKeyId: past.keyId });

    const rotation = await db.prisma.signatureRecord.findFirstOrThrow({
      where: { keyId: current.keyId, payloadType: IN_TOTO_PAYLOAD_TYPE },
    });
    const statement = parseStatement(
      Buffer.from((rotation.envelope as { payload: string }).payload, "base64"),
    );
    expect(statement?.predicateType).toBe(KEY_ROTATION_PREDICATE);
    const both = await verifyEnvelopeWithRegistry(db.prisma, rotation.envelope, { clock, threshold: 2 });
    expect(both).toMatchObject({ ok: true, validSignatures: 2 });

    clock.advance(hour);
    // attestation continuity: what the retired key signed while active still verifies, flagged as a retired key
    const old = await verify(past.envelope, "release");
    expect(old).toMatchObject({ ok: true });
    expect(old.signatures[0]?.flags).toEqual(["retired_key"]);
    // new signatures come from the new key
    const fresh = await sign("release", "after the rotation");
    expect(fresh.keyId).toBe(current.keyId);
  });

  it("refuses a signature by the retired key that it made after its retirement (no record of an earlier time)", async () => {
    const retired = await db.prisma.signingKey.findFirstOrThrow({
      where: { purpose: "release", status: "retired" },
    });
    // someone holding the old private key signs now, outside the portal: no signature record exists for it
    const { backendFor } = await import("../backends");
    const ref = await db.prisma.signingKey.findUniqueOrThrow({
      where: { id: retired.id },
      select: { backendRef: true },
    });
    const signer = await backendFor("software").openSigner(ref.backendRef);
    const { signEnvelope } = await import("../dsse");
    const late = await signEnvelope("text/plain", Buffer.from("backdated"), [signer]);
    const report = await verify(late, "release");
    expect(report.ok).toBe(false);
    expect(report.signatures[0]).toMatchObject({ status: "outside_validity" });
    expect(report.reason).toMatch(/retired at .*nothing shows this signature was made while it was active/);
  });

  it("needs an active key to rotate", async () => {
    await expect(
      db.prisma.$transaction((tx) =>
        rotateSigningKey(tx, { purpose: "mirror", reason: "routine", actor: officer, clock }),
      ),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/no active key to rotate/),
    });
  });
});

describe("revocation", () => {
  it("fails signatures made after the revocation time and flags earlier ones", async () => {
    clock.advance(hour);
    const earlier = await sign("release", "before the compromise was noticed");
    clock.advance(hour);
    const compromisedSince = clock.now();
    clock.advance(hour);
    const afterCompromise = await sign("release", "made by the thief through the portal?");
    clock.advance(hour);
    const active = await db.prisma.signingKey.findFirstOrThrow({
      where: { purpose: "release", status: "active" },
    });
    const revoked = await db.prisma.$transaction((tx) =>
      revokeSigningKey(tx, {
        keyId: active.keyId,
        reason: "key material found on a build agent",
        effectiveAt: compromisedSince,
        actor: officer,
        clock,
      }),
    );
    expect(revoked).toMatchObject({
      status: "revoked",
      revokedAt: compromisedSince,
      revokedByName: "Sam Security",
    });

    const before = await verify(earlier.envelope, "release");
    expect(before).toMatchObject({ ok: true, flagged: true });
    expect(before.signatures[0]?.flags).toEqual(["signed_before_revocation"]);
    const after = await verify(afterCompromise.envelope, "release");
    expect(after.ok).toBe(false);
    expect(after.signatures[0]).toMatchObject({ status: "revoked_key" });
    expect(after.reason).toMatch(/after the key was revoked .*key material found on a build agent/);

    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "signing.key_revoked" } });
    expect(audit.payload).toMatchObject({ previousStatus: "active", signaturesBefore: 3 });
    // the purpose has no active key now: signing is refused, not done with the revoked key
    await expect(sign("release", "anything")).rejects.toThrow(/no active release signing key/);
  });

  it("refuses revoking twice, unknown keys, and a time in the future", async () => {
    const revoked = await db.prisma.signingKey.findFirstOrThrow({ where: { status: "revoked" } });
    const revoke = (keyId: string, effectiveAt?: Date) =>
      db.prisma.$transaction((tx) =>
        revokeSigningKey(tx, { keyId, reason: "testing it", effectiveAt, actor: officer, clock }),
      );
    await expect(revoke(revoked.keyId)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(revoke(`sha256:${"0".repeat(64)}`)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const retired = await db.prisma.signingKey.findFirstOrThrow({ where: { status: "retired" } });
    await expect(revoke(retired.keyId, new Date(clock.now().getTime() + hour))).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(revoke("sha256:nope")).rejects.toThrow(/A key id is sha256:/);
  });

  it("lets a new key be created for the purpose afterwards", async () => {
    const fresh = await db.prisma.$transaction((tx) =>
      createSigningKey(tx, {
        purpose: "release",
        backend: "software",
        label: "release-after-incident",
        actor: officer,
        clock,
      }),
    );
    expect(fresh.status).toBe("active");
    expect((await sign("release", "signed again")).keyId).toBe(fresh.keyId);
  });
});

describe("concurrent key operations", () => {
  it("two creations for the same purpose at the same moment: exactly one key becomes active", async () => {
    const create = () =>
      db.prisma.$transaction((tx) =>
        createSigningKey(tx, { purpose: "mirror", backend: "software", actor: officer, clock }),
      );
    const results = await Promise.allSettled([create(), create(), create()]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((result) => result.status === "rejected")) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    }
    expect(await db.prisma.signingKey.count({ where: { purpose: "mirror" } })).toBe(1);
  });

  it("signing while the key rotates uses one key or the other, and both signatures verify", async () => {
    const [signed, rotated] = await Promise.all([
      sign("release", "racing the rotation"),
      db.prisma.$transaction((tx) =>
        rotateSigningKey(tx, { purpose: "release", reason: "race test", actor: officer, clock }),
      ),
    ]);
    expect([rotated.previous.keyId, rotated.current.keyId]).toContain(signed.keyId);
    expect((await verify(signed.envelope, "release")).ok).toBe(true);
  });
});

describe("what the database guarantees by itself", () => {
  it("allows at most one active key per purpose", async () => {
    const active = await db.prisma.signingKey.findFirstOrThrow({
      where: { purpose: "release", status: "active" },
      select: { keyId: true, publicKeyPem: true },
    });
    await expect(
      db.prisma.signingKey.create({
        data: {
          keyId: `sha256:${"f".repeat(64)}`,
          purpose: "release",
          backend: "software",
          label: "sneaky",
          algorithm: "ecdsa-p256-sha256",
          publicKeyPem: active.publicKeyPem,
          backendRef: "{}",
          status: "active",
          createdAt: clock.now(),
          activatedAt: clock.now(),
          createdByName: "sql",
        },
      }),
    ).rejects.toThrow(/Unique constraint|signing_keys_one_active_per_purpose/);
  });

  it("never deletes keys, never un-revokes them, and keeps signature records append-only", async () => {
    const revoked = await db.prisma.signingKey.findFirstOrThrow({ where: { status: "revoked" } });
    await expect(db.prisma.signingKey.delete({ where: { id: revoked.id } })).rejects.toThrow(/never deleted/);
    await expect(
      db.prisma.signingKey.update({
        where: { id: revoked.id },
        data: { status: "active", revokedAt: null, revocationReason: null },
      }),
    ).rejects.toThrow(/stays revoked/);
    await expect(
      db.prisma.signingKey.update({ where: { id: revoked.id }, data: { publicKeyPem: "x" } }),
    ).rejects.toThrow(/identity of a signing key cannot change/);
    const record = await db.prisma.signatureRecord.findFirstOrThrow();
    await expect(
      db.prisma.signatureRecord.update({ where: { id: record.id }, data: { signedAt: new Date(0) } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.prisma.signatureRecord.delete({ where: { id: record.id } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.prisma.$executeRawUnsafe(`UPDATE signing_keys SET status = 'dormant'`)).rejects.toThrow(
      /status_known|check/i,
    );
  });
});
