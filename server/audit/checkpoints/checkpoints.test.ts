// Audit checkpoints against a real database: the tree is indexed from the log and recomputes from an export alone,
// checkpoints are signed notes any Rekor/Go tooling reads, proofs come from O(log n) rows and verify, the scheduler
// signs only when something changed, a broken chain is never signed over, and the database keeps it all as written.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { installTestSoftwareBackend } from "@/test/signing";
import { manualClock } from "../../lib/clock";
import { DomainError } from "../../lib/domain-error";
import { leafHash, merkleRoot, verifyConsistency, verifyInclusion } from "../../lib/merkle";
import { noteKeyFromPublicKey } from "../../lib/signed-note";
import { verifyCheckpoint } from "../../lib/tlog-checkpoint";
import { createSigningKey } from "../../signing/keys/create-signing-key";
import { SigningFailure } from "../../signing/signing-failure";
import { appendAudit } from "../append-audit";
import { canonicalEvent } from "../hash";
import { hashedFieldsOf } from "../stored-event";
import { findAuditCheckpoints } from "./find-audit-checkpoints";
import { getConsistencyProof, getInclusionProof } from "./get-proofs";
import { indexAuditTree, indexedTreeSize } from "./index-audit-tree";
import { runScheduledCheckpoint } from "./schedule-checkpoints";
import { signAuditCheckpoint } from "./sign-audit-checkpoint";

let db: TestDatabase;
let restore: () => void;
let publicKeyPem: string;
const clock = manualClock("2026-11-30T08:00:00.000Z");
const ORIGIN = "portal.test/audit-log";
const auditor = { id: crypto.randomUUID(), name: "Ada Auditor", roles: ["AUDITOR"] };

async function append(count: number) {
  for (let i = 0; i < count; i += 1) {
    clock.advance(1_000);
    await db.prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: { type: "auth.sign_out" },
        actor: { id: `user-${i}`, name: `User ${i}`, roles: ["AUDITOR"] },
        subject: { type: "session", id: `s${i}` },
        clock,
      }),
    );
  }
}

const sign = (trigger: "manual" | "scheduled" = "manual") =>
  signAuditCheckpoint(db.prisma, { origin: ORIGIN, trigger, actor: auditor, clock });

/** The tree an auditor rebuilds from an export: each event's canonical JSON -> SHA-256 -> RFC 6962 leaf. */
async function exportedLeaves(upTo: number) {
  const rows = await db.prisma.auditEvent.findMany({
    where: { seq: { lte: BigInt(upTo) } },
    orderBy: { seq: "asc" },
  });
  return rows.map((row) =>
    leafHash(
      createHash("sha256")
        .update(canonicalEvent(hashedFieldsOf(row)))
        .digest(),
    ),
  );
}

function noteKey() {
  const made = noteKeyFromPublicKey(ORIGIN, publicKeyPem);
  if (!made.ok) throw new Error(made.reason);
  return made.key;
}

beforeAll(async () => {
  db = await createTestDatabase();
  restore = installTestSoftwareBackend().restore;
});
afterAll(async () => {
  restore();
  await db.close();
});

