// Policy packs as stored: every save is a new, immutable version of a named pack; one pack is in force, and its
// newest version is what evaluations use. The document kept is the validated one (defaults filled in) with the
// pack's name and the version number the portal assigned, so an exported file says exactly what was enforced.
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalTx } from "../db/connection";
import { documentDigest } from "../gates/input-digests";
import { describeProblems } from "../gates/parse-result";
import type { PolicyPack } from "../gates/policy-pack";
import { validatePack } from "../gates/validate-pack";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";

export type PackContext = { actor: AuditActor & { id: string }; request?: AuditRequestMeta; clock: Clock };

export type StoredPackVersion = {
  id: string;
  packId: string;
  name: string;
  version: number;
  document: PolicyPack;
  documentSha256: string;
};

/** Reads a pack document as the evaluator will, or refuses with every problem and where it is. */
export function readPackDocument(document: unknown): PolicyPack {
  const valid = validatePack(document);
  if (!valid.ok) {
    throw new DomainError(
      "BAD_REQUEST",
      `The policy pack is not valid: ${describeProblems(valid.problems, 5)}`,
      {
        field: "document",
        problems: valid.problems,
      },
    );
  }
  return valid.value;
}

export async function savePackVersion(
  tx: PortalTx,
  context: PackContext,
  options: {
    name: string;
    document: PolicyPack;
    comment: string;
    source: "EDITED" | "IMPORTED";
    imported?: { envelope: object; keyId: string };
  },
): Promise<StoredPackVersion> {
  const pack = await tx.policyPack.upsert({
    where: { name: options.name },
    create: {
      name: options.name,
      createdAt: context.clock.now(),
      createdById: context.actor.id,
      createdByName: context.actor.name,
    },
    update: {},
    select: { id: true },
  });
  // versions of one pack are numbered in order: the row lock makes two saves at once take turns
  await tx.$queryRaw`SELECT 1 FROM "policy_packs" WHERE "id" = ${pack.id}::uuid FOR UPDATE`;
  const latest = await tx.policyPackVersion.findFirst({
    where: { packId: pack.id },
    orderBy: { version: "desc" },
    select: { version: true, documentSha256: true },
  });
  const version = (latest?.version ?? 0) + 1;
  const document: PolicyPack = { ...options.document, name: options.name, version };
  const documentSha256 = documentDigest(document);
  const row = await tx.policyPackVersion.create({
    data: {
      packId: pack.id,
      version,
      document: document as object,
      documentSha256,
      comment: options.comment,
      source: options.source,
      importedEnvelope: options.imported?.envelope,
      importedKeyId: options.imported?.keyId ?? null,
      createdAt: context.clock.now(),
      createdById: context.actor.id,
      createdByName: context.actor.name,
    },
    select: { id: true },
  });
  await appendAudit(tx, {
    payload: {
      type: "policy.pack_version_saved",
      pack: options.name,
      version,
      documentSha256,
      source: options.source,
      comment: options.comment,
      keyId: options.imported?.keyId ?? null,
    },
    actor: context.actor,
    subject: { type: "policy-pack", id: pack.id },
    request: context.request,
    clock: context.clock,
  });
  return { id: row.id, packId: pack.id, name: options.name, version, document, documentSha256 };
}

/** A version of a pack: the one asked for, or its newest. */
export async function loadPackVersion(
  db: PortalTx,
  ref: { name: string; version?: number },
): Promise<StoredPackVersion> {
  const row = await db.policyPackVersion.findFirst({
    where: { pack: { name: ref.name }, ...(ref.version ? { version: ref.version } : {}) },
    orderBy: { version: "desc" },
    select: { id: true, packId: true, version: true, document: true, documentSha256: true },
  });
  if (!row) {
    throw new DomainError(
      "NOT_FOUND",
      ref.version
        ? `Policy pack "${ref.name}" has no version ${ref.version}`
        : `No policy pack "${ref.name}"`,
    );
  }
  return { ...row, name: ref.name, document: readPackDocument(row.document) };
}

/** The newest version of the pack in force, or null when none is. */
export async function loadActivePack(db: PortalTx): Promise<StoredPackVersion | null> {
  const active = await db.activePolicyPack.findUnique({
    where: { slot: "portal" },
    select: { packId: true },
  });
  if (!active) return null;
  const pack = await db.policyPack.findUniqueOrThrow({
    where: { id: active.packId },
    select: { name: true },
  });
  return loadPackVersion(db, { name: pack.name });
}

export async function activatePack(tx: PortalTx, context: PackContext, name: string): Promise<void> {
  const pack = await tx.policyPack.findUnique({ where: { name }, select: { id: true } });
  if (!pack) throw new DomainError("NOT_FOUND", `No policy pack "${name}"`);
  const current = await tx.activePolicyPack.findUnique({
    where: { slot: "portal" },
    select: { packId: true },
  });
  if (current?.packId === pack.id) return;
  const previous = current
    ? await tx.policyPack.findUnique({ where: { id: current.packId }, select: { name: true } })
    : null;
  const data = {
    packId: pack.id,
    activatedAt: context.clock.now(),
    activatedById: context.actor.id,
    activatedByName: context.actor.name,
  };
  await tx.activePolicyPack.upsert({
    where: { slot: "portal" },
    create: { slot: "portal", ...data },
    update: data,
  });
  await appendAudit(tx, {
    payload: { type: "policy.pack_activated", pack: name, previous: previous?.name ?? null },
    actor: context.actor,
    subject: { type: "policy-pack", id: pack.id },
    request: context.request,
    clock: context.clock,
  });
}
