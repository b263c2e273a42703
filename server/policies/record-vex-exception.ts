// A security officer's VEX exception (created from a finding, or imported as an OpenVEX document): the document is
// read by the gate evaluator's own parser, signed through the Signing service with the attestation key (DSSE,
// payload type application/vnd.openvex+json), and stored with its scope and expiry. The signature, the record and
// the audit event commit together; a refusal writes nothing but its audit event.
import { createHash, randomUUID } from "node:crypto";
import { appendAudit } from "../audit/append-audit";
import type { AuditActor, AuditRequestMeta } from "../audit/events";
import type { PortalPrisma, PortalTx } from "../db/connection";
import { parseOpenVex, type VexDocument } from "../gates/openvex";
import { describeProblems } from "../gates/parse-result";
import { canonicalJson } from "../lib/canonical-json";
import type { Clock } from "../lib/clock";
import { DomainError } from "../lib/domain-error";
import { signWithPurpose } from "../signing/sign-with-purpose";
import { transactionWithSigningAudit } from "../signing/signing-failure";
import { buildOpenVex } from "./build-openvex";
import { releasePurls } from "./load-gate-inputs";
import {
  type ImportVexInput,
  type RecordVexInput,
  type VexScopeInput,
  ZImportVexInput,
  ZRecordVexInput,
} from "./schemas";
import { describeScope } from "./vex-exception-row";

export const OPENVEX_PAYLOAD_TYPE = "application/vnd.openvex+json";
const MAX_VEX_DAYS = 366;

export type VexContext = { actor: AuditActor & { id: string }; request?: AuditRequestMeta; clock: Clock };

type ResolvedScope = { scope: VexScopeInput; releaseLabel: string | null; products: string[] };

/** The scope must name something the portal knows: a release, or a product with at least one release. */
async function resolveScope(db: PortalTx, scope: VexScopeInput): Promise<ResolvedScope> {
  if (scope.kind === "RELEASE") {
    const release = await db.release.findUnique({
      where: { id: scope.releaseId },
      select: { product: true, version: true, artifacts: { select: { sha256: true } } },
    });
    if (!release) throw new DomainError("NOT_FOUND", "No such release", { field: "scope.releaseId" });
    return {
      scope,
      releaseLabel: `${release.product} ${release.version}`,
      products: [
        ...release.artifacts.map((artifact) => `sha256:${artifact.sha256}`),
        ...releasePurls(release.product, release.version).slice(1),
      ],
    };
  }
  if (scope.kind === "PRODUCT") {
    const known = await db.release.findMany({
      where: { product: scope.product },
      select: { version: true },
    });
    if (known.length === 0) {
      throw new DomainError("BAD_REQUEST", `No release of a product "${scope.product}" is registered`, {
        field: "scope.product",
      });
    }
    const unknown = scope.versions.filter((version) => !known.some((row) => row.version === version));
    if (unknown.length > 0) {
      throw new DomainError(
        "BAD_REQUEST",
        `${scope.product} has no registered version ${unknown.join(", ")}`,
        { field: "scope.versions" },
      );
    }
    return { scope, releaseLabel: null, products: [releasePurls(scope.product, "")[0] as string] };
  }
  return { scope, releaseLabel: null, products: [] };
}

function checkExpiry(expiresAt: Date, now: Date): void {
  if (expiresAt.getTime() <= now.getTime()) {
    throw new DomainError("BAD_REQUEST", "The expiry must be in the future", { field: "expiresAt" });
  }
  if (expiresAt.getTime() - now.getTime() > MAX_VEX_DAYS * 86_400_000) {
    throw new DomainError("BAD_REQUEST", `An exception lasts at most ${MAX_VEX_DAYS} days: review it then`, {
      field: "expiresAt",
    });
  }
}