describe("signing checkpoints", () => {
  it("refuses an empty log, then a log without an active audit-checkpoint key (audited)", async () => {
    await expect(sign()).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: /empty/ });
    await append(3);
    const refused = await sign().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SigningFailure);
    expect(await db.prisma.auditCheckpoint.count()).toBe(0);
    expect(await runScheduledCheckpoint(db.prisma, { origin: ORIGIN, clock })).toMatchObject({
      signed: false,
      reason: "no active audit-checkpoint key",
    });
  });

  it("signs the root of every event so far as a tlog checkpoint that verifies offline", async () => {
    const key = await db.prisma.$transaction((tx) =>
      createSigningKey(tx, { purpose: "audit-checkpoint", backend: "software", actor: auditor, clock }),
    );
    publicKeyPem = key.publicKeyPem;
    await append(17);
    const headBefore = await db.prisma.auditEvent.count();
    const { created, checkpoint } = await sign();
    expect(created).toBe(true);
    // every event that existed when it was asked for; its own two events come after
    const size = checkpoint.treeSize;
    expect(size).toBe(headBefore);
    expect(checkpoint.auditSeq).toBe(size + 2);

    const verified = verifyCheckpoint(checkpoint.signedNote, [noteKey()], { origin: ORIGIN });
    expect(verified.ok).toBe(true);
    expect(verified.checkpoint?.treeSize).toBe(size);
    expect(verified.timestamp?.toISOString()).toBe(clock.now().toISOString());
    // the root recomputes from the exported events alone
    expect(verified.checkpoint?.rootHash).toEqual(merkleRoot(await exportedLeaves(size)));
    expect(checkpoint.rootHash).toBe(merkleRoot(await exportedLeaves(size)).toString("hex"));

    const event = await db.prisma.auditEvent.findUniqueOrThrow({
      where: { seq: BigInt(checkpoint.auditSeq) },
    });
    expect(event.payload).toMatchObject({
      type: "audit.checkpoint_signed",
      treeSize: size,
      trigger: "manual",
    });
    expect(event.actorName).toBe("Ada Auditor");
  });

  it("stores each perfect subtree once: n - popcount(n) nodes for n indexed events", async () => {
    const size = await indexedTreeSize(db.prisma);
    const popcount = size.toString(2).replaceAll("0", "").length;
    expect(await db.prisma.auditTreeNode.count()).toBe(size - popcount);
  });

  it("lists checkpoints with the registry's verdict and how much of the log they cover", async () => {
    const page = await findAuditCheckpoints(db.prisma, {}, clock);
    expect(page.checkpoints).toHaveLength(1);
    expect(page.checkpoints[0]).toMatchObject({ verified: true, flagged: false, origin: ORIGIN });
    expect(page.logSize).toBeGreaterThan(page.latestTreeSize ?? 0);
  });
});

describe("proofs", () => {
  it("proves every event against the checkpoint from O(log n) rows", async () => {
    const [latest] = (await findAuditCheckpoints(db.prisma, {}, clock)).checkpoints;
    if (!latest) throw new Error("no checkpoint");
    for (let seq = 1; seq <= latest.treeSize; seq += 1) {
      const proof = await getInclusionProof(db.prisma, { seq }, clock);
      expect(proof.serverCheck.ok).toBe(true);
      expect(proof.rowsRead).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(latest.treeSize)) + 1);
      // independently: the event's canonical JSON hashes to the leaf the proof leads from
      const eventHash = createHash("sha256").update(proof.canonicalEvent).digest();
      expect(eventHash.toString("hex")).toBe(proof.eventHash);
      expect(
        verifyInclusion({
          leafIndex: seq - 1,
          treeSize: latest.treeSize,
          leafHash: leafHash(eventHash),
          proof: proof.hashes.map((hash) => Buffer.from(hash, "hex")),
          root: Buffer.from(latest.rootHash, "hex"),
        }),
      ).toEqual({ ok: true });
    }
  });

  it("proves an earlier checkpoint consistent with a later one", async () => {
    await append(9);
    const first = (await findAuditCheckpoints(db.prisma, {}, clock)).checkpoints[0];
    const { checkpoint: second } = await sign();
    if (!first) throw new Error("no checkpoint");
    const proof = await getConsistencyProof(
      db.prisma,
      { size1: first.treeSize, size2: second.treeSize },
      clock,
    );
    expect(proof.serverCheck).toMatchObject({ ok: true, reason: /only grew/ });
    expect(
      verifyConsistency({
        size1: first.treeSize,
        size2: second.treeSize,
        proof: proof.hashes.map((hash) => Buffer.from(hash, "hex")),
        root1: Buffer.from(first.rootHash, "hex"),
        root2: Buffer.from(second.rootHash, "hex"),
      }),
    ).toEqual({ ok: true });
    const inclusion = await getInclusionProof(db.prisma, { seq: 2, treeSize: first.treeSize }, clock);
    expect(inclusion.checkpoint.treeSize).toBe(first.treeSize);
  });

  it("answers events no checkpoint covers, unknown checkpoints and impossible requests clearly", async () => {
    const head = Number((await db.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).seq);
    await expect(getInclusionProof(db.prisma, { seq: head }, clock)).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: /newer than the latest checkpoint/,
    });
    await expect(getInclusionProof(db.prisma, { seq: head + 100 }, clock)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(getInclusionProof(db.prisma, { seq: 1, treeSize: 3 }, clock)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const [latest] = (await findAuditCheckpoints(db.prisma, {}, clock)).checkpoints;
    await expect(
      getConsistencyProof(db.prisma, { size1: latest?.treeSize ?? 0, size2: 2 }, clock),
    ).rejects.toThrow(/must not be larger/);
    await expect(getInclusionProof(db.prisma, { seq: 0 }, clock)).rejects.toThrow();
  });
});

