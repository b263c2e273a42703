// A stored VEX exception as the gate evaluator takes it: the signed OpenVEX document with the portal's scope,
// expiry and signer around it (server/gates/gate-inputs.ts, vex).
import type { Prisma } from "../db/generated/client";
import type { GateInputsInput } from "../gates/gate-inputs";

export type VexExceptionRow = Prisma.VexExceptionGetPayload<object>;

export const VEX_SCOPE_KINDS = ["ALL", "PRODUCT", "RELEASE"] as const;
export type VexScopeKind = (typeof VEX_SCOPE_KINDS)[number];

type VexInput = NonNullable<GateInputsInput["vex"]>[number];

export function scopeOf(
  row: Pick<VexExceptionRow, "scopeKind" | "product" | "versions" | "releaseId">,
): VexInput["scope"] {
  if (row.scopeKind === "RELEASE" && row.releaseId) return { kind: "release", releaseId: row.releaseId };
  if (row.scopeKind === "PRODUCT" && row.product) {
    return { kind: "product", product: row.product, versions: row.versions.length > 0 ? row.versions : null };
  }
  return { kind: "all" };
}

/** "release portal 2.4.0", "portal 2.4.x versions 2.4.0, 2.4.1", "every release" */
export function describeScope(
  row: Pick<VexExceptionRow, "scopeKind" | "product" | "versions">,
  releaseLabel?: string,
): string {
  if (row.scopeKind === "RELEASE") return releaseLabel ? `release ${releaseLabel}` : "one release";
  if (row.scopeKind === "PRODUCT") {
    return row.versions.length > 0
      ? `${row.product} versions ${row.versions.join(", ")}`
      : `every version of ${row.product}`;
  }
  return "every release";
}

export function vexExceptionInput(row: VexExceptionRow): VexInput {
  return {
    document: row.document,
    scope: scopeOf(row),
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
    signedBy: row.createdByName,
  };
}
