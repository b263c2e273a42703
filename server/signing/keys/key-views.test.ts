// What /keys reads: the key list, the per-purpose overview and rotation history with its live continuity check,
// the trust exports (checked with openssl and with our verifier offline), and the demo seed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { manualClock } from "../../lib/clock";
import { pae, verifyEnvelope } from "../dsse";
import { signWithPurpose } from "../sign-with-purpose";
import { exportPemBundle, exportTrustRoot, TRUST_ROOT_MEDIA_TYPE, trustedKeysOf } from "./export-trust-root";
import { findSigningKeys } from "./find-signing-keys";
import { getPurposeHistory, getPurposeOverview } from "./get-purpose-history";
import { getSigningKey } from "./get-signing-key";
import { revokeSigningKey } from "./revoke-signing-key";
import { rotateSigningKey } from "./rotate-signing-key";
import { seedDemoSigningKeys } from "./seed-signing-keys";

let db: TestDatabase;
let restore: () => void;
const clock = manualClock("2026-05-01T10:00:00.000Z");
const officer = { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] };
const hour = 3_600_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "trust-export-"));

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
});
afterAll(async () => {
  restore();
  await db.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const sign = (text: string) =>
  db.prisma.$transaction((tx) =>
    signWithPurpose(tx, {
      purpose: "attestation",
      payloadType: "application/vnd.in-toto+json",
      payload: Buffer.from(text),
      subjectDigest: "sha256:abc",
      requester: { id: null, name: "compliance", roles: [] },
      clock,
    }),
  );

describe("demo seed", () => {
  it("creates one active software key per purpose, once, and not again for a purpose that had keys", async () => {
    expect(await seedDemoSigningKeys(db.prisma, clock)).toEqual({ created: 5 });
    expect(await seedDemoSigningKeys(db.prisma, clock)).toEqual({ created: 0 });
    const overview = await getPurposeOverview(db.prisma);
    expect(overview.map((line) => [line.purpose, line.active?.status, line.active?.backend])).toEqual([
      ["release", "active", "software"],
      ["attestation", "active", "software"],
      ["audit-checkpoint", "active", "software"],
      ["mirror", "active", "software"],
      ["dev", "active", "software"],
    ]);
    const events = await db.prisma.auditEvent.findMany({ where: { action: "signing.key_created" } });
    expect(events.map((event) => event.actorName)).toEqual(Array(5).fill("system"));
  });
});

describe("rotation history", () => {
  it("shows the retired key still verifying what it signed, and the revoked key's earlier signatures flagged", async () => {
    clock.advance(hour);
    await sign("first sign-off");
    clock.advance(hour);
    await db.prisma.$transaction((tx) =>
      rotateSigningKey(tx, { purpose: "attestation", reason: "quarterly rotation", actor: officer, clock }),
    );
    clock.advance(hour);
    await sign("second sign-off");
    clock.advance(hour);
    const history = await getPurposeHistory(db.prisma, { purpose: "attestation" }, clock);
    expect(history.keys.map((key) => key.status)).toEqual(["retired", "active"]);
    const [retired, active] = history.keys;
    // activation statement, first sign-off, rotation statement
    expect(retired).toMatchObject({ signatureCount: 3 });
    expect(retired?.continuity).toMatchObject({ checked: 3, verified: 3, flagged: 3, failed: 0 });
    expect(retired?.continuity.samples[0]?.reason).toMatch(
      /made while the key was active; it was retired at/,
    );
    expect(active?.continuity).toMatchObject({ checked: 2, verified: 2, flagged: 0, failed: 0 });
    expect(active?.continuity.samples.map((sample) => sample.predicateType)).toEqual([
      null,
      "urn:portal:signing:key-rotation:v1",
    ]);

    clock.advance(hour);
    await db.prisma.$transaction((tx) =>
      revokeSigningKey(tx, {
        keyId: active?.keyId ?? "",
        reason: "HSM partition wiped by mistake",
        actor: officer,
        clock,
      }),
    );
    const after = await getPurposeHistory(db.prisma, { purpose: "attestation" }, clock);
    expect(after.keys[1]?.continuity).toMatchObject({ verified: 2, flagged: 2, failed: 0 });
    expect(after.keys[1]?.continuity.samples[0]?.reason).toMatch(/signed before the key was revoked/);
  });
});

describe("key list and detail", () => {
  it("pages newest first and filters by purpose, status, backend and text", async () => {
    const all = await findSigningKeys(db.prisma, { limit: 50 });
    expect(all.keys).toHaveLength(6);
    expect(all.keys[0]?.purpose).toBe("attestation");
    const first = await findSigningKeys(db.prisma, { limit: 4 });
    const second = await findSigningKeys(db.prisma, { limit: 4, after: first.nextCursor ?? undefined });
    expect([...first.keys, ...second.keys].map((key) => key.id)).toEqual(all.keys.map((key) => key.id));
    expect(second.nextCursor).toBeNull();
    expect((await findSigningKeys(db.prisma, { status: "revoked" })).keys).toHaveLength(1);
    expect(
      (await findSigningKeys(db.prisma, { purpose: "attestation", status: "retired" })).keys,
    ).toHaveLength(1);
    expect(
      (await findSigningKeys(db.prisma, { search: "MIRROR-demo" })).keys.map((key) => key.label),
    ).toEqual(["mirror-demo"]);
    const prefix = all.keys[2]?.keyId.slice(0, 20) ?? "";
    expect((await findSigningKeys(db.prisma, { search: prefix })).keys[0]?.keyId).toBe(all.keys[2]?.keyId);
    expect((await findSigningKeys(db.prisma, { backend: "pkcs11" })).keys).toEqual([]);
    await expect(findSigningKeys(db.prisma, { after: "garbage" })).rejects.toThrow(/Not a valid page cursor/);
  });

  it("shows a key with what it signed", async () => {
    const key = (await findSigningKeys(db.prisma, { purpose: "attestation", status: "retired" })).keys[0];
    const detail = await getSigningKey(db.prisma, { keyId: key?.keyId ?? "" });
    expect(detail.recentSignatures.map((record) => record.payloadType)).toEqual([
      "application/vnd.in-toto+json",
      "application/vnd.in-toto+json",
      "application/vnd.in-toto+json",
    ]);
    expect(detail.recentSignatures[1]).toMatchObject({
      subjectDigest: "sha256:abc",
      requesterName: "compliance",
    });
    await expect(getSigningKey(db.prisma, { keyId: `sha256:${"0".repeat(64)}` })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});

describe("trust exports", () => {
  it("the JSON trust root lists every key with its window, and verifies offline like the registry does", async () => {
    const { trustRoot, json, sha256 } = await exportTrustRoot(db.prisma, { clock });
    expect(trustRoot.mediaType).toBe(TRUST_ROOT_MEDIA_TYPE);
    expect(trustRoot.keys).toHaveLength(6);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(json)).toEqual(trustRoot);
    const revoked = trustRoot.keys.find((key) => key.status === "revoked");
    expect(revoked).toMatchObject({
      revocationReason: "HSM partition wiped by mistake",
      purpose: "attestation",
    });
    const retired = trustRoot.keys.find((key) => key.status === "retired");
    expect(retired?.validUntil).not.toBeNull();

    // an offline verifier with only the trust root: the retired key's signature, known to predate its retirement
    const record = await db.prisma.signatureRecord.findFirstOrThrow({
      where: {
        keyId: retired?.keyId,
        payloadType: "application/vnd.in-toto+json",
        subjectDigest: "sha256:abc",
      },
    });
    const keys = trustedKeysOf(JSON.parse(json));
    const offline = verifyEnvelope(record.envelope, keys, {
      clock,
      observedAt: record.signedAt,
      purpose: "attestation",
    });
    expect(offline).toMatchObject({ ok: true });
    expect(offline.signatures[0]?.flags).toEqual(["retired_key"]);
    expect(verifyEnvelope(record.envelope, keys, { clock }).ok).toBe(false);
    expect(() => trustedKeysOf({ mediaType: "something/else", keys: [] })).toThrow();
  });

  it("the PEM bundle holds the active and retired keys (not revoked), which openssl reads", async () => {
    const pem = await exportPemBundle(db.prisma, { clock });
    const blocks = pem.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
    expect(blocks).toHaveLength(5);
    expect(pem).toMatch(/# purpose: attestation, status: retired, valid from .* until /);
    expect(pem).not.toMatch(/status: revoked/);
    // each key in the bundle verifies a DSSE signature it made, with openssl
    const record = await db.prisma.signatureRecord.findFirstOrThrow({ where: { purpose: "release" } });
    const envelope = record.envelope as {
      payloadType: string;
      payload: string;
      signatures: { keyid: string; sig: string }[];
    };
    const block = pem.split("\n\n").find((part) => part.includes(record.keyId)) ?? "";
    fs.writeFileSync(path.join(work, "key.pem"), block);
    fs.writeFileSync(path.join(work, "sig.der"), Buffer.from(envelope.signatures[0]?.sig ?? "", "base64"));
    fs.writeFileSync(
      path.join(work, "pae.bin"),
      pae(envelope.payloadType, Buffer.from(envelope.payload, "base64")),
    );
    const result = spawnSync(
      "openssl",
      ["dgst", "-sha256", "-verify", "key.pem", "-signature", "sig.der", "pae.bin"],
      {
        cwd: work,
      },
    );
    expect(result.stdout.toString().trim()).toBe("Verified OK");
    const onlyMirror = await exportPemBundle(db.prisma, { clock, purpose: "mirror" });
    expect(onlyMirror.match(/BEGIN PUBLIC KEY/g)).toHaveLength(1);
  });
});
