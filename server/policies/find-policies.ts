// What /policies and the release page read: the packs with their versions (documents included, for the diff), the
// VEX exceptions, and a release's latest gate evaluation per environment.
import type { PortalTx } from "../db/connection";
import type { GateEvaluation } from "../gates/evaluate-gates";
import { describeScope } from "./vex-exception-row";

export async function findPacks(db: PortalTx) {
  const [packs, active] = await Promise.all([
    db.policyPack.findMany({
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        createdAt: true,
        createdByName: true,
        versions: {
          orderBy: { version: "desc" },
          select: {
            id: true,
            version: true,
            document: true,
            documentSha256: true,
            comment: true,
            source: true,
            importedKeyId: true,
            createdAt: true,
            createdByName: true,
          },
        },
      },
    }),
    db.activePolicyPack.findUnique({ where: { slot: "portal" } }),
  ]);
  return packs.map((pack) => ({
    ...pack,
    active: active?.packId === pack.id,
    activatedAt: active?.packId === pack.id ? active.activatedAt : null,
    activatedByName: active?.packId === pack.id ? active.activatedByName : null,
  }));
}

export async function findVexExceptions(db: PortalTx, options: { now: Date }) {
  const rows = await db.vexException.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 500,
    select: {
      id: true,
      vulnerability: true,
      status: true,
      justification: true,
      impactStatement: true,
      scopeKind: true,
      product: true,
      versions: true,
      releaseId: true,
      expiresAt: true,
      source: true,
      keyId: true,
      documentSha256: true,
      createdAt: true,
      createdByName: true,
      revokedAt: true,
      revokedByName: true,
      revokeReason: true,
    },
  });
  const releaseIds = [...new Set(rows.flatMap((row) => (row.releaseId ? [row.releaseId] : [])))];
  const releases = await db.release.findMany({
    where: { id: { in: releaseIds } },
    select: { id: true, product: true, version: true },
  });
  return rows.map((row) => {
    const release = releases.find((candidate) => candidate.id === row.releaseId);
    const state = row.revokedAt
      ? ("revoked" as const)
      : row.expiresAt && row.expiresAt <= options.now
        ? ("expired" as const)
        : ("active" as const);
    return {
      ...row,
      state,
      scope: describeScope(row, release ? `${release.product} ${release.version}` : undefined),
    };
  });
}

/** A stored result is the evaluator's only when it ran (no pack in force, or unreadable inputs: a summary only). */
function isEvaluation(value: unknown): value is GateEvaluation {
  return typeof value === "object" && value !== null && Array.isArray((value as { gates?: unknown }).gates);
}

/** The latest evaluation of each environment, newest first, with the evaluator's result. */
export async function findReleaseGates(db: PortalTx, releaseId: string) {
  const rows = await db.gateEvaluation.findMany({
    where: { releaseId },
    orderBy: { seq: "desc" },
    take: 60,
  });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.environment)) latest.set(row.environment, row);
  const summaryOf = (row: (typeof rows)[number]) => ({
    id: row.id,
    environment: row.environment,
    trigger: row.trigger,
    verdict: row.verdict,
    summary: row.summary,
    evaluatedAt: row.evaluatedAt,
    actorName: row.actorName,
  });
  return {
    latest: [...latest.values()].map((row) => ({
      ...summaryOf(row),
      inputsDigest: row.inputsDigest,
      result: isEvaluation(row.result) ? row.result : null,
    })),
    history: rows.map(summaryOf),
  };
}
