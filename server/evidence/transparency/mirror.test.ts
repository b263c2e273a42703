// The transparency-log mirror against a real database and a fake Rekor-style log on 127.0.0.1: checkpoints come in
// only with a trusted key and the right origin, grow only with a verified consistency proof, and a log that shows
// two histories raises the alarm (audit event, open alarm, HMAC-signed webhook) with both checkpoints kept. Entries
// verify against the held checkpoint offline, including the real Rekor entry of sigstore@3.1.0.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { type FakeHttpServer, startFakeHttpServer } from "@/test/fakes/fake-http-server";
import { FakeTransparencyLog, newFakeLogKey, serveFakeLog } from "@/test/fakes/fake-transparency-log";
import { manualClock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from "../../lib/webhook-sender";
import { addLog } from "./add-log";
import { acknowledgeAlarm, findOpenAlarms } from "./alarms";
import { findLogs, getLog } from "./find-mirror";
import { checkEntries, importEntries } from "./import-entries";
import { importUploadedCheckpoint } from "./import-uploaded-checkpoint";
import { addLogKey, removeLogKey } from "./manage-log-keys";
import type { MirrorContext } from "./mirror-context";
import { syncAllLogs } from "./schedule-sync";
import { syncEntry, syncLog } from "./sync-log";
import { createMirrorWebhookSender, type MirrorWebhookEvent } from "./webhook";

const FIXTURES = path.resolve(import.meta.dirname, "../../../test/fixtures/transparency");
const SECRET = "a-webhook-secret-of-some-length";
const clock = manualClock("2026-11-30T12:00:00.000Z");

let db: TestDatabase;
let receiver: FakeHttpServer;
let ctx: MirrorContext;
const officer = { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] };

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await startFakeHttpServer(() => ({ status: 204 }));
  ctx = {
    actor: officer,
    clock,
    webhook: createMirrorWebhookSender({ url: `${receiver.url}/hook`, secret: SECRET }),
  };
});
afterAll(async () => {
  await receiver.close();
  await db.close();
});

const upload = (logId: string, checkpoint: string, consistencyProof?: string) =>
  importUploadedCheckpoint(db.prisma, ctx, { logId, checkpoint, consistencyProof });
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
  );
const lastEvent = () => db.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });

describe("following a log and its keys", () => {
  it("adds a log with a PEM key (named) or a verifier key, and refuses what it cannot use", async () => {
    const log = new FakeTransparencyLog("keys.test - 1", newFakeLogKey("keys.test"));
    expect(await codeOf(addLog(db.prisma, ctx, { name: "K", origin: log.origin, key: log.pem }))).toBe(
      "BAD_REQUEST",
    );
    expect(await codeOf(addLog(db.prisma, ctx, { name: "K", origin: log.origin, key: "not a key" }))).toBe(
      "BAD_REQUEST",
    );
    const { id } = await addLog(db.prisma, ctx, {
      name: "K",
      origin: log.origin,
      key: log.pem,
      keyName: "keys.test",
    });
    expect(await codeOf(addLog(db.prisma, ctx, { name: "Again", origin: log.origin }))).toBe("CONFLICT");
    expect(await codeOf(addLogKey(db.prisma, ctx, { logId: id, key: log.vkey }))).toBe("CONFLICT");
    const ed = newFakeLogKey("witness.test", "ed25519");
    const witness = new FakeTransparencyLog(log.origin, ed);
    await addLogKey(db.prisma, ctx, { logId: id, key: witness.vkey });
    const [summary] = (await findLogs(db.prisma)).filter((entry) => entry.id === id);
    expect(summary?.keys.map((key) => key.algorithm)).toEqual(["ecdsa-p256-sha256", "ed25519"]);
    await removeLogKey(db.prisma, ctx, { keyId: summary?.keys[1]?.id ?? "" });
    expect(await codeOf(removeLogKey(db.prisma, ctx, { keyId: summary?.keys[1]?.id ?? "" }))).toBe(
      "CONFLICT",
    );
    expect(await codeOf(addLogKey(db.prisma, ctx, { logId: id, key: witness.vkey }))).toBe("CONFLICT");
    expect((await lastEvent()).action).toBe("transparency.key_removed");
  });
});