describe("the scheduler", () => {
  it("signs nothing when only the last checkpoint's own events came after it, and signs once something happened", async () => {
    const count = await db.prisma.auditCheckpoint.count();
    expect(await runScheduledCheckpoint(db.prisma, { origin: ORIGIN, clock })).toMatchObject({
      signed: false,
      reason: /nothing changed/,
    });
    expect(await db.prisma.auditCheckpoint.count()).toBe(count);
    await append(1);
    clock.advance(3_600_000);
    expect(await runScheduledCheckpoint(db.prisma, { origin: ORIGIN, clock })).toMatchObject({
      signed: true,
    });
    expect(await runScheduledCheckpoint(db.prisma, { origin: ORIGIN, clock })).toMatchObject({
      signed: false,
    });
    const latest = await db.prisma.auditCheckpoint.findFirstOrThrow({ orderBy: { treeSize: "desc" } });
    expect(latest.trigger).toBe("scheduled");
    expect(latest.requestedByName).toBe("system");
  });

  it("signs one checkpoint when several instances ask at once", async () => {
    await append(2);
    const before = await db.prisma.auditCheckpoint.count();
    const results = await Promise.all([sign("scheduled"), sign("scheduled"), sign("scheduled")]);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await db.prisma.auditCheckpoint.count()).toBe(before + 1);
  });
});

describe("what the database guarantees", () => {
  it("rejects changing or removing tree nodes and checkpoints, and moving the index back", async () => {
    for (const sql of [
      "UPDATE audit_tree_nodes SET hash = hash WHERE level = 1 AND index = 0",
      "DELETE FROM audit_tree_nodes WHERE level = 1 AND index = 0",
      "TRUNCATE audit_tree_nodes",
      "UPDATE audit_checkpoints SET root_hash = repeat('0', 64)",
      "DELETE FROM audit_checkpoints",
      "UPDATE audit_tree_index SET size = 1",
      "DELETE FROM audit_tree_index",
    ]) {
      await expect(db.prisma.$executeRawUnsafe(sql), sql).rejects.toThrow();
    }
  });

  it("never signs over an edited event: indexing stops at it and names it", async () => {
    await append(2);
    const head = Number((await db.prisma.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } })).seq);
    await db.prisma.$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER USER");
    try {
      await db.prisma.$executeRawUnsafe(
        `UPDATE audit_events SET actor_name = 'Mallory' WHERE seq = ${head - 1}`,
      );
    } finally {
      await db.prisma.$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER USER");
    }
    const error = await indexAuditTree(db.prisma, { clock }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toMatch(new RegExp(`broken at event #${head - 1}.*changed after`));
    const checkpoints = await db.prisma.auditCheckpoint.count();
    await expect(sign()).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await db.prisma.auditCheckpoint.count()).toBe(checkpoints);
  });
});