async function signAndStore(
  tx: PortalTx,
  context: VexContext,
  options: {
    document: unknown;
    parsed: VexDocument;
    resolved: ResolvedScope;
    expiresAt: Date;
    source: "CREATED" | "IMPORTED";
    /** the officer's own words, when the document keeps them in status_notes */
    impactStatement?: string | null;
  },
): Promise<{ id: string; documentSha256: string; keyId: string }> {
  const payload = Buffer.from(canonicalJson(options.document), "utf8");
  const documentSha256 = createHash("sha256").update(payload).digest("hex");
  const signed = await signWithPurpose(tx, {
    purpose: "attestation",
    payloadType: OPENVEX_PAYLOAD_TYPE,
    payload,
    subjectDigest: `sha256:${documentSha256}`,
    requester: context.actor,
    request: context.request,
    clock: context.clock,
  });
  const statement = options.parsed.statements[0];
  if (!statement) throw new DomainError("BAD_REQUEST", "The VEX document has no statement");
  const { scope } = options.resolved;
  const row = await tx.vexException.create({
    data: {
      document: options.document as object,
      documentSha256,
      envelope: signed.envelope as unknown as object,
      keyId: signed.keyId,
      vulnerability: statement.vulnerability,
      status: statement.status,
      justification: statement.justification,
      impactStatement: options.impactStatement ?? statement.impactStatement,
      scopeKind: scope.kind,
      product: scope.kind === "PRODUCT" ? scope.product : null,
      versions: scope.kind === "PRODUCT" ? scope.versions : [],
      releaseId: scope.kind === "RELEASE" ? scope.releaseId : null,
      expiresAt: options.expiresAt,
      source: options.source,
      createdAt: context.clock.now(),
      createdById: context.actor.id,
      createdByName: context.actor.name,
    },
    select: { id: true, scopeKind: true, product: true, versions: true },
  });
  await appendAudit(tx, {
    payload: {
      type: "vex.exception_recorded",
      vulnerability: options.parsed.statements.map((entry) => entry.vulnerability).join(", "),
      status: statement.status,
      justification: statement.justification,
      scope: describeScope(row, options.resolved.releaseLabel ?? undefined),
      expiresAt: options.expiresAt.toISOString(),
      documentSha256,
      keyId: signed.keyId,
      source: options.source,
    },
    actor: context.actor,
    subject: { type: "vex-exception", id: row.id },
    request: context.request,
    clock: context.clock,
  });
  return { id: row.id, documentSha256, keyId: signed.keyId };
}

async function refused<T>(prisma: PortalPrisma, context: VexContext, error: unknown): Promise<T> {
  if (error instanceof DomainError && error.code !== "NOT_FOUND") {
    await prisma.$transaction((tx) =>
      appendAudit(tx, {
        payload: { type: "vex.import_refused", reason: error.message },
        actor: context.actor,
        subject: { type: "vex-exception" },
        request: context.request,
        clock: context.clock,
      }),
    );
  }
  throw error;
}

export async function recordVexException(
  prisma: PortalPrisma,
  context: VexContext,
  input: RecordVexInput,
): Promise<{ id: string; documentSha256: string; keyId: string }> {
  const valid = ZRecordVexInput.parse(input);
  const now = context.clock.now();
  checkExpiry(valid.expiresAt, now);
  return transactionWithSigningAudit(prisma, async (tx) => {
    const resolved = await resolveScope(tx, valid.scope);
    const products = [...resolved.products, ...(valid.packagePurl ? [valid.packagePurl] : [])];
    if (products.length === 0) {
      throw new DomainError(
        "BAD_REQUEST",
        "An exception for every release must name the vulnerable package (its package URL)",
        { field: "packagePurl" },
      );
    }
    const built = buildOpenVex({
      id: `urn:uuid:${randomUUID()}`,
      vulnerability: valid.vulnerability,
      status: valid.status,
      justification: valid.justification,
      impactStatement: valid.impactStatement,
      actionStatement: valid.actionStatement,
      products,
      author: context.actor.name,
      timestamp: now,
    });
    return signAndStore(tx, context, {
      document: built.document,
      parsed: built.parsed,
      resolved,
      expiresAt: valid.expiresAt,
      source: "CREATED",
      impactStatement: valid.impactStatement ?? null,
    });
  });
}

export async function importVexDocument(
  prisma: PortalPrisma,
  context: VexContext,
  input: ImportVexInput,
): Promise<{ id: string; documentSha256: string; keyId: string }> {
  try {
    const valid = ZImportVexInput.parse(input);
    checkExpiry(valid.expiresAt, context.clock.now());
    const parsed = parseOpenVex(valid.document);
    if (!parsed.ok) {
      throw new DomainError(
        "BAD_REQUEST",
        `Not a valid OpenVEX document: ${describeProblems(parsed.problems)}`,
        {
          field: "document",
          problems: parsed.problems,
        },
      );
    }
    const document = typeof valid.document === "string" ? JSON.parse(valid.document) : valid.document;
    return await transactionWithSigningAudit(prisma, async (tx) =>
      signAndStore(tx, context, {
        document,
        parsed: parsed.value,
        resolved: await resolveScope(tx, valid.scope),
        expiresAt: valid.expiresAt,
        source: "IMPORTED",
      }),
    );
  } catch (error) {
    return refused(prisma, context, error);
  }
}