describe("uploaded checkpoints", () => {
  const log = new FakeTransparencyLog("upload.test - 7", newFakeLogKey("upload.test")).append(10);
  let logId: string;

  beforeAll(async () => {
    ({ id: logId } = await addLog(db.prisma, ctx, { name: "Upload", origin: log.origin, key: log.vkey }));
  });

  it("takes the first checkpoint on first use, and the same one again as a duplicate", async () => {
    const first = await upload(logId, log.checkpoint(10));
    expect(first).toMatchObject({ outcome: "first", checkpoint: { treeSize: 10, status: "first" } });
    expect(first.checkpoint.stateTime?.toISOString()).toBe("2026-11-30T12:00:00.000Z");
    expect((await upload(logId, log.checkpoint(10).replaceAll("\n", "\r\n"))).outcome).toBe("duplicate");
    expect((await lastEvent()).payload).toMatchObject({
      type: "transparency.checkpoint_imported",
      status: "first",
    });
  });

  it("takes a larger checkpoint only with a consistency proof that verifies", async () => {
    log.append(7);
    await expect(upload(logId, log.checkpoint(17))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: /consistency proof from size 10 to 17 is needed/,
    });
    await expect(
      upload(logId, log.checkpoint(17), JSON.stringify({ hashes: log.consistency(10, 17).slice(1) })),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: /has \d+ hashes; this one has/,
    });
    await expect(
      upload(
        logId,
        log.checkpoint(17),
        JSON.stringify({ size1: 3, size2: 17, hashes: log.consistency(3, 17) }),
      ),
    ).rejects.toMatchObject({ message: /for sizes 3 -> 17; the mirror needs 10 -> 17/ });
    const grown = await upload(logId, log.checkpoint(17), log.consistency(10, 17).join("\n"));
    expect(grown).toMatchObject({
      outcome: "consistent",
      checkpoint: { treeSize: 17, status: "consistent" },
    });
    const older = await upload(
      logId,
      log.checkpoint(12),
      JSON.stringify({ rootHash: "", hashes: log.consistency(12, 17) }),
    );
    expect(older.outcome).toBe("consistent");
    expect((await getLog(db.prisma, { logId })).latest?.treeSize).toBe(17);
    expect(await db.prisma.transparencyAlarm.count({ where: { logId } })).toBe(0);
  });

  it("refuses checkpoints from unknown keys, other logs, the empty tree and garbage, and audits the refusals", async () => {
    const impostor = new FakeTransparencyLog(log.origin, newFakeLogKey("upload.test")).append(20);
    await expect(upload(logId, impostor.checkpoint(20))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: /no signature from a trusted key/,
    });
    expect((await lastEvent()).payload).toMatchObject({
      type: "transparency.import_refused",
      what: "checkpoint",
    });
    const otherLog = new FakeTransparencyLog("other.test", log.key).append(3);
    await expect(upload(logId, otherLog.checkpoint(3))).rejects.toThrow(
      /is for "other.test", not "upload.test - 7"/,
    );
    await expect(upload(logId, log.checkpoint(0))).rejects.toThrow(/empty tree/);
    await expect(upload(logId, "hello\n")).rejects.toThrow(/malformed note/);
    await expect(upload(logId, log.checkpoint(17), "zz\nyy")).rejects.toThrow(/not a 32-byte hash/);
    expect((await getLog(db.prisma, { logId })).checkpoints).toHaveLength(3);
  });

  it("raises the alarm when the log signs another root at a held size, keeps both, and sends a signed webhook", async () => {
    const fork = log.fork(15).append(2, "forged");
    const before = receiver.requests.length;
    const result = await upload(logId, fork.checkpoint(17));
    expect(result.outcome).toBe("diverged");
    expect(result.alarm).toMatchObject({
      kind: "root_mismatch",
      trusted: { treeSize: 17 },
      conflicting: { treeSize: 17 },
    });
    const detail = await getLog(db.prisma, { logId });
    expect(detail.latest?.rootHash).toBe(log.root(17).toString("hex"));
    expect(
      detail.checkpoints
        .filter((checkpoint) => checkpoint.treeSize === 17)
        .map((c) => c.status)
        .sort(),
    ).toEqual(["consistent", "diverged"]);
    expect((await lastEvent()).payload).toMatchObject({
      type: "transparency.divergence_detected",
      kind: "root_mismatch",
    });

    await ctx.webhook?.flush();
    const hook = receiver.requests.slice(before).find((request) => request.path === "/hook");
    if (!hook) throw new Error("no webhook");
    const body = hook.body.toString("utf8");
    expect(
      verifyWebhookSignature(
        SECRET,
        String(hook.headers[TIMESTAMP_HEADER]),
        body,
        String(hook.headers[SIGNATURE_HEADER]),
      ),
    ).toBe(true);
    expect(JSON.parse(body) as MirrorWebhookEvent).toMatchObject({
      type: "transparency.divergence_detected",
      kind: "root_mismatch",
      log: { origin: log.origin },
      link: expect.stringContaining("/evidence/transparency"),
    });
  });

  it("raises the alarm for a larger checkpoint whose history cannot be proven consistent", async () => {
    const fork = log.fork(14).append(10, "rewritten");
    const result = await upload(logId, fork.checkpoint(24), fork.consistency(17, 24).join("\n"));
    expect(result).toMatchObject({ outcome: "diverged", alarm: { kind: "inconsistent" } });
    expect(result.alarm?.detail).toMatch(
      /could not be proven consistent with the held checkpoint of size 17/,
    );
    expect((await findOpenAlarms(db.prisma)).filter((alarm) => alarm.logId === logId)).toHaveLength(2);
  });

  it("acknowledges an alarm once, with a note; the record stays", async () => {
    const [alarm] = (await findOpenAlarms(db.prisma)).filter((open) => open.logId === logId);
    if (!alarm) throw new Error("no alarm");
    expect(await codeOf(acknowledgeAlarm(db.prisma, ctx, { alarmId: alarm.id, note: "no" }))).not.toBe("OK");
    const done = await acknowledgeAlarm(db.prisma, ctx, {
      alarmId: alarm.id,
      note: "Reported to the log operator",
    });
    expect(done).toMatchObject({
      acknowledgedByName: "Sam Security",
      acknowledgement: "Reported to the log operator",
    });
    expect(await codeOf(acknowledgeAlarm(db.prisma, ctx, { alarmId: alarm.id, note: "again, later" }))).toBe(
      "CONFLICT",
    );
    await expect(
      db.prisma.$executeRawUnsafe(
        `UPDATE transparency_alarms SET detail = 'nothing' WHERE id = '${alarm.id}'`,
      ),
    ).rejects.toThrow();
    await expect(db.prisma.$executeRawUnsafe("DELETE FROM transparency_checkpoints")).rejects.toThrow();
    expect((await findOpenAlarms(db.prisma)).filter((open) => open.logId === logId)).toHaveLength(1);
  });
});

