// Signed notes through the signing service: the purpose's active key signs the note text as Rekor does, the
// request is audited and recorded, anyone with the public key verifies it offline, and the registry keeps judging
// it (revocation) like any other signature.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { manualClock } from "../lib/clock";
import { noteKeyFromPublicKey, verifySignedNote } from "../lib/signed-note";
import { createSigningKey } from "./keys/create-signing-key";
import { getPurposeHistory } from "./keys/get-purpose-history";
import { revokeSigningKey } from "./keys/revoke-signing-key";
import { signNoteWithPurpose } from "./sign-note-with-purpose";
import { SigningFailure, transactionWithSigningAudit } from "./signing-failure";
import { verifyNoteWithRegistry } from "./verify-note-with-registry";

let db: TestDatabase;
let restore: () => void;
const clock = manualClock("2026-09-01T09:00:00.000Z");
const officer = { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] };
const scheduler = { id: null, name: "system", roles: [] };
const TEXT = "portal.example/audit\n3\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n";

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
});
afterAll(async () => {
  restore();
  await db.close();
});

const signNote = (text = TEXT) =>
  transactionWithSigningAudit(db.prisma, (tx) =>
    signNoteWithPurpose(tx, {
      purpose: "audit-checkpoint",
      payloadType: "c2sp.org/tlog-checkpoint",
      text,
      keyName: "portal.example/audit",
      requester: scheduler,
      clock,
    }),
  );

describe("signing a note with a purpose's key", () => {
  it("is refused, and audited, while the purpose has no active key", async () => {
    const error = await signNote().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SigningFailure);
    expect((error as SigningFailure).code).toBe("PRECONDITION_FAILED");
    const failed = await db.prisma.auditEvent.findFirst({ where: { action: "signing.failed" } });
    expect(failed?.payload).toMatchObject({ outcome: "no_active_key", purpose: "audit-checkpoint" });
  });

  it("signs the text with Rekor's key hash; the note verifies offline with the public key alone", async () => {
    const key = await db.prisma.$transaction((tx) =>
      createSigningKey(tx, { purpose: "audit-checkpoint", backend: "software", actor: officer, clock }),
    );
    const signed = await signNote();
    expect(signed.keyId).toBe(key.keyId);
    expect(signed.signedNote.startsWith(`${TEXT}\n\u2014 portal.example/audit `)).toBe(true);
    const noteKey = noteKeyFromPublicKey("portal.example/audit", key.publicKeyPem);
    if (!noteKey.ok) throw new Error(noteKey.reason);
    // the key hash on the line is the first 4 bytes of the key id (SHA-256 of the SPKI)
    expect(noteKey.key.keyHash.toString(16).padStart(8, "0")).toBe(key.keyId.slice(7, 15));
    expect(verifySignedNote(signed.signedNote, [noteKey.key])).toMatchObject({ ok: true, text: TEXT });

    const record = await db.prisma.signatureRecord.findFirstOrThrow({
      where: { keyId: key.keyId, payloadType: "c2sp.org/tlog-checkpoint" },
    });
    expect(record.envelope).toEqual({ format: "c2sp.org/signed-note", note: signed.signedNote });
    const audited = await db.prisma.auditEvent.findUniqueOrThrow({ where: { seq: BigInt(signed.auditSeq) } });
    expect(audited.payload).toMatchObject({ type: "signing.signed", purpose: "audit-checkpoint" });
  });

  it("is judged by the registry like any signature: valid, then flagged once its key is revoked", async () => {
    const signed = await signNote();
    const before = await verifyNoteWithRegistry(db.prisma, signed.signedNote, {
      purpose: "audit-checkpoint",
      clock,
    });
    expect(before).toMatchObject({ ok: true, text: TEXT });
    expect(before.signatures[0]).toMatchObject({ status: "ok", signedAtSource: "record" });

    const wrongPurpose = await verifyNoteWithRegistry(db.prisma, signed.signedNote, {
      purpose: "release",
      clock,
    });
    expect(wrongPurpose.ok).toBe(false);

    const tampered = signed.signedNote.replace("\n3\n", "\n4\n");
    expect(await verifyNoteWithRegistry(db.prisma, tampered, { clock })).toMatchObject({
      ok: false,
      reason: /does not verify/,
    });

    clock.advance(3_600_000);
    await db.prisma.$transaction((tx) =>
      revokeSigningKey(tx, {
        keyId: signed.keyId,
        reason: "key compromised in a drill",
        actor: officer,
        clock,
      }),
    );
    const after = await verifyNoteWithRegistry(db.prisma, signed.signedNote, { clock });
    expect(after.ok).toBe(true);
    expect(after.signatures[0]?.flags.length).toBeGreaterThan(0);

    const history = await getPurposeHistory(db.prisma, { purpose: "audit-checkpoint" }, clock);
    const continuity = history.keys[0]?.continuity;
    expect(continuity?.failed).toBe(0);
    expect(continuity?.verified).toBeGreaterThanOrEqual(2);
  });
});