describe("syncing from a log's URL (a fake Rekor on 127.0.0.1)", () => {
  const honest = new FakeTransparencyLog("sync.test - 1", newFakeLogKey("sync.test")).append(5);
  let serving = honest;
  let server: FakeHttpServer;
  let logId: string;

  beforeAll(async () => {
    server = await serveFakeLog(() => serving);
    ({ id: logId } = await addLog(db.prisma, ctx, {
      name: "Sync",
      origin: honest.origin,
      url: server.url,
      key: honest.pem,
      keyName: "sync.test",
    }));
  });
  afterAll(async () => {
    await server.close();
  });

  it("takes the first checkpoint, then each new one with the proof it asks the log for", async () => {
    expect((await syncLog(db.prisma, ctx, { logId })).outcome).toBe("first");
    expect((await syncLog(db.prisma, ctx, { logId })).outcome).toBe("duplicate");
    honest.append(9);
    expect(await syncLog(db.prisma, ctx, { logId })).toMatchObject({
      outcome: "consistent",
      checkpoint: { treeSize: 14 },
    });
    expect(
      server.requests.some(
        (request) => request.path === "/api/v1/log/proof" && request.query.get("firstSize") === "5",
      ),
    ).toBe(true);
    const summary = (await findLogs(db.prisma)).find((log) => log.id === logId);
    expect(summary).toMatchObject({ lastSyncError: null, latest: { treeSize: 14, source: "sync" } });
  });

  it("imports an entry by index with its inclusion proof, verified against the held checkpoint", async () => {
    const [imported] = await syncEntry(db.prisma, ctx, { logId, logIndex: 3 });
    expect(imported).toMatchObject({
      outcome: "imported",
      entry: { leafIndex: 3, treeSize: 14, kind: "hashedrekord" },
    });
    const [again] = await syncEntry(db.prisma, ctx, { logId, logIndex: 3 });
    expect(again?.outcome).toBe("duplicate");
  });

  it("raises the alarm when the log starts serving a rewritten history, and keeps the held checkpoint", async () => {
    serving = honest.fork(6).append(12, "rewritten");
    const result = await syncAllLogs(db.prisma, { clock, webhook: null });
    expect(result.diverged).toBe(1);
    const detail = await getLog(db.prisma, { logId });
    expect(detail.latest?.treeSize).toBe(14);
    expect(detail.alarms[0]).toMatchObject({ kind: "inconsistent", conflicting: { treeSize: 18 } });
  });

  it("records a log that cannot be reached, and tells the caller why", async () => {
    await server.close();
    await expect(syncLog(db.prisma, ctx, { logId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: /sync failed: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/log/,
    });
    const summary = (await findLogs(db.prisma)).find((log) => log.id === logId);
    expect(summary?.lastSyncError).toMatch(/api\/v1\/log/);
    server = await serveFakeLog(() => serving);
  });
});

describe("entries with inclusion proofs", () => {
  it("imports the real sigstore@3.1.0 Rekor entry with its checkpoint, with Rekor's production key", async () => {
    const { id } = await addLog(db.prisma, ctx, {
      name: "Rekor (public good)",
      origin: "rekor.sigstore.dev - 1193050959916656506",
      key: fs.readFileSync(path.join(FIXTURES, "rekor.sigstore.dev.pub.pem"), "utf8"),
      keyName: "rekor.sigstore.dev",
    });
    const bundle = fs.readFileSync(path.join(FIXTURES, "sigstore-3.1.0-tlog-entry.sigstore.json"), "utf8");
    const [imported] = await importEntries(db.prisma, ctx, {
      logId: id,
      entry: bundle,
      source: "upload",
      proofFor: async () => null,
    });
    expect(imported).toMatchObject({
      outcome: "imported",
      entry: { leafIndex: 46_800_500, logIndex: "168704762", treeSize: 46_800_506, kind: "intoto" },
    });
    const detail = await getLog(db.prisma, { logId: id });
    expect(detail.latest).toMatchObject({
      treeSize: 46_800_506,
      source: "entry",
      status: "first",
      keyHash: "c0d23d6a",
    });
    const [report] = await checkEntries(db.prisma, { logId: id, entry: bundle });
    expect(report).toMatchObject({ ok: true });
  });

  it("takes Go's checksum database checkpoint with its Ed25519 verifier key", async () => {
    const vectors = JSON.parse(fs.readFileSync(path.join(FIXTURES, "signed-note-vectors.json"), "utf8")) as {
      ed25519: { vkey: string; note: string }[];
    };
    const go = vectors.ed25519[0];
    if (!go) throw new Error("no vector");
    const { id } = await addLog(db.prisma, ctx, {
      name: "Go checksum database",
      origin: "go.sum database tree",
      key: go.vkey,
    });
    expect(await upload(id, go.note)).toMatchObject({
      outcome: "first",
      checkpoint: { treeSize: 31_700_353, keyHash: "033de0ae" },
    });
  });

  it("refuses an entry whose proof does not reach the held root, and one with no checkpoint to check against", async () => {
    const log = new FakeTransparencyLog("entries.test", newFakeLogKey("entries.test")).append(9);
    const { id } = await addLog(db.prisma, ctx, { name: "Entries", origin: log.origin, key: log.vkey });
    await upload(id, log.checkpoint(9));
    const forged = {
      leafIndex: 2,
      treeSize: 9,
      hashes: log.inclusion(2),
      body: Buffer.from("not entry 2").toString("base64"),
    };
    await expect(
      importEntries(db.prisma, ctx, {
        logId: id,
        entry: JSON.stringify(forged),
        source: "upload",
        proofFor: async () => null,
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: /entry refused: inclusion: the proof does not lead to this root/,
    });
    expect((await lastEvent()).payload).toMatchObject({ type: "transparency.import_refused", what: "entry" });
    const elsewhere = {
      leafIndex: 2,
      treeSize: 8,
      hashes: log.inclusion(2, 8),
      body: log.bodies[2]?.toString("base64"),
    };
    await expect(
      importEntries(db.prisma, ctx, {
        logId: id,
        entry: JSON.stringify(elsewhere),
        source: "upload",
        proofFor: async () => null,
      }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: /no checkpoint of Entries at size 8/ });
    const [report] = await checkEntries(db.prisma, { logId: id, entry: JSON.stringify(elsewhere) });
    expect(report).toMatchObject({
      ok: false,
      verdict: /held checkpoint: the mirror holds no checkpoint of size 8/,
    });
    for (const garbage of ["not json", "{}", JSON.stringify({ leafIndex: 1, treeSize: 9, hashes: ["00"] })]) {
      expect(
        await codeOf(
          importEntries(db.prisma, ctx, {
            logId: id,
            entry: garbage,
            source: "upload",
            proofFor: async () => null,
          }),
        ),
      ).toBe("BAD_REQUEST");
    }
    const good = {
      leafIndex: 4,
      treeSize: 9,
      hashes: log.inclusion(4),
      body: log.bodies[4]?.toString("base64"),
    };
    const [imported] = await importEntries(db.prisma, ctx, {
      logId: id,
      entry: JSON.stringify(good),
      source: "upload",
      proofFor: async () => null,
    });
    expect(imported?.outcome).toBe("imported");
  });
});
